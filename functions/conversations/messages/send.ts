// POST /conversations/messages/send (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio. Input (JSON or form): { conversationSid, body? | mediaSid? |
// contentSid + contentVariables?, author?, attributes?, webhookEnabled? (default false),
// idempotencyKey? }.
// Answer: 200 { conversationSid, messageSid, index, duplicate, idempotencyKey }.
// Errors: 400 invalid_request | media_url_unsupported, 404 conversation_not_found,
// 409 conversation_closed | request_in_progress, 422 message_too_long | message_blocked (the body
// passes the policy) | idempotency_key_reused.
import { loadHelpers } from '../../../runtime/load-helpers';
import type { FunctionHandler } from '../../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, manifest, sendMessage } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.send, async ({ config, params, twilio, log, deadlineAt }) => {
    const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
    const sent = await sendMessage.sendMessage(settings, twilio(), sendMessage.readSendRequest(params), deadlineAt);
    log.set({ conversationSid: sent.conversationSid, duplicate: sent.duplicate });
    return sent;
  })(context, event, callback);
};
