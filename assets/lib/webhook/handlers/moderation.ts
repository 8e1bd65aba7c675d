// onMessageAdd and onMessageUpdate (pre-events): the message policy, decided from the event
// alone (no REST call). An edit is judged like a new message: otherwise a card number could
// be added by editing a harmless message. Redactions are answered as `{ body }` (Twilio
// publishes the changed body); oversize or blocked bodies are rejected with a 4xx (Twilio
// refuses the action); anything else is answered `{}` (publish unchanged), never an echo.
import { judgeMessage, messagePolicyOf, rejectionError, type MessagePolicy } from '../../policy/message-policy';
import type { PreAnswer, PreContext } from '../context';
import type { EventOf } from '../events';
import { isOwnMessage } from '../../conversations/own-messages';

/** The pre-event answer for a message body under a policy. */
export function moderateBody(body: string | undefined, policy: MessagePolicy): PreAnswer {
  // Media-only messages have no body to judge.
  if (body === undefined || body === '') return { action: 'publish', note: 'no_body' };
  const verdict = judgeMessage(body, policy);
  switch (verdict.action) {
    case 'unchanged':
      return { action: 'publish', note: 'policy_passed' };
    case 'redact':
      return { action: 'modify', changes: { body: verdict.body }, note: 'redacted' };
    case 'reject':
      return { action: 'reject', error: rejectionError(verdict) };
  }
}

// One handler for both events (a plain signature: PreHandler<A | B> would not fit PreHandler<A>).
export function moderateMessage(event: EventOf<'onMessageAdd' | 'onMessageUpdate'>, { config }: PreContext): PreAnswer {
  // Sent through the REST API: by this bundle (judged before it was sent) or another backend.
  if (isOwnMessage(event)) return { action: 'publish', note: 'own_message' };
  return moderateBody(event.body, messagePolicyOf(config));
}
