// Records -> Twilio's JSON (snake_case, ISO dates, absolute https://*.twilio.com URLs).
// The `scope.base` decides whether URLs use the default-service short form or
// /v1/Services/{IS}/..., matching the path the resource was requested by.
import { CONVERSATIONS_BASE, FLEX_BASE, STUDIO_BASE, type Scope } from './api';
import { isoDate } from '../clock';
import type {
  AddressConfigurationRecord,
  ConversationRecord,
  ExecutionRecord,
  InteractionRecord,
  MessageRecord,
  MessagingBinding,
  ParticipantRecord,
  SandboxState,
  ScopedWebhookRecord,
  UserRecord,
  WebhookConfiguration,
} from '../state';

const maybeDate = (ms: number | undefined) => (ms === undefined ? undefined : isoDate(ms));

function timers(c: ConversationRecord): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.state !== 'closed') {
    if (c.timers.dateInactive !== undefined && c.state === 'active') out.date_inactive = isoDate(c.timers.dateInactive);
    if (c.timers.dateClosed !== undefined) out.date_closed = isoDate(c.timers.dateClosed);
  }
  return out;
}

export function renderConversation(state: SandboxState, scope: Scope, c: ConversationRecord) {
  const url = `${scope.base}/Conversations/${c.sid}`;
  return {
    account_sid: state.accountSid,
    chat_service_sid: c.serviceSid,
    messaging_service_sid: c.messagingServiceSid,
    sid: c.sid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    state: c.state,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    timers: timers(c),
    url,
    links: { participants: `${url}/Participants`, messages: `${url}/Messages`, webhooks: `${url}/Webhooks`, export: `${url}/Export` },
    bindings: null,
  };
}

function renderBinding(binding: MessagingBinding | null) {
  if (!binding) return null;
  if ('projectedAddress' in binding) return { type: binding.type, projected_address: binding.projectedAddress };
  return { type: binding.type, address: binding.address, proxy_address: binding.proxyAddress };
}

export function renderParticipant(state: SandboxState, scope: Scope, p: ParticipantRecord) {
  return {
    account_sid: state.accountSid,
    ...(scope.base !== CONVERSATIONS_BASE ? { chat_service_sid: p.serviceSid } : {}),
    conversation_sid: p.conversationSid,
    sid: p.sid,
    identity: p.identity,
    attributes: p.attributes,
    messaging_binding: renderBinding(p.binding),
    role_sid: p.roleSid,
    date_created: isoDate(p.dateCreated),
    date_updated: isoDate(p.dateUpdated),
    url: `${scope.base}/Conversations/${p.conversationSid}/Participants/${p.sid}`,
    last_read_message_index: p.lastReadMessageIndex,
    last_read_timestamp: p.lastReadTimestamp,
  };
}

/** A message's receipts: the deliveries it went out in (its `delivery` summary and the Receipts resource agree by construction). */
export const receiptsOf = (state: SandboxState, m: MessageRecord) => state.deliveries.filter((d) => d.messageSid === m.sid);

export function renderMessage(state: SandboxState, scope: Scope, m: MessageRecord) {
  const url = `${scope.base}/Conversations/${m.conversationSid}/Messages/${m.sid}`;
  const receipts = receiptsOf(state, m);
  return {
    account_sid: state.accountSid,
    ...(scope.base !== CONVERSATIONS_BASE ? { chat_service_sid: m.serviceSid } : {}),
    conversation_sid: m.conversationSid,
    sid: m.sid,
    index: m.index,
    author: m.author,
    body: m.body,
    media: m.media,
    attributes: m.attributes,
    participant_sid: m.participantSid,
    date_created: isoDate(m.dateCreated),
    date_updated: isoDate(m.dateUpdated),
    delivery: receipts.length ? deliverySummary(receipts.map((r) => r.status)) : null,
    content_sid: m.contentSid,
    url,
    links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
  };
}

/** Twilio's message `delivery` summary: per status "all" | "some" | "none". */
function deliverySummary(statuses: string[]) {
  const share = (wanted: string[]) => {
    const n = statuses.filter((s) => wanted.includes(s)).length;
    return n === 0 ? 'none' : n === statuses.length ? 'all' : 'some';
  };
  return {
    total: statuses.length,
    sent: share(['sent', 'delivered', 'read']),
    delivered: share(['delivered', 'read']),
    read: share(['read']),
    failed: share(['failed']),
    undelivered: share(['undelivered']),
  };
}

export function renderScopedWebhook(state: SandboxState, scope: Scope, w: ScopedWebhookRecord) {
  const configuration: Record<string, unknown> = {};
  if (w.url !== null) configuration.url = w.url;
  if (w.target !== 'studio') configuration.method = w.method.toLowerCase();
  if (w.filters.length) configuration.filters = w.filters;
  if (w.triggers.length) configuration.triggers = w.triggers;
  if (w.flowSid !== null) configuration.flow_sid = w.flowSid;
  if (w.replayAfter !== null) configuration.replay_after = w.replayAfter;
  return {
    sid: w.sid,
    account_sid: state.accountSid,
    ...(scope.base !== CONVERSATIONS_BASE ? { chat_service_sid: w.serviceSid } : {}),
    conversation_sid: w.conversationSid,
    target: w.target,
    url: `${scope.base}/Conversations/${w.conversationSid}/Webhooks/${w.sid}`,
    configuration,
    date_created: isoDate(w.dateCreated),
    date_updated: isoDate(w.dateUpdated),
  };
}

export function renderUser(state: SandboxState, scope: Scope, u: UserRecord) {
  const url = `${scope.base}/Users/${u.sid}`;
  return {
    sid: u.sid,
    account_sid: state.accountSid,
    chat_service_sid: u.serviceSid,
    role_sid: u.roleSid,
    identity: u.identity,
    friendly_name: u.friendlyName,
    attributes: u.attributes,
    is_online: null,
    is_notifiable: null,
    date_created: isoDate(u.dateCreated),
    date_updated: isoDate(u.dateUpdated),
    url,
    links: { user_conversations: `${url}/Conversations` },
  };
}

export function renderParticipantConversation(state: SandboxState, scope: Scope, p: ParticipantRecord, c: ConversationRecord) {
  const conversationUrl = `${scope.base}/Conversations/${c.sid}`;
  return {
    account_sid: state.accountSid,
    chat_service_sid: c.serviceSid,
    participant_sid: p.sid,
    participant_user_sid: p.userSid,
    participant_identity: p.identity,
    participant_messaging_binding: renderBinding(p.binding),
    conversation_sid: c.sid,
    conversation_unique_name: c.uniqueName,
    conversation_friendly_name: c.friendlyName,
    conversation_attributes: c.attributes,
    conversation_date_created: isoDate(c.dateCreated),
    conversation_date_updated: isoDate(c.dateUpdated),
    conversation_created_by: c.createdBy,
    conversation_state: c.state,
    conversation_timers: timers(c),
    links: { participant: `${conversationUrl}/Participants/${p.sid}`, conversation: conversationUrl },
  };
}

export function renderGlobalWebhooks(state: SandboxState, config: WebhookConfiguration) {
  return {
    account_sid: state.accountSid,
    method: config.method,
    filters: config.filters,
    pre_webhook_url: config.preWebhookUrl,
    post_webhook_url: config.postWebhookUrl,
    target: config.target,
    url: `${CONVERSATIONS_BASE}/Configuration/Webhooks`,
  };
}

export function renderServiceWebhooks(state: SandboxState, serviceSid: string, config: WebhookConfiguration) {
  return {
    account_sid: state.accountSid,
    chat_service_sid: serviceSid,
    pre_webhook_url: config.preWebhookUrl,
    post_webhook_url: config.postWebhookUrl,
    filters: config.filters,
    method: config.method,
    url: `${CONVERSATIONS_BASE}/Services/${serviceSid}/Configuration/Webhooks`,
  };
}

export function renderAddressConfiguration(state: SandboxState, a: AddressConfigurationRecord) {
  const auto = a.autoCreation;
  return {
    sid: a.sid,
    account_sid: state.accountSid,
    type: a.type,
    address: a.address,
    friendly_name: a.friendlyName,
    auto_creation: {
      enabled: auto.enabled,
      type: auto.type,
      conversation_service_sid: auto.conversationServiceSid,
      ...(auto.type === 'webhook' ? { webhook_url: auto.webhookUrl, webhook_method: auto.webhookMethod, webhook_filters: auto.webhookFilters } : {}),
      ...(auto.type === 'studio' ? { studio_flow_sid: auto.studioFlowSid, studio_retry_count: auto.studioRetryCount } : {}),
    },
    date_created: isoDate(a.dateCreated),
    date_updated: isoDate(a.dateUpdated),
    url: `${CONVERSATIONS_BASE}/Configuration/Addresses/${a.sid}`,
    address_country: a.addressCountry,
  };
}

export function renderExecution(state: SandboxState, e: ExecutionRecord) {
  const url = `${STUDIO_BASE}/Flows/${e.flowSid}/Executions/${e.sid}`;
  return {
    sid: e.sid,
    account_sid: state.accountSid,
    flow_sid: e.flowSid,
    contact_channel_address: e.contactChannelAddress,
    context: e.context,
    status: e.status,
    date_created: isoDate(e.dateCreated),
    date_updated: maybeDate(e.dateUpdated) ?? null,
    url,
    links: { steps: `${url}/Steps`, execution_context: `${url}/Context` },
  };
}

export function renderInteraction(i: InteractionRecord) {
  return {
    sid: i.sid,
    channel: i.channel,
    routing: i.routing,
    url: `${FLEX_BASE}/Interactions/${i.sid}`,
    links: { channels: `${FLEX_BASE}/Interactions/${i.sid}/Channels` },
    interaction_context_sid: i.interactionContextSid,
    webhook_ttid: i.webhookTtid,
  };
}
