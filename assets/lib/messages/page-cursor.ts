// Cursors into a conversation's Messages list (history, transcript): Twilio's own page URL
// and an offset in that page, signed by us. The signature (HMAC-SHA256 with a key only the
// deployment holds) covers the conversation and what the cursor is for, so a changed page
// URL, page size or offset is refused as invalid_cursor before Twilio is asked, and a cursor
// of one conversation (or one endpoint) opens no other.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../http/errors';
import { classifyTwilioFailure } from '../platform/twilio-errors';

// Twilio's largest page for Conversations lists.
export const PAGE_SIZE = 100;

export type PageCursor = { url: string; offset: number };

/** What a cursor is bound to: the endpoint that made it, the conversation, and the signing key. */
export type CursorBinding = { purpose: 'history' | 'transcript'; conversationSid: string; key: string };

function cursorMac(payload: string, { purpose, conversationSid, key }: CursorBinding): string {
  return createHmac('sha256', key).update(`${purpose}-cursor:${conversationSid}:${payload}`).digest('base64url');
}

export function encodePageCursor(cursor: PageCursor, binding: CursorBinding): string {
  const payload = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${payload}.${cursorMac(payload, binding)}`;
}

const invalidCursor = () => new HttpError('invalid_cursor', 'The cursor is not valid for this conversation; start again without it.');

/** The URL of the first page of a conversation's messages, as Twilio's own next-page URLs are written. */
export function firstPageUrl(serviceSid: string, conversationSid: string, order: 'asc' | 'desc'): string {
  return `https://conversations.twilio.com/v1/Services/${serviceSid}/Conversations/${conversationSid}/Messages?Order=${order}&PageSize=${PAGE_SIZE}`;
}

/** The cursor's page URL and offset, once its signature holds and the URL is a page of THIS conversation's messages. */
export function decodePageCursor(raw: string, serviceSid: string, binding: CursorBinding): PageCursor {
  const [payload = '', mac = '', ...rest] = raw.split('.');
  const expected = cursorMac(payload, binding);
  // Compared as bytes: a MAC of the right length in characters may hold multi-byte ones.
  const given = Buffer.from(mac);
  const wanted = Buffer.from(expected);
  if (rest.length > 0 || given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw invalidCursor();
  let cursor: PageCursor;
  try {
    cursor = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PageCursor;
  } catch {
    throw invalidCursor();
  }
  if (typeof cursor?.url !== 'string' || !Number.isInteger(cursor.offset) || cursor.offset < 0 || cursor.offset >= PAGE_SIZE) throw invalidCursor();
  let url: URL;
  try {
    url = new URL(cursor.url);
  } catch {
    throw invalidCursor();
  }
  if (
    url.protocol !== 'https:' ||
    url.hostname !== 'conversations.twilio.com' ||
    url.pathname !== `/v1/Services/${serviceSid}/Conversations/${binding.conversationSid}/Messages`
  )
    throw invalidCursor();
  return cursor;
}

/** A page Twilio refuses to serve from a cursor (expired, say) is the cursor's problem: 400, not 502. */
export function cursorRefused(error: unknown): never {
  if (['rejected', 'conflict', 'limit'].includes(classifyTwilioFailure(error)?.kind ?? '')) throw invalidCursor();
  throw error;
}
