// What a message may contain, the ONE policy for every path into a conversation (the
// pre-events onMessageAdd and onMessageUpdate, the guest question, our own sends, the
// hand-off notice): payment-card numbers (see card-numbers) and configured patterns are
// redacted; oversize or blocked bodies are refused. Pure and fast: it runs inside the
// pre-event webhook, on the hot path of every message.
import { INVISIBLE, redactCardNumbers } from './card-numbers';
import type { Config } from '../platform/config';
import { HttpError } from '../http/errors';
import type { TextPattern } from './text-patterns';

const REDACTED = '[redacted]';

export function redactPatterns(text: string, patterns: readonly TextPattern[]): string {
  return patterns.reduce((current, pattern) => pattern.replaceAll(current, REDACTED), text);
}

// Compatibility forms (fullwidth letters, ligatures) and invisible characters must not hide
// a configured word: patterns are also tried on the text in NFKC form, without them.
const EVERY_INVISIBLE = new RegExp(INVISIBLE.source, 'gu');
const canonical = (text: string) => text.normalize('NFKC').replace(EVERY_INVISIBLE, '');

export type MessageVerdict =
  { action: 'unchanged' } | { action: 'redact'; body: string } | { action: 'reject'; reason: 'too_long' | 'blocked'; message: string };

export type MessagePolicy = { maxLength: number; redact: readonly TextPattern[]; blocked: readonly TextPattern[] };

export function messagePolicyOf(config: Pick<Config, 'MAX_MESSAGE_LENGTH' | 'REDACT_PATTERNS' | 'BLOCKED_PATTERNS'>): MessagePolicy {
  return { maxLength: config.MAX_MESSAGE_LENGTH, redact: config.REDACT_PATTERNS, blocked: config.BLOCKED_PATTERNS };
}

/** Decides what happens to a message body before it is published. */
export function judgeMessage(body: string, policy: MessagePolicy): MessageVerdict {
  // Length in characters the customer sees (code points), not UTF-16 units.
  const length = [...body].length;
  if (length > policy.maxLength) {
    return { action: 'reject', reason: 'too_long', message: `The message is ${length} characters long; the limit is ${policy.maxLength}.` };
  }
  const plain = policy.blocked.length > 0 || policy.redact.length > 0 ? canonical(body) : body;
  // Each pattern runs once more only when the canonical form differs (most text is plain already).
  const forms = plain === body ? [body] : [body, plain];
  if (policy.blocked.some((pattern) => forms.some((form) => pattern.test(form)))) {
    return { action: 'reject', reason: 'blocked', message: 'The message contains content that is not allowed.' };
  }
  // A pattern that only matches the canonical form: publish that form, redacted.
  const hidden = plain !== body && policy.redact.some((pattern) => !pattern.test(body) && pattern.test(plain));
  const redacted = redactPatterns(redactCardNumbers(hidden ? plain : body), policy.redact);
  return redacted === body ? { action: 'unchanged' } : { action: 'redact', body: redacted };
}

const REJECTION_CODES = { too_long: 'message_too_long', blocked: 'message_blocked' } as const;

/** The policy's refusal as an answer: 422, the same code on every path. */
export function rejectionError(verdict: Extract<MessageVerdict, { action: 'reject' }>): HttpError {
  return new HttpError(REJECTION_CODES[verdict.reason], verdict.message);
}

/** The body to publish under the policy (redacted where needed), or a 422 when it is refused. */
export function applyMessagePolicy(body: string, policy: MessagePolicy): string {
  const verdict = judgeMessage(body, policy);
  if (verdict.action === 'reject') throw rejectionError(verdict);
  return verdict.action === 'redact' ? verdict.body : body;
}
