// POST /webchat/start (public, allowed origin)
// Caller: the web page of an anonymous visitor, from ALLOWED_ORIGINS only.
// Input (JSON or form, all optional): { friendlyName, email, question }.
// Answer: 200 { token, identity, conversationSid, sessionToken, expiresAt }; sessionToken is a
// session JWT: refresh the token later through /token with it.
// Errors: 404 guest_chat_disabled, 403 origin_not_allowed, 400 invalid_request,
// 422 message_too_long | message_blocked (the question passes the message policy),
// 429 guest_chat_busy (GUEST_CHAT_MAX_PER_MINUTE, with Retry-After).
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, guestChat, http, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.webchatStart, async ({ config, params, headers, twilio, log, deadlineAt }) => {
    if (!config.GUEST_CHAT_ENABLED) throw new http.HttpError('guest_chat_disabled', 'Guest chat is not enabled (GUEST_CHAT_ENABLED).');
    const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
    if (!origin || !config.ALLOWED_ORIGINS.includes(origin)) {
      throw new http.HttpError('origin_not_allowed', 'Guest chats start only from a page on ALLOWED_ORIGINS.');
    }
    const chat = await guestChat.startGuestChat(config, twilio(), guestChat.readPreEngagement(params), deadlineAt);
    log.set({ conversationSid: chat.conversationSid, identity: chat.identity });
    return chat;
  })(context, event, callback);
};
