// POST /webchat/end (public, guest session JWT)
// Caller: the web page of a guest, with the `sessionToken` /webchat/start answered.
// Input: Authorization: Bearer <guest session JWT>; body (JSON or form, all optional):
// { conversationSid (must be the session's own), notice (<= 1600 characters, posted before closing) }.
// Answer: 200 { conversationSid, closed: true, changed }: ending an ended chat changes nothing.
// Errors: 401 missing_session | invalid_session (a guest session from before /webchat/end names
// no conversation: start a new chat), 403 not_your_conversation, 400 invalid_request | invalid_identity,
// 404 conversation_not_found, 409 request_in_progress (another end of it still running),
// 422 message_too_long | message_blocked.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { config: configModule, endChat, endpoint, httpHeaders, manifest, tokenEndpoint } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.webchatEnd, async ({ config, params, twilio, log, deadlineAt }) => {
    const settings = configModule.requireConfig(config, ['SESSION_SECRET', 'CONVERSATIONS_SERVICE_SID']);
    const session = tokenEndpoint.sessionOfRequest(settings, httpHeaders.headerValue(event, 'authorization'));
    const request = endChat.readEndChatRequest(params);
    const chat = endChat.guestChatOf(session, request);
    log.set({ conversationSid: chat.conversationSid, identity: chat.identity });
    return endChat.endGuestChat(settings, twilio(), chat, request, deadlineAt);
  })(context, event, callback);
};
