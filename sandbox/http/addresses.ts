// Address Configurations (/v1/Configuration/Addresses): which proxy addresses autocreate
// a conversation for an unknown inbound sender, and what to attach to it.
import type { AddressConfigurationRecord, AutoCreation } from '../state';
import type { FlatParams } from '../validate';
import { checkAutoCreation, addAddressConfiguration } from '../domain/addresses';
import { defaultAutoCreation } from '../domain/addresses';
import { notFound } from '../errors';
import { page } from './paging';
import { renderAddressConfiguration } from './render';
import { type Handler, bool, int, list, str } from './api';

function autoCreationFrom(params: FlatParams, base: AutoCreation): AutoCreation {
  return {
    enabled: bool(params, 'AutoCreation.Enabled') ?? base.enabled,
    type: (str(params, 'AutoCreation.Type') as AutoCreation['type'] | undefined) ?? base.type,
    conversationServiceSid: str(params, 'AutoCreation.ConversationServiceSid') ?? base.conversationServiceSid,
    webhookUrl: str(params, 'AutoCreation.WebhookUrl') ?? base.webhookUrl,
    webhookMethod: (str(params, 'AutoCreation.WebhookMethod') ?? base.webhookMethod).toUpperCase() === 'GET' ? 'GET' : 'POST',
    webhookFilters: list(params, 'AutoCreation.WebhookFilters') ?? base.webhookFilters,
    studioFlowSid: str(params, 'AutoCreation.StudioFlowSid') ?? base.studioFlowSid,
    studioRetryCount: int(params, 'AutoCreation.StudioRetryCount') ?? base.studioRetryCount,
  };
}

function find(req: Parameters<Handler>[0]): AddressConfigurationRecord {
  const key = req.pathParams.Sid;
  const a = req.ctx.state.addressConfigurations.get(key) ?? [...req.ctx.state.addressConfigurations.values()].find((x) => x.address === key);
  if (!a) throw notFound('address configuration', req.path);
  return a;
}

const create: Handler = (req) => {
  const record = addAddressConfiguration(req.ctx, {
    type: str(req.params, 'Type') ?? 'sms',
    address: str(req.params, 'Address') ?? '',
    friendlyName: str(req.params, 'FriendlyName'),
    addressCountry: str(req.params, 'AddressCountry'),
    autoCreation: autoCreationFrom(req.params, defaultAutoCreation()),
  });
  return { status: 201, body: renderAddressConfiguration(req.ctx.state, record) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderAddressConfiguration(req.ctx.state, find(req)) });

const update: Handler = (req) => {
  const record = find(req);
  const auto = autoCreationFrom(req.params, record.autoCreation);
  checkAutoCreation(auto);
  record.autoCreation = auto;
  record.friendlyName = str(req.params, 'FriendlyName') ?? record.friendlyName;
  record.dateUpdated = req.ctx.clock.now();
  return { status: 200, body: renderAddressConfiguration(req.ctx.state, record) };
};

const remove: Handler = (req) => {
  req.ctx.state.addressConfigurations.delete(find(req).sid);
  return { status: 204 };
};

const listAll: Handler = (req) => {
  const type = str(req.params, 'Type');
  const items = [...req.ctx.state.addressConfigurations.values()].filter((a) => !type || a.type === type);
  const body = page(
    items,
    { params: req.params, url: 'https://conversations.twilio.com/v1/Configuration/Addresses', key: 'address_configurations', filters: [['Type', type]] },
    (a) => renderAddressConfiguration(req.ctx.state, a),
  );
  return { status: 200, body };
};

export const addressHandlers: Record<string, Handler> = {
  CreateConfigurationAddress: create,
  FetchConfigurationAddress: fetch,
  UpdateConfigurationAddress: update,
  DeleteConfigurationAddress: remove,
  ListConfigurationAddress: listAll,
};
