// The work of /token: prove the identity with the session JWT, mint a chat token for it.
import { mintChatToken, tokenTtlSeconds, type ChatToken } from './access-token.private';
import { validateIdentity } from './addresses.private';
import { requireConfig, type Config } from './config.private';
import { HttpError } from './http.private';
import { bearerToken, verifySession } from './session.private';

const NEEDED = ['ACCOUNT_SID', 'API_KEY_SID', 'API_KEY_SECRET', 'CONVERSATIONS_SERVICE_SID', 'SESSION_SECRET'] as const;

/** Mints a token for the identity of a valid session. The request body and query are never read. */
export function tokenForSession(config: Config, authorization: string | undefined): ChatToken {
  const settings = requireConfig(config, NEEDED);
  const sessionToken = bearerToken(authorization);
  if (!sessionToken) {
    throw new HttpError(401, 'missing_session', 'Send the session JWT as `Authorization: Bearer <jwt>`.', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  const session = verifySession(sessionToken, { secret: settings.SESSION_SECRET, issuer: settings.SESSION_ISSUER, audience: settings.SESSION_AUDIENCE });
  const identity = validateIdentity(session.identity);
  const ttlSeconds = tokenTtlSeconds(settings.TOKEN_TTL_SECONDS, session.expiresAt);
  if (ttlSeconds < 1) throw new HttpError(401, 'invalid_session', 'The session has expired: sign in again.');
  return mintChatToken({
    accountSid: settings.ACCOUNT_SID,
    apiKeySid: settings.API_KEY_SID,
    apiKeySecret: settings.API_KEY_SECRET,
    serviceSid: settings.CONVERSATIONS_SERVICE_SID,
    pushCredentialSid: settings.PUSH_CREDENTIAL_SID,
    identity,
    ttlSeconds,
  });
}
