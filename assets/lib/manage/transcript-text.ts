// The transcript as text: one line per message,
//   2026-07-01T12:00:00Z [sms +14155550123] Hello
//   2026-07-01T12:00:05Z [chat agent-zoe] [media: label.pdf application/pdf] Here it is
// Bodies, names and file names come from customers, so none of them can start a line, end
// one, or look like another part of it: control characters (line breaks among them), line and
// paragraph separators, bidi controls and lone surrogates are written as escapes (`\n`,
// `\u{202e}`), a backslash as `\\`; in a label or a media block brackets and `;` are escaped
// too, and a body that starts with `[` starts with `\[` (it cannot pass for a media block).
import type { TranscriptMessage } from './transcript';

const UNSAFE_IN_TEXT = /[\\\p{Cc}\p{Cs}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const UNSAFE_IN_FIELD = /[\\\p{Cc}\p{Cs}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069[\];]/gu;

const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '[': '\\[', ']': '\\]', ';': '\\;' };

const escapeOne = (character: string): string => NAMED[character] ?? `\\u{${character.codePointAt(0)!.toString(16)}}`;

/** A body on one line: nothing in it can end the line or hide what follows. */
export function escapeBody(text: string): string {
  const escaped = text.replace(UNSAFE_IN_TEXT, escapeOne);
  return escaped.startsWith('[') ? `\\${escaped}` : escaped;
}

/** A label or a media name: as escapeBody, and it cannot close its bracket or split its list. */
export function escapeField(text: string): string {
  return text.replace(UNSAFE_IN_FIELD, escapeOne);
}

/** ISO-8601 in UTC, without milliseconds when there are none (Twilio's dates are whole seconds). */
const lineTime = (iso: string): string => iso.replace(/\.000Z$/, 'Z');

function mediaBlock(media: TranscriptMessage['media']): string {
  if (media.length === 0) return '';
  const items = media.map((item) =>
    [escapeField(item.filename ?? '(unnamed)'), item.contentType ? escapeField(item.contentType) : ''].filter(Boolean).join(' '),
  );
  return ` [media: ${items.join('; ')}]`;
}

/** One message as one line, with its line break. */
export function transcriptLine(message: TranscriptMessage): string {
  const body = message.body ? ` ${escapeBody(message.body)}` : '';
  return `${lineTime(message.dateCreated)} [${escapeField(message.label)}]${mediaBlock(message.media)}${body}\n`;
}
