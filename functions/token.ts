// POST|GET /token (public; browsers and apps)
// Mints a Twilio Conversations access token for the identity proven by a session JWT.
//   Request:  Authorization: Bearer <session JWT, HS256 with SESSION_SECRET, `sub` = identity>
//             (the body and query are ignored: an identity is never taken from them)
//   200:      { token, identity, expiresAt }   -- call again on `tokenAboutToExpire` to refresh
//   401:      { error: { code: "missing_session" | "invalid_session", message } }
//   400:      { error: { code: "invalid_identity", message } }  (also the reserved system and guest-*)
// No Twilio REST call is made.
import { loadHelpers } from '../runtime/load-helpers';
import type { FunctionHandler } from '../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, httpHeaders, tokenEndpoint } = loadHelpers();
  return endpoint.endpoint({
    name: 'token',
    auth: 'public',
    cors: true,
    handle: async ({ config, log }) => {
      const minted = tokenEndpoint.tokenForSession(config, httpHeaders.headerValue(event, 'authorization'));
      log.set({ identity: minted.identity });
      return minted;
    },
  })(context, event, callback);
};
