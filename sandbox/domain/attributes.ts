// Attributes as Twilio takes them: a JSON string, at most 16 KiB for conversations and users and
// 4 KiB for participants and messages, counted in bytes of UTF-8
// (https://www.twilio.com/docs/conversations/conversations-limits, https://www.twilio.com/docs/conversations/attributes).
import { invalidParameter, TwilioApiError } from '../errors';

const LIMITS = { conversation: 16_384, user: 16_384, participant: 4_096, message: 4_096 } as const;

export function checkAttributes(kind: keyof typeof LIMITS, attributes: string | undefined): void {
  if (attributes === undefined) return;
  try {
    JSON.parse(attributes);
  } catch {
    throw invalidParameter(`Attributes must be a valid JSON string, got ${attributes.slice(0, 40)}`);
  }
  const bytes = Buffer.byteLength(attributes, 'utf8');
  // 50303 "Attributes too long" is the documented code for Chat; Conversations' own is not documented.
  if (bytes > LIMITS[kind]) throw new TwilioApiError(400, 50303, `Attributes too long: ${bytes} bytes, the ${kind} limit is ${LIMITS[kind]}`);
}
