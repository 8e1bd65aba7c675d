// Conversation-scoped webhooks (post-events only, at most 5 per conversation):
// Target=webhook needs Configuration.Url and Filters; trigger needs Url and Triggers;
// studio takes Configuration.FlowSid. twilio-node sends these as flat
// `Configuration.*` form keys (its option keys are 'configuration.flowSid'...).
import type { ConversationRecord, ScopedWebhookRecord, ScopedWebhookTarget } from '../state';
import { TwilioApiError } from '../errors';
import { addScopedWebhook, updateScopedWebhook } from '../domain/scoped-webhooks';
import { dropScopedWebhook, scopedWebhooksOf } from '../domain/indexes';
import { findConversation } from '../domain/conversations';
import { page } from './paging';
import { renderScopedWebhook } from './render';
import { type Handler, int, list as listParam, str } from './api';

function conversationOf(req: Parameters<Handler>[0]): ConversationRecord {
  return findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
}

function findWebhook(req: Parameters<Handler>[0], c: ConversationRecord): ScopedWebhookRecord {
  const w = req.ctx.state.webhooks.get(req.pathParams.Sid);
  if (!w || w.conversationSid !== c.sid) throw new TwilioApiError(404, 20404, `The requested resource ${req.path} was not found`);
  return w;
}

const create: Handler = (req) => {
  const c = conversationOf(req);
  const method = (str(req.params, 'Configuration.Method') ?? 'post').toUpperCase() as 'GET' | 'POST';
  const w = addScopedWebhook(req.ctx, c, {
    target: str(req.params, 'Target') as ScopedWebhookTarget,
    url: str(req.params, 'Configuration.Url') ?? null,
    method,
    filters: listParam(req.params, 'Configuration.Filters') ?? [],
    triggers: listParam(req.params, 'Configuration.Triggers') ?? [],
    flowSid: str(req.params, 'Configuration.FlowSid') ?? null,
    replayAfter: int(req.params, 'Configuration.ReplayAfter') ?? null,
  });
  return { status: 201, body: renderScopedWebhook(req.ctx.state, req.scope, w) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderScopedWebhook(req.ctx.state, req.scope, findWebhook(req, conversationOf(req))) });

const update: Handler = (req) => {
  const w = updateScopedWebhook(req.ctx, findWebhook(req, conversationOf(req)), {
    url: str(req.params, 'Configuration.Url'),
    method: str(req.params, 'Configuration.Method')?.toUpperCase() as 'GET' | 'POST' | undefined,
    filters: listParam(req.params, 'Configuration.Filters'),
    triggers: listParam(req.params, 'Configuration.Triggers'),
    flowSid: str(req.params, 'Configuration.FlowSid'),
  });
  return { status: 200, body: renderScopedWebhook(req.ctx.state, req.scope, w) };
};

const remove: Handler = (req) => {
  dropScopedWebhook(req.ctx.state, findWebhook(req, conversationOf(req)));
  return { status: 204 };
};

const list: Handler = (req) => {
  const c = conversationOf(req);
  const items = scopedWebhooksOf(req.ctx.state, c.sid);
  const body = page(items, { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Webhooks`, key: 'webhooks', filters: [] }, (w) =>
    renderScopedWebhook(req.ctx.state, req.scope, w),
  );
  return { status: 200, body };
};

export const scopedWebhookHandlers: Record<string, Handler> = {
  CreateConversationScopedWebhook: create,
  CreateServiceConversationScopedWebhook: create,
  FetchConversationScopedWebhook: fetch,
  FetchServiceConversationScopedWebhook: fetch,
  UpdateConversationScopedWebhook: update,
  UpdateServiceConversationScopedWebhook: update,
  DeleteConversationScopedWebhook: remove,
  DeleteServiceConversationScopedWebhook: remove,
  ListConversationScopedWebhook: list,
  ListServiceConversationScopedWebhook: list,
};
