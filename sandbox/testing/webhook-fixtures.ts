// One form of every Conversations webhook event, with the fields Twilio documents for it
// (https://www.twilio.com/docs/conversations/conversations-webhooks), as the flat strings Twilio posts.
import { ACCOUNT_SID, SERVICE_SID } from './fixtures';
import type { EventType } from '../../assets/lib/webhook/events';
import { POST_EVENT_TYPES, PRE_EVENT_TYPES } from '../../assets/lib/webhook/event-types';

export const CONVERSATION_SID = 'CH' + '1'.repeat(32);
export const MESSAGE_SID = 'IM' + '2'.repeat(32);
export const PARTICIPANT_SID = 'MB' + '3'.repeat(32);
const MESSAGING_SERVICE_SID = 'MG' + '4'.repeat(32);
const USER_SID = 'US' + '5'.repeat(32);
const ROLE_SID = 'RL' + '6'.repeat(32);
export const CUSTOMER_WHATSAPP = 'whatsapp:+14155554567';
export const CUSTOMER_SMS = '+14155550123';
export const PROXY_SMS = '+15005550006';

const created = '2026-01-02T03:04:05.000Z';
const updated = '2026-01-02T03:05:00.000Z';
const removed = '2026-01-02T03:06:00.000Z';

const base = (eventType: EventType, source = 'SDK'): Record<string, string> => ({
  AccountSid: ACCOUNT_SID,
  EventType: eventType,
  Source: source,
  ...(source === 'SDK' ? { ClientIdentity: 'alice' } : {}),
});

const messageDraft = { ConversationSid: CONVERSATION_SID, Body: 'Hello there', Author: 'alice', ParticipantSid: PARTICIPANT_SID, Attributes: '{}' };
const message = { ...messageDraft, MessageSid: MESSAGE_SID, MessagingServiceSid: MESSAGING_SERVICE_SID, Index: '3', DateCreated: created };
const conversation = {
  FriendlyName: 'Support',
  UniqueName: 'support-1',
  Attributes: '{}',
  ChatServiceSid: SERVICE_SID,
  MessagingServiceSid: MESSAGING_SERVICE_SID,
  State: 'active',
};
const existingConversation = { ...conversation, ConversationSid: CONVERSATION_SID, DateCreated: created, DateUpdated: updated };
const participantDraft = {
  ConversationSid: CONVERSATION_SID,
  RoleSid: ROLE_SID,
  Attributes: '{}',
  'MessagingBinding.Address': CUSTOMER_SMS,
  'MessagingBinding.ProxyAddress': PROXY_SMS,
  'MessagingBinding.Type': 'SMS',
};
const participant = { ...participantDraft, ParticipantSid: PARTICIPANT_SID, DateCreated: created };
const user = {
  ChatServiceSid: SERVICE_SID,
  UserSid: USER_SID,
  Identity: 'alice',
  FriendlyName: 'Alice',
  Attributes: '{}',
  RoleSid: ROLE_SID,
  DateCreated: created,
};

/** Every documented event type, each with a realistic form. */
export const EVENT_FORMS: Record<EventType, Record<string, string>> = {
  onMessageAdd: {
    ...base('onMessageAdd'),
    ...messageDraft,
    Media: JSON.stringify([{ Sid: 'ME' + '7'.repeat(32), Filename: 'a.png', ContentType: 'image/png', Size: 1024 }]),
  },
  onMessageUpdate: { ...base('onMessageUpdate'), ...message, DateUpdated: updated },
  onMessageRemove: { ...base('onMessageRemove'), ...message, DateUpdated: updated },
  onMessageAdded: { ...base('onMessageAdded'), ...message },
  onMessageUpdated: { ...base('onMessageUpdated'), ...message, DateUpdated: updated },
  onMessageRemoved: { ...base('onMessageRemoved'), ...message, DateUpdated: updated, DateRemoved: removed },
  onConversationAdd: {
    ...base('onConversationAdd', 'WHATSAPP'),
    ...conversation,
    FriendlyName: '',
    UniqueName: '',
    'MessagingBinding.Address': CUSTOMER_WHATSAPP,
    'MessagingBinding.ProxyAddress': 'whatsapp:+15005550006',
    'MessagingBinding.AuthorAddress': CUSTOMER_WHATSAPP,
  },
  onConversationUpdate: { ...base('onConversationUpdate', 'API'), ...existingConversation },
  onConversationRemove: { ...base('onConversationRemove', 'API'), ...existingConversation },
  onConversationAdded: {
    ...base('onConversationAdded', 'SMS'),
    ...existingConversation,
    'MessagingBinding.Address': CUSTOMER_SMS,
    'MessagingBinding.ProxyAddress': PROXY_SMS,
    'MessagingBinding.AuthorAddress': CUSTOMER_SMS,
  },
  onConversationUpdated: { ...base('onConversationUpdated', 'API'), ...existingConversation },
  onConversationRemoved: { ...base('onConversationRemoved', 'API'), ...existingConversation, DateRemoved: removed },
  onConversationStateUpdated: {
    ...base('onConversationStateUpdated', 'API'),
    ConversationSid: CONVERSATION_SID,
    ChatServiceSid: SERVICE_SID,
    MessagingServiceSid: MESSAGING_SERVICE_SID,
    StateFrom: 'active',
    StateTo: 'inactive',
    StateUpdated: updated,
    Reason: 'TIMER',
  },
  onParticipantAdd: { ...base('onParticipantAdd', 'API'), ...participantDraft },
  onParticipantUpdate: { ...base('onParticipantUpdate', 'API'), ...participant, DateUpdated: updated, LastReadMessageIndex: '2' },
  onParticipantRemove: { ...base('onParticipantRemove', 'API'), ...participant, DateUpdated: updated },
  onParticipantAdded: { ...base('onParticipantAdded', 'API'), ...participant },
  onParticipantUpdated: { ...base('onParticipantUpdated', 'API'), ...participant, DateUpdated: updated, LastReadMessageIndex: '2' },
  onParticipantRemoved: { ...base('onParticipantRemoved', 'API'), ...participant, DateUpdated: updated, DateRemoved: removed },
  onDeliveryUpdated: {
    ...base('onDeliveryUpdated', 'SMS'),
    ConversationSid: CONVERSATION_SID,
    ChatServiceSid: SERVICE_SID,
    MessageSid: MESSAGE_SID,
    DeliveryReceiptSid: 'DY' + '8'.repeat(32),
    ChannelMessageSid: 'SM' + '9'.repeat(32),
    ParticipantSid: PARTICIPANT_SID,
    Status: 'delivered',
    DateCreated: created,
    DateUpdated: updated,
  },
  onUserAdded: { ...base('onUserAdded', 'API'), ...user },
  onUserUpdate: { ...base('onUserUpdate'), ...user, FriendlyName: 'Alice B.', IsOnline: 'true', IsNotifiable: 'false' },
  onUserUpdated: { ...base('onUserUpdated'), ...user, DateUpdated: updated, IsOnline: 'true', IsNotifiable: 'false' },
};

/** Every event type, for Filters that want them all (an empty Filters list sends none, as in Twilio). */
export const EVERY_EVENT: string[] = [...PRE_EVENT_TYPES, ...POST_EVENT_TYPES];
