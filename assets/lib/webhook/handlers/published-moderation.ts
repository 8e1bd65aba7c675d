// onMessageAdded (post-event): the message policy once more, after publication, for the
// messages no pre-event judged: the first message of a conversation an inbound SMS or
// WhatsApp autocreated (Twilio sends no onMessageAdd for it), and any message whose
// pre-event timed out or failed (Twilio then publishes unchanged). What the pre-event would
// have answered is applied by REST: a redaction updates the body, a refusal removes the
// message. Both are safe to repeat: a redelivery writes the same body, or finds it gone.
// The update goes out without X-Twilio-Webhook-Enabled, so it fires no webhook of ours.
import { isOwnMessage } from '../../conversations/own-messages';
import { ignoreNotFound } from '../../platform/twilio-errors';
import { judgeMessage, messagePolicyOf } from '../../policy/message-policy';
import type { PostContext, PostResult } from '../context';
import type { EventOf } from '../events';

export async function moderatePublishedMessage(event: EventOf<'onMessageAdded'>, { config, service }: PostContext): Promise<PostResult> {
  // Sent through the REST API: judged before it was sent (ours) or another backend's own.
  if (isOwnMessage(event)) return { action: 'own_message' };
  if (event.body === undefined || event.body === '') return { action: 'no_body' };
  const verdict = judgeMessage(event.body, messagePolicyOf(config));
  if (verdict.action === 'unchanged') return { action: 'policy_passed' };
  const message = service().conversations(event.conversationSid).messages(event.messageSid);
  if (verdict.action === 'redact') {
    await message.update({ body: verdict.body }).catch(ignoreNotFound);
    return { action: 'redacted_after_publication' };
  }
  await message.remove().catch(ignoreNotFound);
  return { action: 'removed_after_publication', details: { reason: verdict.reason } };
}
