// Webhook configuration: global (/v1/Configuration/Webhooks) and per service
// (/v1/Services/{IS}/Configuration/Webhooks), plus the account configuration
// (/v1/Configuration: default service and default timers).
import { CONVERSATIONS_BASE, type Handler, list, str } from './api';
import { notFound } from '../errors';
import type { WebhookConfiguration } from '../state';
import { emptyWebhookConfiguration } from '../state';
import { renderGlobalWebhooks, renderServiceWebhooks } from './render';
import type { FlatParams } from '../validate';

function applyWebhookParams(config: WebhookConfiguration, params: FlatParams): void {
  const pre = str(params, 'PreWebhookUrl');
  const post = str(params, 'PostWebhookUrl');
  const filters = list(params, 'Filters');
  const method = str(params, 'Method');
  const target = str(params, 'Target');
  if (pre !== undefined) config.preWebhookUrl = pre || null;
  if (post !== undefined) config.postWebhookUrl = post || null;
  if (filters !== undefined) config.filters = filters.filter((f) => f !== '');
  if (method !== undefined) config.method = method.toUpperCase() === 'GET' ? 'GET' : 'POST';
  if (target === 'webhook' || target === 'flex') config.target = target;
}

const fetchGlobal: Handler = (req) => ({ status: 200, body: renderGlobalWebhooks(req.ctx.state, req.ctx.state.globalWebhooks) });

const updateGlobal: Handler = (req) => {
  applyWebhookParams(req.ctx.state.globalWebhooks, req.params);
  return { status: 200, body: renderGlobalWebhooks(req.ctx.state, req.ctx.state.globalWebhooks) };
};

function serviceConfig(req: Parameters<Handler>[0]): WebhookConfiguration {
  const sid = req.pathParams.ChatServiceSid;
  if (sid !== req.ctx.state.serviceSid) throw notFound('service', req.path);
  let config = req.ctx.state.serviceWebhooks.get(sid);
  if (!config) {
    config = emptyWebhookConfiguration();
    req.ctx.state.serviceWebhooks.set(sid, config);
  }
  return config;
}

const fetchService: Handler = (req) => ({ status: 200, body: renderServiceWebhooks(req.ctx.state, req.pathParams.ChatServiceSid, serviceConfig(req)) });

const updateService: Handler = (req) => {
  const config = serviceConfig(req);
  applyWebhookParams(config, req.params);
  return { status: 200, body: renderServiceWebhooks(req.ctx.state, req.pathParams.ChatServiceSid, config) };
};

function renderAccountConfiguration(req: Parameters<Handler>[0]) {
  const { state } = req.ctx;
  return {
    account_sid: state.accountSid,
    default_chat_service_sid: state.configuration.defaultChatServiceSid,
    default_messaging_service_sid: state.messagingServiceSid,
    default_inactive_timer: state.configuration.defaultInactiveTimer,
    default_closed_timer: state.configuration.defaultClosedTimer,
    url: `${CONVERSATIONS_BASE}/Configuration`,
    links: { service: `${CONVERSATIONS_BASE}/Services/${state.serviceSid}`, webhooks: `${CONVERSATIONS_BASE}/Configuration/Webhooks` },
  };
}

const fetchAccount: Handler = (req) => ({ status: 200, body: renderAccountConfiguration(req) });

const updateAccount: Handler = (req) => {
  const inactive = str(req.params, 'DefaultInactiveTimer');
  const closed = str(req.params, 'DefaultClosedTimer');
  // Another Service of the account may become the default (the sandbox emulates one; the SID is kept as given).
  const service = str(req.params, 'DefaultChatServiceSid');
  if (service !== undefined) req.ctx.state.configuration.defaultChatServiceSid = service;
  if (inactive !== undefined) req.ctx.state.configuration.defaultInactiveTimer = inactive || null;
  if (closed !== undefined) req.ctx.state.configuration.defaultClosedTimer = closed || null;
  return { status: 200, body: renderAccountConfiguration(req) };
};

export const configurationHandlers: Record<string, Handler> = {
  FetchConfigurationWebhook: fetchGlobal,
  UpdateConfigurationWebhook: updateGlobal,
  FetchServiceWebhookConfiguration: fetchService,
  UpdateServiceWebhookConfiguration: updateService,
  FetchConfiguration: fetchAccount,
  UpdateConfiguration: updateAccount,
};
