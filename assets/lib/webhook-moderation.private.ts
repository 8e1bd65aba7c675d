// onMessageAdd (pre-event): the message policy, decided from the event alone (no REST call).
// Redactions are answered as `{ body }` (Twilio publishes the changed body); oversize or
// blocked bodies are rejected with a 4xx (Twilio refuses the message: it is never stored);
// anything else is answered `{}` (publish unchanged), never an echo of the body.
import type { Config } from './config.private';
import { HttpError } from './http.private';
import { judgeMessage, type MessagePolicy } from './message-policy.private';
import type { PreAnswer, PreHandler } from './webhook-context.private';
import { isOwnMessage } from './webhook-own-messages.private';

export function messagePolicyOf(config: Pick<Config, 'MAX_MESSAGE_LENGTH' | 'REDACT_PATTERNS' | 'BLOCKED_PATTERNS'>): MessagePolicy {
  return { maxLength: config.MAX_MESSAGE_LENGTH, redact: config.REDACT_PATTERNS, blocked: config.BLOCKED_PATTERNS };
}

const REJECTION_CODES = { too_long: 'message_too_long', blocked: 'message_blocked' } as const;

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
      return { action: 'reject', error: new HttpError(422, REJECTION_CODES[verdict.reason], verdict.message) };
  }
}

export const moderateMessage: PreHandler<'onMessageAdd'> = (event, { config }) => {
  if (isOwnMessage(event)) return { action: 'publish', note: 'own_message' };
  return moderateBody(event.body, messagePolicyOf(config));
};
