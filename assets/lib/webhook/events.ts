// Conversations webhooks as typed events: a closed union keyed by `eventType`, parsed from
// the flat form Twilio posts (all values are strings; `MessagingBinding.Address` is one key).
// Anything we cannot read becomes the `unknown` case: the endpoint answers it 200 `{}`,
// because any 4xx/5xx on a pre-event would block the user's action.
// Fields: https://www.twilio.com/docs/conversations/conversations-webhooks.

import * as v from 'valibot';
import { POST_EVENT_TYPES, PRE_EVENT_TYPES, type EventType, type PreEventType } from './event-types';

export { POST_EVENT_TYPES, PRE_EVENT_TYPES } from './event-types';

export type { EventType, PostEventType, PreEventType } from './event-types';

const PRE = new Set<string>(PRE_EVENT_TYPES);
const POST = new Set<string>(POST_EVENT_TYPES);

export function isPreEventType(type: string): type is PreEventType {
  return PRE.has(type);
}

function isEventType(type: string): type is EventType {
  return PRE.has(type) || POST.has(type);
}

/** Where the action came from: SDK, API, SMS, WHATSAPP, ... (kept open: Twilio adds channels). */
export type EventSource = 'SDK' | 'API' | 'SMS' | 'WHATSAPP' | (string & {});

/** Sent with every event. */
type CommonFields = {
  accountSid: string;
  /** The Conversations Service the event belongs to (most events carry it). */
  chatServiceSid?: string;
  source?: EventSource;
  /** The chat identity that acted (SDK actions only). */
  clientIdentity?: string;
  /** Seen in the wild on redeliveries; not documented. */
  retryCount?: number;
};

export type MessagingBinding = {
  address?: string;
  proxyAddress?: string;
  projectedAddress?: string;
  authorAddress?: string;
  /** SMS, CHAT, WHATSAPP (participant events). */
  type?: string;
};

export type MediaItem = { sid?: string; filename?: string; contentType?: string; size?: number };

type Dates = { dateCreated?: string; dateUpdated?: string };

/** A message about to be added (no SID yet). */
type MessageDraftFields = {
  conversationSid: string;
  body?: string;
  author?: string;
  participantSid?: string;
  /** JSON string, as Twilio sends and expects it back. */
  attributes?: string;
  media?: MediaItem[];
};

type MessageFields = MessageDraftFields & Dates & { messageSid: string; messagingServiceSid?: string; index?: number; dateRemoved?: string };

type ConversationFields = Dates & {
  friendlyName?: string;
  uniqueName?: string;
  attributes?: string;
  chatServiceSid?: string;
  messagingServiceSid?: string;
  state?: string;
  messagingBinding: MessagingBinding;
};

/**
 * onConversationAdd carries no SID yet; every later conversation event does. When an inbound
 * SMS or WhatsApp autocreates the conversation, it also carries that first message
 * (`MessageBody`, `Media`): Twilio sends no onMessageAdd for it.
 */
type ConversationDraftFields = ConversationFields & { conversationSid?: string; messageBody?: string; media?: MediaItem[] };
type ExistingConversationFields = ConversationFields & { conversationSid: string; dateRemoved?: string };

type ConversationStateFields = {
  conversationSid: string;
  chatServiceSid?: string;
  messagingServiceSid?: string;
  stateFrom?: string;
  stateTo?: string;
  stateUpdated?: string;
  /** TIMER or API. */
  reason?: string;
};

type ParticipantDraftFields = {
  conversationSid: string;
  identity?: string;
  roleSid?: string;
  attributes?: string;
  messagingBinding: MessagingBinding;
};

type ParticipantFields = ParticipantDraftFields & Dates & { participantSid: string; lastReadMessageIndex?: number; dateRemoved?: string };

type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered' | (string & {});

type DeliveryFields = Dates & {
  conversationSid: string;
  chatServiceSid?: string;
  messageSid: string;
  deliveryReceiptSid?: string;
  channelMessageSid?: string;
  participantSid?: string;
  status: DeliveryStatus;
  /** Twilio error code of a failed delivery (0 or absent when none). */
  errorCode?: number;
};

type UserFields = Dates & {
  chatServiceSid?: string;
  userSid?: string;
  identity?: string;
  friendlyName?: string;
  attributes?: string;
  roleSid?: string;
  isOnline?: boolean;
  isNotifiable?: boolean;
};

/** The fields of each event type. */
type EventFields = {
  onMessageAdd: MessageDraftFields;
  onMessageUpdate: MessageFields;
  onMessageRemove: MessageFields;
  onMessageAdded: MessageFields;
  onMessageUpdated: MessageFields;
  onMessageRemoved: MessageFields;
  onConversationAdd: ConversationDraftFields;
  onConversationUpdate: ExistingConversationFields;
  onConversationRemove: ExistingConversationFields;
  onConversationAdded: ExistingConversationFields;
  onConversationUpdated: ExistingConversationFields;
  onConversationRemoved: ExistingConversationFields;
  onConversationStateUpdated: ConversationStateFields;
  onParticipantAdd: ParticipantDraftFields;
  onParticipantUpdate: ParticipantFields;
  onParticipantRemove: ParticipantFields;
  onParticipantAdded: ParticipantFields;
  onParticipantUpdated: ParticipantFields;
  onParticipantRemoved: ParticipantFields;
  onDeliveryUpdated: DeliveryFields;
  onUserAdded: UserFields;
  onUserUpdate: UserFields;
  onUserUpdated: UserFields;
};

export type KnownEvent = { [T in EventType]: { eventType: T } & CommonFields & EventFields[T] }[EventType];
export type EventOf<T extends EventType> = Extract<KnownEvent, { eventType: T }>;

/** Not an event we know, or one missing a field we need: answered 200 `{}`, logged. */
type UnknownEvent = { eventType: 'unknown'; receivedType?: string; problem: string; source?: string };

export type WebhookEvent = KnownEvent | UnknownEvent;

type Params = Readonly<Record<string, unknown>>;

class MissingField extends Error {
  constructor(
    readonly field: string,
    readonly problem = 'missing',
  ) {
    super(`${problem} ${field}`);
  }
}

// The SID fields and their prefixes: a value of another shape is not Twilio's (and would
// otherwise end up in a REST path), so the event is not read at all.
const SID_PREFIXES: Readonly<Record<string, string>> = {
  AccountSid: 'AC',
  ChatServiceSid: 'IS',
  ConversationSid: 'CH',
  MessageSid: 'IM',
  MessagingServiceSid: 'MG',
  ParticipantSid: 'MB',
  DeliveryReceiptSid: 'DY',
  UserSid: 'US',
  RoleSid: 'RL',
};

/** Reads one flat form: every value a string; an empty or repeated value counts as absent. */
function reader(params: Params) {
  const text = (name: string): string | undefined => {
    const value = params[name];
    if (typeof value !== 'string' || value === '') return undefined;
    const prefix = SID_PREFIXES[name];
    if (prefix !== undefined && !new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)) throw new MissingField(name, 'malformed');
    return value;
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined) throw new MissingField(name);
    return value;
  };
  const integer = (name: string): number | undefined => {
    const value = text(name);
    return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
  };
  const boolean = (name: string): boolean | undefined => {
    const value = text(name)?.toLowerCase();
    return value === 'true' ? true : value === 'false' ? false : undefined;
  };
  const binding = (): MessagingBinding =>
    dropUndefined({
      address: text('MessagingBinding.Address'),
      proxyAddress: text('MessagingBinding.ProxyAddress'),
      projectedAddress: text('MessagingBinding.ProjectedAddress'),
      authorAddress: text('MessagingBinding.AuthorAddress'),
      type: text('MessagingBinding.Type'),
    });
  const dates = () => dropUndefined({ dateCreated: text('DateCreated'), dateUpdated: text('DateUpdated') });
  return { text, required, integer, boolean, binding, dates, media: () => parseMedia(text('Media')) };
}

type Reader = ReturnType<typeof reader>;

function dropUndefined<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

/** `Media` is a JSON string of objects; the key casing differs between sources, so both are read. */
export function parseMedia(raw: string | undefined): MediaItem[] | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  return parsed.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const field = (...names: string[]) => names.map((name) => (item as Record<string, unknown>)[name]).find((value) => value !== undefined);
    const asText = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const size = field('Size', 'size');
    return [
      dropUndefined({
        sid: asText(field('Sid', 'sid', 'MediaSid')),
        filename: asText(field('Filename', 'filename')),
        contentType: asText(field('ContentType', 'content_type', 'contentType')),
        size: typeof size === 'number' ? size : typeof size === 'string' && /^\d+$/.test(size) ? Number(size) : undefined,
      }),
    ];
  });
}

const messageDraft = (r: Reader): MessageDraftFields =>
  dropUndefined({
    conversationSid: r.required('ConversationSid'),
    body: r.text('Body'),
    author: r.text('Author'),
    participantSid: r.text('ParticipantSid'),
    attributes: r.text('Attributes'),
    media: r.media(),
  });

const message = (r: Reader): MessageFields =>
  dropUndefined({
    ...messageDraft(r),
    ...r.dates(),
    messageSid: r.required('MessageSid'),
    messagingServiceSid: r.text('MessagingServiceSid'),
    index: r.integer('Index'),
    dateRemoved: r.text('DateRemoved'),
  });

const conversationDraft = (r: Reader): ConversationDraftFields =>
  dropUndefined({
    conversationSid: r.text('ConversationSid'),
    friendlyName: r.text('FriendlyName'),
    uniqueName: r.text('UniqueName'),
    attributes: r.text('Attributes'),
    chatServiceSid: r.text('ChatServiceSid'),
    messagingServiceSid: r.text('MessagingServiceSid'),
    state: r.text('State'),
    messagingBinding: r.binding(),
    ...r.dates(),
  });

const conversationAdd = (r: Reader): ConversationDraftFields =>
  dropUndefined({ ...conversationDraft(r), messageBody: r.text('MessageBody'), media: r.media() });

const conversation = (r: Reader): ExistingConversationFields =>
  dropUndefined({ ...conversationDraft(r), conversationSid: r.required('ConversationSid'), dateRemoved: r.text('DateRemoved') });

const conversationState = (r: Reader): ConversationStateFields =>
  dropUndefined({
    conversationSid: r.required('ConversationSid'),
    chatServiceSid: r.text('ChatServiceSid'),
    messagingServiceSid: r.text('MessagingServiceSid'),
    stateFrom: r.text('StateFrom'),
    stateTo: r.text('StateTo'),
    stateUpdated: r.text('StateUpdated'),
    reason: r.text('Reason'),
  });

const participantDraft = (r: Reader): ParticipantDraftFields =>
  dropUndefined({
    conversationSid: r.required('ConversationSid'),
    identity: r.text('Identity'),
    roleSid: r.text('RoleSid'),
    attributes: r.text('Attributes'),
    messagingBinding: r.binding(),
  });

const participant = (r: Reader): ParticipantFields =>
  dropUndefined({
    ...participantDraft(r),
    ...r.dates(),
    participantSid: r.required('ParticipantSid'),
    lastReadMessageIndex: r.integer('LastReadMessageIndex'),
    dateRemoved: r.text('DateRemoved'),
  });

const delivery = (r: Reader): DeliveryFields =>
  dropUndefined({
    conversationSid: r.required('ConversationSid'),
    chatServiceSid: r.text('ChatServiceSid'),
    messageSid: r.required('MessageSid'),
    deliveryReceiptSid: r.text('DeliveryReceiptSid'),
    channelMessageSid: r.text('ChannelMessageSid'),
    participantSid: r.text('ParticipantSid'),
    status: r.required('Status'),
    errorCode: r.integer('ErrorCode'),
    ...r.dates(),
  });

const user = (r: Reader): UserFields =>
  dropUndefined({
    chatServiceSid: r.text('ChatServiceSid'),
    userSid: r.text('UserSid'),
    identity: r.text('Identity'),
    friendlyName: r.text('FriendlyName'),
    attributes: r.text('Attributes'),
    roleSid: r.text('RoleSid'),
    isOnline: r.boolean('IsOnline'),
    isNotifiable: r.boolean('IsNotifiable'),
    ...r.dates(),
  });

// One reader per event type: the mapped type makes a missing or mistyped entry a compile error.
const FIELD_READERS: { [T in EventType]: (r: Reader) => EventFields[T] } = {
  onMessageAdd: messageDraft,
  onMessageUpdate: message,
  onMessageRemove: message,
  onMessageAdded: message,
  onMessageUpdated: message,
  onMessageRemoved: message,
  onConversationAdd: conversationAdd,
  onConversationUpdate: conversation,
  onConversationRemove: conversation,
  onConversationAdded: conversation,
  onConversationUpdated: conversation,
  onConversationRemoved: conversation,
  onConversationStateUpdated: conversationState,
  onParticipantAdd: participantDraft,
  onParticipantUpdate: participant,
  onParticipantRemove: participant,
  onParticipantAdded: participant,
  onParticipantUpdated: participant,
  onParticipantRemoved: participant,
  onDeliveryUpdated: delivery,
  onUserAdded: user,
  onUserUpdate: user,
  onUserUpdated: user,
};

/** The request's parameters (the Function `event` without `request`) as a typed event. Never throws. */
export function parseWebhookEvent(params: Params): WebhookEvent {
  const r = reader(params);
  const receivedType = r.text('EventType');
  const source = r.text('Source');
  const unknown = (problem: string): UnknownEvent => dropUndefined({ eventType: 'unknown' as const, receivedType, problem, source });
  if (receivedType === undefined) return unknown('no EventType');
  if (!isEventType(receivedType)) return unknown('not a Conversations event type');
  try {
    const common: CommonFields = dropUndefined({
      accountSid: r.required('AccountSid'),
      chatServiceSid: r.text('ChatServiceSid'),
      source,
      clientIdentity: r.text('ClientIdentity'),
      retryCount: r.integer('RetryCount'),
    });
    // The reader table pairs each type with its fields; TypeScript cannot follow that pairing through an index.
    return { eventType: receivedType, ...common, ...FIELD_READERS[receivedType](r) } as KnownEvent;
  } catch (error) {
    if (error instanceof MissingField) return unknown(error.message);
    throw error;
  }
}

/** The conversation an event is about, for logs. */
export function conversationSidOf(event: WebhookEvent): string | undefined {
  return 'conversationSid' in event ? event.conversationSid : undefined;
}

/**
 * The form Twilio posts, as docs/openapi.json describes it: the fields every event may carry
 * and the common ones of message, conversation and participant events (each event adds its
 * own; see Twilio's webhook page). The parser above reads it; this schema documents it.
 */
export const webhookFormSchema = v.looseObject({
  EventType: v.picklist([...PRE_EVENT_TYPES, ...POST_EVENT_TYPES]),
  AccountSid: v.pipe(v.string(), v.regex(/^AC[0-9a-fA-F]{32}$/)),
  ChatServiceSid: v.optional(v.pipe(v.string(), v.regex(/^IS[0-9a-fA-F]{32}$/))),
  Source: v.optional(v.string()),
  ClientIdentity: v.optional(v.string()),
  RetryCount: v.optional(v.string()),
  ConversationSid: v.optional(v.pipe(v.string(), v.regex(/^CH[0-9a-fA-F]{32}$/))),
  MessageSid: v.optional(v.pipe(v.string(), v.regex(/^IM[0-9a-fA-F]{32}$/))),
  ParticipantSid: v.optional(v.pipe(v.string(), v.regex(/^MB[0-9a-fA-F]{32}$/))),
  Body: v.optional(v.string()),
  Author: v.optional(v.string()),
  Attributes: v.optional(v.string()),
  Media: v.optional(v.string()),
  Index: v.optional(v.string()),
  FriendlyName: v.optional(v.string()),
  UniqueName: v.optional(v.string()),
  Status: v.optional(v.string()),
  ErrorCode: v.optional(v.string()),
});
