// POST /conversations/webhook (protected, Twilio signature)
// Caller: Twilio Conversations: the Service's Pre-Event and Post-Event URL (no query string),
// Filters = HANDLED_WEBHOOK_EVENTS (`npm run configure` sets them). Input: Twilio's form.
// Answer: 200 {} (publish unchanged, nothing to do), or { body } / { friendly_name } (publish changed).
// Errors: 422 message_too_long | message_blocked (Twilio refuses the message), 403 invalid_signature.
// Pre-events make no REST call; post-events are idempotent (Twilio may deliver twice).
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, manifest, webhook } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.webhook, (request) => webhook.answerWebhook(request))(context, event, callback);
};
