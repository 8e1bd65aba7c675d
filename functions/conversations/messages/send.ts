// POST /conversations/messages/send (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio. Input (JSON or form): { conversationSid, body? + (mediaUrl? |
// mediaSid?) | contentSid + contentVariables?, author?, attributes?, webhookEnabled? (default
// false), idempotencyKey? }. mediaUrl is fetched safely, uploaded to the Media Content Service,
// then sent with the message (assets/lib/media/).
// Answer: 200 { conversationSid, messageSid, index, duplicate, idempotencyKey }.
// Errors: 400 invalid_request | media_url_invalid | media_url_forbidden, 404 conversation_not_found,
// 409 conversation_closed | request_in_progress, 413 media_too_large, 415 media_type_unsupported,
// 422 message_too_long | message_blocked (the body passes the policy) | idempotency_key_reused,
// 502 media_fetch_failed, 503 media_upload_failed (nothing was sent).
import { loadHelpers } from '../../../runtime/load-helpers';
import type { FunctionHandler } from '../../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, manifest, sendMessage } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.send, async ({ config, params, twilio, log, deadlineAt, context: functionContext }) => {
    const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
    const sent = await sendMessage.sendMessage(settings, twilio(), sendMessage.readSendRequest(params), deadlineAt, {
      domainName: functionContext.DOMAIN_NAME,
    });
    log.set({ conversationSid: sent.conversationSid, duplicate: sent.duplicate });
    return sent;
  })(context, event, callback);
};
