// Everything the sandbox knows, in memory. Records keep Twilio's field meanings but use
// epoch milliseconds for dates; resources/render.ts turns them into API JSON.

/** `initializing`: ConversationWithParticipants is still creating the participants (https://www.twilio.com/docs/api/errors/50386). */
export type ConversationState = 'initializing' | 'active' | 'inactive' | 'closed';
export type Channel = 'sms' | 'whatsapp';
export type Source = 'API' | 'SDK' | 'SMS' | 'WHATSAPP';

export type ConversationRecord = {
  sid: string;
  serviceSid: string;
  messagingServiceSid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  state: ConversationState;
  dateCreated: number;
  dateUpdated: number;
  /** Durations from the last activity, and the resulting due dates. */
  timers: { inactiveMs?: number; closedMs?: number; dateInactive?: number; dateClosed?: number };
  createdBy: string;
  /** Next message index (indexes are never reused, even after a delete). */
  nextIndex: number;
  lastActivity: number;
};

export type MessagingBinding = { type: Channel; address: string; proxyAddress: string } | { type: 'sms'; projectedAddress: string };

export type ParticipantRecord = {
  sid: string;
  conversationSid: string;
  serviceSid: string;
  identity: string | null;
  userSid: string | null;
  attributes: string;
  binding: MessagingBinding | null;
  roleSid: string;
  dateCreated: number;
  dateUpdated: number;
  lastReadMessageIndex: number | null;
  lastReadTimestamp: string | null;
};

export type MediaRecord = { sid: string; size: number; content_type: string; filename: string };

/** An upload to the Media Content Service; `messageSid` once a message carries it (Twilio's 50508 refuses a second). */
export type StoredMedia = MediaRecord & {
  serviceSid: string;
  bytes: Buffer;
  dateCreated: number;
  messageSid: string | null;
  /** The secret part of the short-lived download URL (links.content_direct_temporary). */
  downloadToken: string;
};

export type MessageRecord = {
  sid: string;
  conversationSid: string;
  serviceSid: string;
  index: number;
  author: string;
  body: string | null;
  media: MediaRecord[] | null;
  attributes: string;
  participantSid: string | null;
  contentSid: string | null;
  dateCreated: number;
  dateUpdated: number;
  source: Source;
  /**
   * What rewrote the body its author sent, for the console: the onMessageAdd pre-event's
   * answer, or a REST update of a message someone else wrote (a policy after publication).
   */
  bodyRewrittenBy: 'pre-event' | 'rest' | null;
};

export type ScopedWebhookTarget = 'webhook' | 'trigger' | 'studio';

export type ScopedWebhookRecord = {
  sid: string;
  conversationSid: string;
  serviceSid: string;
  target: ScopedWebhookTarget;
  url: string | null;
  method: 'GET' | 'POST';
  filters: string[];
  triggers: string[];
  flowSid: string | null;
  replayAfter: number | null;
  dateCreated: number;
  dateUpdated: number;
};

export type UserRecord = {
  sid: string;
  serviceSid: string;
  identity: string;
  friendlyName: string | null;
  attributes: string;
  roleSid: string;
  dateCreated: number;
  dateUpdated: number;
};

export type WebhookConfiguration = {
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  filters: string[];
  method: 'GET' | 'POST';
  target: 'webhook' | 'flex';
};

export type AutoCreation = {
  enabled: boolean;
  type: 'webhook' | 'studio' | 'default';
  conversationServiceSid: string | null;
  webhookUrl: string | null;
  webhookMethod: 'GET' | 'POST';
  webhookFilters: string[];
  studioFlowSid: string | null;
  studioRetryCount: number | null;
};

export type AddressConfigurationRecord = {
  sid: string;
  type: string;
  address: string;
  friendlyName: string | null;
  addressCountry: string | null;
  autoCreation: AutoCreation;
  dateCreated: number;
  dateUpdated: number;
};

export type ExecutionRecord = {
  sid: string;
  flowSid: string;
  conversationSid: string | null;
  contactChannelAddress: string | null;
  status: 'active' | 'ended';
  /** The trigger Studio received, and every message delivered to the execution since. */
  context: { trigger: { conversation: Record<string, string> } };
  messageSids: string[];
  dateCreated: number;
  dateUpdated: number;
};

export type InteractionRecord = {
  sid: string;
  channel: unknown;
  routing: unknown;
  interactionContextSid: string | null;
  webhookTtid: string | null;
  dateCreated: number;
};

/** Sync (https://www.twilio.com/docs/sync/api): the sandbox's one Sync Service, also addressed as `default`. */
/** A Conversations Service of the account; only the sandbox's own (`serviceSid`) holds conversations. */
export type ConversationServiceRecord = { sid: string; friendlyName: string; dateCreated: number; dateUpdated: number };

export type SyncServiceRecord = { sid: string; uniqueName: string; friendlyName: string; dateCreated: number; dateUpdated: number };

/** What every Sync object carries. `revision` is a counter here; Twilio renders it as a string (and in the ETag header). */
type SyncObjectFields = {
  revision: number;
  dateCreated: number;
  dateUpdated: number;
  /** When the TTL runs out; the object stays readable until the eviction sweep removes it. */
  dateExpires: number | null;
  createdBy: string;
};

export type SyncDocumentRecord = SyncObjectFields & { sid: string; uniqueName: string | null; data: Record<string, unknown> };

export type SyncListItemRecord = SyncObjectFields & { index: number; listSid: string; data: Record<string, unknown> };

export type SyncListRecord = SyncObjectFields & {
  sid: string;
  uniqueName: string | null;
  /** Next item index (indexes are never reused, even after a delete). */
  nextIndex: number;
  items: Map<number, SyncListItemRecord>;
};

export type DeliveryStatus = 'sent' | 'delivered' | 'failed' | 'undelivered' | 'read';

export type DeliveryRecord = {
  sid: string;
  messageSid: string;
  conversationSid: string;
  participantSid: string;
  channel: Channel;
  to: string;
  from: string;
  body: string | null;
  mediaSids: string[];
  channelMessageSid: string;
  status: DeliveryStatus;
  errorCode: number | null;
  dateCreated: number;
  dateUpdated: number;
};

export type WebhookDeliveryRecord = {
  id: number;
  kind: 'pre' | 'post';
  /** When it was sent, on the sandbox clock. */
  at: number;
  eventType: string;
  scope: 'service' | 'global' | 'conversation';
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  signature: string;
  /** HTTP status of the answer, or null when there was none (timeout, refused). */
  status: number | null;
  answer: string | null;
  error: string | null;
  outcome: 'pending' | 'unchanged' | 'modified' | 'rejected' | 'timeout' | 'delivered' | 'failed';
  /** 1 for the first delivery, 2 for the duplicate sent with `duplicateWebhooks`. */
  copy: number;
  ms: number;
};

/** A message that never reached (or left) the thread: refused by a pre-event, or removed by REST after publication. Its body is not kept. */
export type RefusedMessage = {
  at: number;
  conversationSid: string;
  author: string;
  source: Source;
  how: 'rejected by the onMessageAdd pre-event' | 'removed by REST after publication';
};

type DroppedInbound = { from: string; to: string; body: string; reason: string; at: number };

type Violation = { at: number; method: string; path: string; status: number; errors: string[] };

/**
 * Lookups by conversation, unique name, binding and identity, so that no request scans every
 * record. Kept by the domain's put and drop functions (domain/indexes.ts), never by hand.
 */
export type StateIndexes = {
  participantsOf: Map<string, Set<string>>;
  messagesOf: Map<string, MessageRecord[]>;
  webhooksOf: Map<string, Set<string>>;
  /** `${serviceSid}/${uniqueName}` -> conversation SID. */
  uniqueNames: Map<string, string>;
  /** `${address}|${proxyAddress}` -> participant SIDs (in any conversation). */
  bindings: Map<string, Set<string>>;
  /** An address or identity -> participant SIDs (ParticipantConversations). */
  participantsByKey: Map<string, Set<string>>;
  /** `${serviceSid}/${identity}` -> user SID. */
  userIdentities: Map<string, string>;
  /** `document/${uniqueName}` or `list/${uniqueName}` -> Sync object SID (each kind has its own names). */
  syncUniqueNames: Map<string, string>;
};

export type ErrorLogEntry = { at: number; code: number; message: string; resourceSid: string };

export type SandboxState = {
  accountSid: string;
  serviceSid: string;
  messagingServiceSid: string;
  conversations: Map<string, ConversationRecord>;
  participants: Map<string, ParticipantRecord>;
  messages: Map<string, MessageRecord>;
  webhooks: Map<string, ScopedWebhookRecord>;
  users: Map<string, UserRecord>;
  globalWebhooks: WebhookConfiguration;
  serviceWebhooks: Map<string, WebhookConfiguration>;
  addressConfigurations: Map<string, AddressConfigurationRecord>;
  executions: Map<string, ExecutionRecord>;
  interactions: Map<string, InteractionRecord>;
  conversationServices: Map<string, ConversationServiceRecord>;
  syncService: SyncServiceRecord;
  syncDocuments: Map<string, SyncDocumentRecord>;
  syncLists: Map<string, SyncListRecord>;
  deliveries: DeliveryRecord[];
  /** Media Content Service uploads, bytes included (sandbox/http/media-content.ts). */
  media: Map<string, StoredMedia>;
  /** Fault injection: how many next uploads answer 503 (only the Media Content Service's). */
  mediaUploadFailures: number;
  webhookDeliveries: WebhookDeliveryRecord[];
  droppedInbound: DroppedInbound[];
  refusedMessages: RefusedMessage[];
  violations: Violation[];
  /** What Twilio's Console error log would show: failures of work done in the background (50427). */
  errorLog: ErrorLogEntry[];
  configuration: { defaultChatServiceSid: string; defaultInactiveTimer: string | null; defaultClosedTimer: string | null };
  index: StateIndexes;
};

export const emptyWebhookConfiguration = (): WebhookConfiguration => ({
  preWebhookUrl: null,
  postWebhookUrl: null,
  filters: [],
  method: 'POST',
  target: 'webhook',
});

export function createState(accountSid: string, serviceSid: string, messagingServiceSid: string, syncService: SyncServiceRecord): SandboxState {
  return {
    accountSid,
    serviceSid,
    messagingServiceSid,
    conversations: new Map(),
    participants: new Map(),
    messages: new Map(),
    webhooks: new Map(),
    users: new Map(),
    globalWebhooks: emptyWebhookConfiguration(),
    serviceWebhooks: new Map([[serviceSid, emptyWebhookConfiguration()]]),
    addressConfigurations: new Map(),
    executions: new Map(),
    interactions: new Map(),
    // The sandbox's own Service, made with it (like its Sync Service); CreateService adds others.
    conversationServices: new Map([
      [
        serviceSid,
        { sid: serviceSid, friendlyName: 'Sandbox Conversations Service', dateCreated: syncService.dateCreated, dateUpdated: syncService.dateCreated },
      ],
    ]),
    syncService,
    syncDocuments: new Map(),
    syncLists: new Map(),
    deliveries: [],
    media: new Map(),
    mediaUploadFailures: 0,
    webhookDeliveries: [],
    droppedInbound: [],
    refusedMessages: [],
    violations: [],
    errorLog: [],
    configuration: { defaultChatServiceSid: serviceSid, defaultInactiveTimer: null, defaultClosedTimer: null },
    index: {
      participantsOf: new Map(),
      messagesOf: new Map(),
      webhooksOf: new Map(),
      uniqueNames: new Map(),
      bindings: new Map(),
      participantsByKey: new Map(),
      userIdentities: new Map(),
      syncUniqueNames: new Map(),
    },
  };
}
