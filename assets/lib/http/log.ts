// One JSON line per request. Phone numbers are masked to their last 4 digits; bearer
// tokens, JWTs and anything that looks like a secret never reach the log.

export type LogFields = {
  fn: string;
  outcome?: 'ok' | 'rejected' | 'error';
  status?: number;
  ms?: number;
  conversationSid?: string;
  event?: string;
  code?: string;
  [name: string]: unknown;
};

// Not inside a longer word: SIDs (CH0123...) and hashes keep their digits.
const PHONE = /(?<![A-Za-z0-9])(whatsapp:|messenger:)?\+?\d[\d\s().-]{5,}\d(?![A-Za-z0-9])/g;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;

/** "+14155550123" -> "•••• 0123"; keeps a channel prefix ("whatsapp:•••• 0123"). */
export function maskAddress(address: string): string {
  const match = /^(\w+:)?(.*)$/.exec(address);
  const prefix = match?.[1] ?? '';
  const digits = (match?.[2] ?? '').replace(/\D/g, '');
  if (digits.length < 5) return `${prefix}••••`;
  return `${prefix}•••• ${digits.slice(-4)}`;
}

/** Hides what looks like a credential in free text: JWTs and bearer or basic tokens. */
export function hideCredentials(text: string): string {
  return text.replace(JWT, '[jwt]').replace(BEARER, '$1 [redacted]');
}

/** Scrubs free text (error messages from upstream, user input) before it is logged. */
export function scrub(text: string): string {
  return hideCredentials(text).replace(PHONE, (found) => (found.replace(/\D/g, '').length >= 7 ? maskAddress(found.trim()) : found));
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(scrubValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrubValue(inner)]));
  }
  return value;
}

export type LogWriter = (line: string) => void;

let writer: LogWriter = (line) => console.log(line);

/** Tests capture the lines; production writes them to the Functions log. */
export function setLogWriter(next: LogWriter): LogWriter {
  const previous = writer;
  writer = next;
  return previous;
}

export function writeLog(fields: LogFields): void {
  writer(JSON.stringify(scrubValue(fields)));
}

/** Collects fields during a request and writes them once, with the elapsed time. */
export class RequestLog {
  private readonly started = performance.now();
  private readonly fields: LogFields;

  constructor(fn: string) {
    this.fields = { fn };
  }

  set(fields: Partial<LogFields>): void {
    Object.assign(this.fields, fields);
  }

  finish(fields: Partial<LogFields>): void {
    writeLog({ ...this.fields, ...fields, ms: Math.round((performance.now() - this.started) * 100) / 100 });
  }
}
