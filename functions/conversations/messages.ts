// /conversations/messages (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Functions are not told the HTTP method: a request WITH a body (Content-Type set) sends,
// one without (a GET with a query string) reads history.
//
// POST — send: { conversationSid, body? | mediaSid? | contentSid + contentVariables?,
//                author?, attributes?, webhookEnabled? (default false), idempotencyKey? }
//   200: { conversationSid, messageSid, index, duplicate, idempotencyKey }
//   400 media_url_unsupported (use a mediaSid or a Content template) | invalid_request
//   409 conversation_closed | 422 message_too_long | message_blocked (the body passes the message policy)
// GET — history: ?conversationSid&from&to&author&participantSid&channel=sms|whatsapp|chat
//                 &order=asc|desc&limit (1-1000, default 50)&cursor
//   200: { conversationSid, messages: [{ sid, index, author, body, media, attributes, attributesRaw?,
//          participantSid, channel, dateCreated }], nextCursor }   400 invalid_cursor
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, history, httpHeaders, sendMessage } = loadHelpers();
  return endpoint.endpoint({
    name: 'conversations/messages',
    auth: 'server',
    handle: async ({ config, params, twilio, log }) => {
      const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID', 'AUTH_TOKEN']);
      if (httpHeaders.headerValue(event, 'content-type') !== undefined) {
        const sent = await sendMessage.sendMessage(settings, twilio(), sendMessage.readSendRequest(params));
        log.set({ conversationSid: sent.conversationSid, action: 'send', duplicate: sent.duplicate });
        return sent;
      }
      const request = history.readHistoryRequest(params);
      const found = await history.readHistory(settings.CONVERSATIONS_SERVICE_SID, twilio(), request, settings.AUTH_TOKEN);
      log.set({ conversationSid: found.conversationSid, action: 'history', count: found.messages.length });
      return found;
    },
  })(context, event, callback);
};
