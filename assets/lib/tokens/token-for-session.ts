// The work of /token: prove the identity with the session JWT, mint a chat token for it.
import { mintForSession, TOKEN_CONFIG, tokenTtlSeconds, type ChatToken } from './access-token';
import { validateIdentity } from '../conversations/identifiers';
import { requireConfig, type Config } from '../platform/config';
import { HttpError } from '../http/errors';
import { bearerToken } from '../http/headers';
import { verifySession, type Session } from '../auth/session';

/** The session an `Authorization: Bearer <jwt>` header proves (401 missing_session / invalid_session otherwise). */
export function sessionOfRequest(
  settings: Pick<Config, 'SESSION_ISSUER' | 'SESSION_AUDIENCE' | 'SESSION_MAX_TTL_SECONDS'> & { SESSION_SECRET: string },
  authorization: string | undefined,
): Session {
  const sessionToken = bearerToken(authorization);
  if (!sessionToken) {
    throw new HttpError('missing_session', 'Send the session JWT as `Authorization: Bearer <jwt>`.', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  return verifySession(sessionToken, {
    secret: settings.SESSION_SECRET,
    issuer: settings.SESSION_ISSUER,
    audience: settings.SESSION_AUDIENCE,
    maxLifetimeSeconds: settings.SESSION_MAX_TTL_SECONDS,
  });
}

/** Mints a token for the identity of a valid session. The request body and query are never read. */
export function tokenForSession(config: Config, authorization: string | undefined): ChatToken {
  const settings = requireConfig(config, TOKEN_CONFIG);
  const session = sessionOfRequest(settings, authorization);
  // Guest identities (guest-*) are reserved for the sessions /webchat/start signs for them.
  const identity = validateIdentity(session.identity, { allowGuest: session.guest === true });
  if (tokenTtlSeconds(settings.TOKEN_TTL_SECONDS, session.expiresAt) < 1) throw new HttpError('invalid_session', 'The session has expired: sign in again.');
  return mintForSession(settings, identity, session.expiresAt);
}
