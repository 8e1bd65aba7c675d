// Session JWTs: HS256 with SESSION_SECRET, signed by the host app (or by webchat/start
// for guests). `sub` is the chat identity; `exp` is required and caps every token minted.
import { HttpError } from './http.private';
import { lazy } from './lazy.private';

const jwt = lazy(() => require('jsonwebtoken') as typeof import('jsonwebtoken'));

export type SessionOptions = { secret: string; issuer?: string; audience?: string };
export type Session = { identity: string; expiresAt: number };

const invalidSession = (message: string) =>
  new HttpError(401, 'invalid_session', message, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

/** Verifies a session JWT: only HS256 (never `none`), `exp` required, `sub` required, optional iss/aud. */
export function verifySession(token: string, { secret, issuer, audience }: SessionOptions): Session {
  let payload: unknown;
  try {
    payload = jwt().verify(token, secret, { algorithms: ['HS256'], issuer, audience, clockTolerance: 5 });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TokenExpiredError') throw invalidSession('The session has expired: sign in again.');
    if (name === 'NotBeforeError') throw invalidSession('The session is not valid yet.');
    throw invalidSession('The session token is not valid (bad signature, algorithm, issuer or audience).');
  }
  if (typeof payload !== 'object' || payload === null) throw invalidSession('The session token has no claims.');
  const { sub, exp } = payload as { sub?: unknown; exp?: unknown };
  if (typeof exp !== 'number') throw invalidSession('The session token must carry an `exp` claim.');
  if (typeof sub !== 'string' || sub === '') throw invalidSession('The session token must carry a `sub` claim (the identity).');
  return { identity: sub, expiresAt: exp };
}

/** Signs a session the way a host app would (used for guests and by `npm run session`). */
export function signSession(identity: string, ttlSeconds: number, { secret, issuer, audience }: SessionOptions): { token: string; expiresAt: number } {
  const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
  const claims: Record<string, unknown> = { sub: identity, exp: expiresAt };
  if (issuer) claims.iss = issuer;
  if (audience) claims.aud = audience;
  return { token: jwt().sign(claims, secret, { algorithm: 'HS256', noTimestamp: false }), expiresAt };
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}
