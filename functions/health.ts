// GET /health (public, no auth)
// Caller: monitoring, the console page. Input: none.
// Answer: 200 { ok, version, sandbox, configured: [feature names] } (names only, never values).
// Errors: docs/errors.md (this endpoint: only the ones every endpoint has).
import { version } from '../package.json';
import { loadHelpers } from '../runtime/load-helpers';
import type { FunctionHandler } from '../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.health, async (request) => ({
    ok: true,
    version,
    sandbox: request.config.TWILIO_API_BASE_URL !== undefined,
    configured: config.configuredFeatures(request.config),
  }))(context, event, callback);
};
