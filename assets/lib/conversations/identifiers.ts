// Chat identities and conversation unique names are keys: twilio-node puts them into REST
// paths as they are (`/Users/{identity}`, `/Conversations/{uniqueName}`), without encoding,
// so a `#`, `?`, `/`, `%2D` or `..` would address another resource, and a name shaped like a
// SID would be read as that SID. Both are checked here before any call, in the same way
// wherever they come from (a session, an onboarding request, a Studio parameter).
// https://www.twilio.com/docs/conversations/identity and error 50390
// (https://www.twilio.com/docs/api/errors/50390: a unique name may not look like a SID).
import { HttpError } from '../http/errors';
import { AGENT_AUTHOR, OWN_AUTHOR } from './own-messages';

// Twilio's limit for Identity, Address and ProxyAddress (and UniqueName).
export const MAX_IDENTIFIER_LENGTH = 256;

/** Two letters and 32 hex digits: what Twilio reads as a resource SID in a path. */
export function isSidShaped(value: string): boolean {
  return /^[A-Za-z]{2}[0-9a-fA-F]{32}$/.test(value);
}

// Characters Twilio asks not to use in identities (URL-reserved and quoting characters).
const URL_RESERVED = /[!*'();:@&=+$,/?%#[\]\\]/u;
// Invisible or direction-changing: control, format (zero-width, bidi embeddings, isolates,
// marks), surrogates, private use and unassigned code points, separators, and the
// letters that render as nothing (Hangul fillers, the braille blank).
// The marks that render as nothing (U+034F, U+17B4, U+17B5) stand outside the class: they would combine there.
const INVISIBLE = /[\p{C}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]|\u034F|\u17B4|\u17B5/u;
const ONLY_DOTS = /^\.+$/;
// Guests get `guest-<uuid>` from /webchat/start; nobody else may take such a name.
export const GUEST_IDENTITY_PREFIX = 'guest-';

const invalidIdentity = (message: string) => new HttpError('invalid_identity', message);

/** The reserved form of a name: case and compatibility forms folded (`ＳＹＳＴＥＭ` is `system`). */
const folded = (value: string) => value.normalize('NFKC').toLowerCase();

export function isReservedIdentity(identity: string): boolean {
  const name = folded(identity);
  return name === OWN_AUTHOR || name === AGENT_AUTHOR || name.startsWith(GUEST_IDENTITY_PREFIX);
}

export type IdentityOptions = {
  /** A guest's own session (signed by /webchat/start) may name a guest identity. */
  allowGuest?: boolean;
};

/** A chat identity Twilio accepts, safe in URLs and tokens, in NFC form; or a 400. */
export function validateIdentity(raw: unknown, options: IdentityOptions = {}): string {
  if (typeof raw !== 'string' || raw === '') throw invalidIdentity('The identity must be a non-empty string.');
  if (INVISIBLE.test(raw)) throw invalidIdentity('The identity contains whitespace, control, invisible or text-direction characters.');
  const identity = raw.normalize('NFC');
  if (identity.length > MAX_IDENTIFIER_LENGTH) throw invalidIdentity(`The identity is longer than ${MAX_IDENTIFIER_LENGTH} characters.`);
  if (URL_RESERVED.test(identity) || ONLY_DOTS.test(identity)) {
    throw invalidIdentity("The identity contains a character Twilio warns against (! * ' ( ) ; : @ & = + $ , / ? % # [ ] \\) or is only dots.");
  }
  if (isSidShaped(identity)) throw invalidIdentity('The identity looks like a Twilio SID (two letters and 32 hex digits); choose another.');
  const guest = folded(identity).startsWith(GUEST_IDENTITY_PREFIX);
  if (isReservedIdentity(identity) && !(guest && options.allowGuest)) {
    throw invalidIdentity(
      `The identity "${identity.slice(0, 40)}" is reserved (${OWN_AUTHOR} and ${AGENT_AUTHOR} write our own messages; ${GUEST_IDENTITY_PREFIX}* names guests).`,
    );
  }
  return identity;
}

// Letters, digits and marks of any script, and - _ . ~ : @ + = (no path, query or fragment
// characters, no percent-escapes, no spaces); the first a letter or digit.
const UNIQUE_NAME = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}\-_.~:@+=]*$/u;

/** A conversation unique name that addresses exactly one conversation, or a 400. */
export function validateUniqueName(name: string): string {
  const invalid = (message: string) => new HttpError('invalid_request', `uniqueName ${message}`, { details: { fields: [{ field: 'uniqueName', message }] } });
  if (name.length > MAX_IDENTIFIER_LENGTH) throw invalid(`must be at most ${MAX_IDENTIFIER_LENGTH} characters`);
  if (!UNIQUE_NAME.test(name)) throw invalid('may hold letters, digits and - _ . ~ : @ + = only, starting with a letter or digit');
  if (isSidShaped(name)) throw invalid('must not look like a Twilio SID (two letters and 32 hex digits)');
  return name;
}
