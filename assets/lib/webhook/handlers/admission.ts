// onConversationAdd (pre-event): when an inbound SMS or WhatsApp autocreates a conversation,
// Twilio sends this event with the first message in it (`MessageBody`, `Media`) and no
// onMessageAdd for that message. So the message policy judges it here: a message the policy
// refuses refuses the conversation (Twilio drops the inbound message). A redaction cannot be
// answered here (this event changes the conversation, not the message): onMessageAdded
// redacts the published message (handlers/published-moderation). Then the name. No REST call.
// https://www.twilio.com/docs/conversations/inbound-autocreation
import { judgeMessage, messagePolicyOf, rejectionError } from '../../policy/message-policy';
import type { PreHandler } from '../context';
import { readableConversationName } from './naming';

export const admitConversation: PreHandler<'onConversationAdd'> = (event, { config }) => {
  const verdict = event.messageBody ? judgeMessage(event.messageBody, messagePolicyOf(config)) : undefined;
  if (verdict?.action === 'reject') return { action: 'reject', error: rejectionError(verdict) };
  const later = verdict?.action === 'redact' ? '; first message redacted after publication' : '';
  const name = readableConversationName(event.friendlyName, event.messagingBinding);
  return name ? { action: 'modify', changes: { friendly_name: name }, note: `named${later}` } : { action: 'publish', note: `name_kept${later}` };
};
