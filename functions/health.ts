// GET /health (public) — is the deployment alive and configured?
// Answers { ok, version, sandbox, configured: [features] }: feature names only, never values.
import { version } from '../package.json';
import { loadHelpers } from '../runtime/load-helpers';
import type { FunctionHandler } from '../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config } = loadHelpers();
  return endpoint.endpoint({
    name: 'health',
    auth: 'public',
    cors: true,
    handle: async (request) => ({
      ok: true,
      version,
      sandbox: request.config.TWILIO_API_BASE_URL !== undefined,
      configured: config.configuredFeatures(request.config),
    }),
  })(context, event, callback);
};
