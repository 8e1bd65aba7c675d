// GET /conversations/messages/receipts (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, agent tools. Input (query): conversationSid, messageSid.
// Answer: 200 { conversationSid, messageSid, delivery, receipts: [{ sid, participantSid, channel,
// address, status, errorCode, channelMessageSid, dateUpdated }] }: one receipt per SMS/WhatsApp
// participant the message went to; chat participants have none (see history's readBy).
// Errors: 400 invalid_request, 404 conversation_not_found | message_not_found.
import { loadHelpers } from '../../../runtime/load-helpers';
import type { FunctionHandler } from '../../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, receipts, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.receipts, async ({ config, params, twilio, log }) => {
    const { CONVERSATIONS_SERVICE_SID } = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
    const request = receipts.readReceiptsRequest(params);
    log.set({ conversationSid: request.conversationSid });
    return receipts.readReceipts(CONVERSATIONS_SERVICE_SID, twilio(), request);
  })(context, event, callback);
};
