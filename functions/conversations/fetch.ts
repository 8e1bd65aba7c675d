// GET /conversations/fetch (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, agent tools. Input (query): conversationSid or uniqueName (exactly one).
// Answer: 200 { conversationSid, uniqueName, friendlyName, state, timers: { dateInactive,
// dateClosed }, dateCreated, dateUpdated, attributes, attributesRaw?, participants: [{ sid,
// channel, identity, address, proxyAddress, role, attributes, attributesRaw?,
// lastReadMessageIndex, dateCreated }] }.
// Errors: 400 invalid_request, 404 conversation_not_found.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, fetchConversation, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.fetchConversation, async ({ config, params, twilio, log }) => {
    const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
    const request = fetchConversation.readFetchRequest(params);
    const found = await fetchConversation.fetchConversation(settings.CONVERSATIONS_SERVICE_SID, twilio(), request, settings.AGENT_IDENTITIES);
    log.set({ conversationSid: found.conversationSid, count: found.participants.length });
    return found;
  })(context, event, callback);
};
