// Opaque paging cursors that only this deployment can make. The content (usually Twilio's own
// next-page URL) is signed with HMAC-SHA256 under a key only the deployment holds, together
// with what the cursor is for (`purpose`) and the request it continues (`scope`): a cursor
// that was changed, forged, or made for another request opens nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';

function macOf(purpose: string, scope: string, payload: string, key: string): string {
  // The payload is base64url (no newline) and comes last, `purpose` is ours: the input is unambiguous.
  return createHmac('sha256', key).update(`${purpose}\n${scope}\n${payload}`).digest('base64url');
}

/** `<payload>.<mac>`: the data as base64url JSON and its signature for this purpose and scope. */
export function signCursor(purpose: string, scope: string, data: unknown, key: string): string {
  const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
  return `${payload}.${macOf(purpose, scope, payload, key)}`;
}

/** The data a cursor carries, when its signature holds for this purpose and scope; otherwise undefined. */
export function openCursor(purpose: string, scope: string, raw: string, key: string): unknown {
  const [payload = '', mac = '', ...rest] = raw.split('.');
  const given = Buffer.from(mac);
  const expected = Buffer.from(macOf(purpose, scope, payload, key));
  // Lengths in bytes: a signature of the right length in characters may be longer in UTF-8.
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
