// What a Sync write carries, checked as Twilio documents it:
// - UniqueName: 1-256 characters, not shaped like a SID (https://www.twilio.com/docs/api/errors/54302),
//   so that a path segment is a SID or a name, never both. (The spec's field text says "up to 320
//   characters"; the error page's 256 is the stricter, and the one the sandbox holds to.)
// - Data: a JSON object of at most 16 KiB, counted in bytes of UTF-8 of the Data text as sent
//   (https://www.twilio.com/docs/api/errors/54006, https://www.twilio.com/docs/sync/limits).
//   That it is a JSON object is checked with the request (validate.ts, 54008).
// - TTLs: whole seconds from 0 to 31,536,000 (one year); 0 means no expiry
//   (https://www.twilio.com/docs/api/errors/54011).
import { dataTooLarge, invalidTtl, invalidUniqueName } from './sync-errors';

export const SYNC_SID = /^[A-Z]{2}[0-9a-f]{32}$/;
const MAX_UNIQUE_NAME = 256;
const MAX_DATA_BYTES = 16_384;
const MAX_TTL_SECONDS = 31_536_000;

export function checkUniqueName(name: string | undefined): string | null {
  if (name === undefined) return null;
  const characters = [...name].length;
  if (characters < 1 || characters > MAX_UNIQUE_NAME || SYNC_SID.test(name)) throw invalidUniqueName(name);
  return name;
}

/** The Data parameter as the object it holds (the request check already made sure it is one). */
export function readData(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DATA_BYTES) throw dataTooLarge(bytes, MAX_DATA_BYTES);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * The first TTL given among `names` (Twilio's aliases: `CollectionTtl` wins over `Ttl`, `ItemTtl`
 * over `Ttl`), as the expiry date from `now`: null for 0 (no expiry), undefined when none is given.
 */
export function expiryFrom(now: number, ttls: Array<[name: string, seconds: number | undefined]>): number | null | undefined {
  const given = ttls.find(([, seconds]) => seconds !== undefined);
  if (!given) return undefined;
  const [name, seconds] = given as [string, number];
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_TTL_SECONDS) throw invalidTtl(name, seconds);
  return seconds === 0 ? null : now + seconds * 1000;
}
