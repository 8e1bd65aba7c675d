// Session JWTs: HS256 with SESSION_SECRET, signed by the host app (or by webchat/start
// for guests). `sub` is the chat identity; `exp` is required and caps every token minted.
// NumericDates may be fractional (RFC 7519, section 2): they are read as whole seconds.
// A session issued in the future (beyond the clock skew) or longer than the configured
// maximum is refused: a session valid until 2286 is a leaked credential for life.
import { HttpError } from '../http/errors';
import { lazy } from '../common/lazy';

const jwt = lazy(() => require('jsonwebtoken') as typeof import('jsonwebtoken'));

export type SessionOptions = {
  secret: string;
  issuer?: string;
  audience?: string;
  /** The longest session accepted (exp - iat, or exp - now without iat), in seconds. */
  maxLifetimeSeconds?: number;
};

/**
 * `guest`: signed by /webchat/start for a guest identity it made; `conversationSid`: the one
 * conversation that guest session belongs to (what /webchat/end may close).
 */
export type Session = { identity: string; expiresAt: number; guest?: true; conversationSid?: string };

// Clocks of the host app and Twilio's differ a little.
const CLOCK_SKEW_SECONDS = 5;
// 30 days: the default of SESSION_MAX_TTL_SECONDS.
const DEFAULT_MAX_SESSION_SECONDS = 2_592_000;

const invalidSession = (message: string) => new HttpError('invalid_session', message, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

const CONVERSATION_SID = /^CH[0-9a-f]{32}$/;

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Verifies a session JWT: only HS256 (never `none`), `exp` required, `sub` required, optional iss/aud. */
export function verifySession(
  token: string,
  { secret, issuer, audience, maxLifetimeSeconds = DEFAULT_MAX_SESSION_SECONDS }: SessionOptions,
  nowSeconds = Date.now() / 1000,
): Session {
  let payload: unknown;
  try {
    payload = jwt().verify(token, secret, {
      algorithms: ['HS256'],
      issuer,
      audience,
      clockTolerance: CLOCK_SKEW_SECONDS,
      clockTimestamp: Math.floor(nowSeconds),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TokenExpiredError') throw invalidSession('The session has expired: sign in again.');
    if (name === 'NotBeforeError') throw invalidSession('The session is not valid yet.');
    throw invalidSession('The session token is not valid (bad signature, algorithm, issuer or audience).');
  }
  if (typeof payload !== 'object' || payload === null) throw invalidSession('The session token has no claims.');
  const { sub, exp, iat, guest, conversationSid } = payload as { sub?: unknown; exp?: unknown; iat?: unknown; guest?: unknown; conversationSid?: unknown };
  if (!isNumericDate(exp)) throw invalidSession('The session token must carry an `exp` claim.');
  if (iat !== undefined && !isNumericDate(iat)) throw invalidSession('The session token has an `iat` claim that is not a time.');
  if (isNumericDate(iat) && iat > nowSeconds + CLOCK_SKEW_SECONDS)
    throw invalidSession('The session was issued in the future: check the clock of the app that signs sessions.');
  if (exp - (isNumericDate(iat) ? iat : nowSeconds) > maxLifetimeSeconds) {
    throw invalidSession(`The session lasts longer than ${maxLifetimeSeconds} seconds (SESSION_MAX_TTL_SECONDS): sign shorter sessions.`);
  }
  if (typeof sub !== 'string' || sub === '') throw invalidSession('The session token must carry a `sub` claim (the identity).');
  return {
    identity: sub,
    expiresAt: Math.floor(exp),
    ...(guest === true ? { guest: true as const } : {}),
    // Only a CH SID counts: anything else names no conversation (and opens none).
    ...(typeof conversationSid === 'string' && CONVERSATION_SID.test(conversationSid) ? { conversationSid } : {}),
  };
}

/** Signs a session the way a host app would (used for guests, with `guest` and their `conversationSid`, and by `npm run session`). */
export function signSession(
  identity: string,
  ttlSeconds: number,
  { secret, issuer, audience }: SessionOptions,
  { guest = false, conversationSid }: { guest?: boolean; conversationSid?: string } = {},
): { token: string; expiresAt: number } {
  const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
  const claims: Record<string, unknown> = { sub: identity, exp: expiresAt, ...(guest ? { guest: true } : {}), ...(conversationSid ? { conversationSid } : {}) };
  if (issuer) claims.iss = issuer;
  if (audience) claims.aud = audience;
  return { token: jwt().sign(claims, secret, { algorithm: 'HS256', noTimestamp: false }), expiresAt };
}
