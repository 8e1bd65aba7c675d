// POST /token (public, session JWT)
// Caller: browsers and apps of signed-in users. Input: Authorization: Bearer <session JWT,
// HS256 with SESSION_SECRET, `sub` = identity>; the body and query are never read.
// Answer: 200 { token, identity, expiresAt }: call again on `tokenAboutToExpire` to refresh.
// Errors: 401 missing_session | invalid_session, 400 invalid_identity. No Twilio REST call.
import { loadHelpers } from '../runtime/load-helpers';
import type { FunctionHandler } from '../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, httpHeaders, manifest, tokenEndpoint } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.token, async ({ config, log }) => {
    const minted = tokenEndpoint.tokenForSession(config, httpHeaders.headerValue(event, 'authorization'));
    log.set({ identity: minted.identity });
    return minted;
  })(context, event, callback);
};
