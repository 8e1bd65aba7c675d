// The Conversations webhook event names, the one list shared by the functions (parser,
// handler table, configured Filters) and the sandbox (what it sends and accepts).
// https://www.twilio.com/docs/conversations/conversations-webhooks

// Fired BEFORE the action is published; the answer may modify or reject it.
export const PRE_EVENT_TYPES = [
  'onMessageAdd',
  'onMessageUpdate',
  'onMessageRemove',
  'onConversationAdd',
  'onConversationUpdate',
  'onConversationRemove',
  'onParticipantAdd',
  'onParticipantUpdate',
  'onParticipantRemove',
  'onUserUpdate',
] as const;

// Fired AFTER publication; the answer changes nothing.
export const POST_EVENT_TYPES = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onConversationAdded',
  'onConversationUpdated',
  'onConversationRemoved',
  'onConversationStateUpdated',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
  'onUserAdded',
  'onUserUpdated',
] as const;

export type PreEventType = (typeof PRE_EVENT_TYPES)[number];
export type PostEventType = (typeof POST_EVENT_TYPES)[number];
export type EventType = PreEventType | PostEventType;
