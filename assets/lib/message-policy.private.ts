// What a message may contain: payment-card numbers (Luhn-valid, 13-19 digits, with spaces
// or dashes) and configured patterns are redacted; oversize or blocked bodies are refused.
// Pure and fast: it runs inside the pre-event webhook, on the hot path of every message.

/** Luhn checksum over a string of digits. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// 13-19 digits, each optionally followed by ONE space or dash, not inside a longer number.
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;

/** "4111 1111 1111 1111" -> "[card •••• 1111]"; non-Luhn digit runs (order numbers) stay. */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_CANDIDATE, (candidate) => {
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || !isLuhnValid(digits)) return candidate;
    return `[card •••• ${digits.slice(-4)}]`;
  });
}

export function redactPatterns(text: string, patterns: readonly RegExp[]): string {
  return patterns.reduce((current, pattern) => current.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), '[redacted]'), text);
}

export type MessageVerdict =
  | { action: 'unchanged' }
  | { action: 'redact'; body: string }
  | { action: 'reject'; reason: 'too_long' | 'blocked'; message: string };

export type MessagePolicy = { maxLength: number; redact: readonly RegExp[]; blocked: readonly RegExp[] };

/** Decides what happens to a message body before it is published. */
export function judgeMessage(body: string, policy: MessagePolicy): MessageVerdict {
  // Length in characters the customer sees (code points), not UTF-16 units.
  const length = [...body].length;
  if (length > policy.maxLength) {
    return { action: 'reject', reason: 'too_long', message: `The message is ${length} characters long; the limit is ${policy.maxLength}.` };
  }
  if (policy.blocked.some((pattern) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(body))) {
    return { action: 'reject', reason: 'blocked', message: 'The message contains content that is not allowed.' };
  }
  const redacted = redactPatterns(redactCardNumbers(body), policy.redact);
  return redacted === body ? { action: 'unchanged' } : { action: 'redact', body: redacted };
}
