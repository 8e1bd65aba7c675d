// POST /conversations/update (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio. Input (JSON or form): { conversationSid | uniqueName,
// attributes?: a JSON merge patch (RFC 7396: the keys to change, null removes one),
// friendlyName?, state?: active|inactive|closed, timers?: { inactive?, closed? } (ISO-8601) }.
// Answer: 200 { conversationSid, state, friendlyName, attributes (after the update), changed }:
// one Twilio update, under the conversation's attributes lock when attributes change.
// Errors: 400 invalid_request (attributes too large after the merge, too), 404 conversation_not_found,
// 409 conversation_closed | attributes_unreadable | request_in_progress (retry after Retry-After).
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, manifest, updateConversation } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.updateConversation, async ({ config, params, twilio, log, deadlineAt }) => {
    const request = updateConversation.readUpdateConversationRequest(params);
    const result = await updateConversation.updateConversation(config, twilio(), request, deadlineAt);
    log.set({ conversationSid: result.conversationSid, changed: result.changed });
    return result;
  })(context, event, callback);
};
