// POST /webchat/start (public; the web page of an anonymous visitor, ALLOWED_ORIGINS only)
// Starts a guest chat: a conversation with the visitor as chat participant, the question
// as first message, the Studio bot attached when STUDIO_FLOW_SID is set.
//   Body (JSON or form, all optional): { friendlyName, email, question }
//   200: { token, identity, conversationSid, sessionToken, expiresAt }
//        sessionToken is a session JWT: refresh the token later through /token with it.
//   404 guest_chat_disabled | 403 origin_not_allowed | 400 invalid_request
//   422 message_too_long | message_blocked (the question passes the message policy; cards are redacted)
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, guestChat, http } = loadHelpers();
  return endpoint.endpoint({
    name: 'webchat/start',
    auth: 'public',
    cors: true,
    handle: async ({ config, params, headers, twilio, log }) => {
      if (!config.GUEST_CHAT_ENABLED) throw new http.HttpError('guest_chat_disabled', 'Guest chat is not enabled (GUEST_CHAT_ENABLED).');
      const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
      if (!origin || !config.ALLOWED_ORIGINS.includes(origin)) {
        throw new http.HttpError('origin_not_allowed', 'Guest chats start only from a page on ALLOWED_ORIGINS.');
      }
      const chat = await guestChat.startGuestChat(config, twilio(), guestChat.readPreEngagement(params));
      log.set({ conversationSid: chat.conversationSid, identity: chat.identity });
      return chat;
    },
  })(context, event, callback);
};
