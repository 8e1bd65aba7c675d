// GET /conversations/messages/history (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, agent tools. Input (query): conversationSid, from, to, author,
// participantSid, channel=sms|whatsapp|chat, order=asc|desc, limit (1-1000, default 50), cursor.
// Answer: 200 { conversationSid, messages: [{ sid, index, author, body, media, attributes,
// attributesRaw?, participantSid, channel, dateCreated, delivery, readBy }], nextCursor }.
// Errors: 400 invalid_request | invalid_cursor, 404 conversation_not_found.
import { loadHelpers } from '../../../runtime/load-helpers';
import type { FunctionHandler } from '../../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, history, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.history, async ({ config, params, twilio, log }) => {
    const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID', 'AUTH_TOKEN']);
    const found = await history.readHistory(settings.CONVERSATIONS_SERVICE_SID, twilio(), history.readHistoryRequest(params), settings.AUTH_TOKEN);
    log.set({ conversationSid: found.conversationSid, count: found.messages.length });
    return found;
  })(context, event, callback);
};
