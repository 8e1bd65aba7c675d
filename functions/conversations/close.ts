// POST /conversations/close (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio. Input (JSON or form): { conversationSid, delete?: boolean }.
// Answer: 200 { conversationSid, state: "closed" | "deleted", changed }: State=closed frees the
// SMS/WhatsApp bindings and keeps the history; closing a closed conversation changes nothing.
// Errors: 400 invalid_request, 404 conversation_not_found.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, closeConversation, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.close, async ({ config, params, twilio, log }) => {
    const { CONVERSATIONS_SERVICE_SID } = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
    const request = closeConversation.readCloseRequest(params);
    log.set({ conversationSid: request.conversationSid });
    return closeConversation.closeConversation(CONVERSATIONS_SERVICE_SID, twilio(), request);
  })(context, event, callback);
};
