// POST /conversations/close (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Closes a conversation (State=closed: SMS/WhatsApp bindings are freed, history is kept),
// or deletes it with delete=true. Idempotent: closing a closed conversation changes nothing.
//   Body: { conversationSid, delete?: boolean }
//   200:  { conversationSid, state: "closed" | "deleted", changed }
//   404 conversation_not_found | 400 invalid_request | 401 unauthorized
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, closeConversation } = loadHelpers();
  return endpoint.endpoint({
    name: 'conversations/close',
    auth: 'server',
    handle: async ({ config, params, twilio, log }) => {
      const { CONVERSATIONS_SERVICE_SID } = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
      const request = closeConversation.readCloseRequest(params);
      log.set({ conversationSid: request.conversationSid });
      return closeConversation.closeConversation(CONVERSATIONS_SERVICE_SID, twilio(), request);
    },
  })(context, event, callback);
};
