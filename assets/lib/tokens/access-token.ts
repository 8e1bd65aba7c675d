// Conversations access tokens. Only the JWT part of twilio-node is loaded (~30 ms cold,
// against ~100 ms for the whole REST client): /token makes no REST call at all.
import type { Config } from '../platform/config';
import { lazy } from '../common/lazy';

const accessTokens = lazy(() => require('twilio/lib/jwt/AccessToken') as typeof import('twilio/lib/jwt/AccessToken'));

// Twilio refuses longer tokens (error 20157); twilio-node does not check it.
export const MAX_TOKEN_TTL_SECONDS = 86_400;

/** The token lives TOKEN_TTL_SECONDS, but never past 24 h nor past the session that proved the identity. */
export function tokenTtlSeconds(configuredTtl: number, sessionExpiresAt: number, nowSeconds = Math.floor(Date.now() / 1000)): number {
  // Whole seconds: a NumericDate may be fractional, Twilio's ttl may not.
  return Math.max(0, Math.floor(Math.min(configuredTtl, MAX_TOKEN_TTL_SECONDS, sessionExpiresAt - nowSeconds)));
}

type ChatTokenRequest = {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  serviceSid: string;
  pushCredentialSid?: string;
  identity: string;
  ttlSeconds: number;
};

export type ChatToken = { token: string; identity: string; expiresAt: string };

function mintChatToken(request: ChatTokenRequest): ChatToken {
  const AccessToken = accessTokens();
  // identity must be given to the constructor since twilio-node 4 (setting it later throws).
  const token = new AccessToken(request.accountSid, request.apiKeySid, request.apiKeySecret, { identity: request.identity, ttl: request.ttlSeconds });
  token.addGrant(new AccessToken.ChatGrant({ serviceSid: request.serviceSid, pushCredentialSid: request.pushCredentialSid }));
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + request.ttlSeconds) * 1000).toISOString();
  return { token: token.toJwt(), identity: request.identity, expiresAt };
}

/** What minting needs from the configuration (webchat/start and /token both check it). */
export const TOKEN_CONFIG = ['ACCOUNT_SID', 'API_KEY_SID', 'API_KEY_SECRET', 'CONVERSATIONS_SERVICE_SID', 'SESSION_SECRET'] as const;

export type TokenSettings = Pick<Config, 'PUSH_CREDENTIAL_SID' | 'TOKEN_TTL_SECONDS'> & {
  ACCOUNT_SID: string;
  API_KEY_SID: string;
  API_KEY_SECRET: string;
  CONVERSATIONS_SERVICE_SID: string;
};

/** A chat token for an identity a session proved, capped by that session's expiry. */
export function mintForSession(settings: TokenSettings, identity: string, sessionExpiresAt: number): ChatToken {
  return mintChatToken({
    accountSid: settings.ACCOUNT_SID,
    apiKeySid: settings.API_KEY_SID,
    apiKeySecret: settings.API_KEY_SECRET,
    serviceSid: settings.CONVERSATIONS_SERVICE_SID,
    pushCredentialSid: settings.PUSH_CREDENTIAL_SID,
    identity,
    ttlSeconds: tokenTtlSeconds(settings.TOKEN_TTL_SECONDS, sessionExpiresAt),
  });
}
