// GET /conversations/list (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, agent tools. Input (query): by customer address + channel=sms|whatsapp,
// or identity; state=active|inactive|closed, from, to (ISO-8601), limit (1-100, default 20), cursor.
// Answer: 200 { conversations: [{ conversationSid, uniqueName, friendlyName, state, dateCreated,
// dateUpdated, participant? (by customer: theirs), latestMessage: { sid, index, author, body
// (at most 200 characters), bodyTruncated, hasMedia, channel, dateCreated } | null }], nextCursor }.
// Errors: 400 invalid_request | invalid_address | invalid_identity | invalid_cursor.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, listConversations, listInput, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.listConversations, async ({ config, params, twilio, log }) => {
    const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID', 'AUTH_TOKEN']);
    const request = listInput.readListRequest(params, settings);
    log.set({ by: request.customer ? ('identity' in request.customer ? 'identity' : 'address') : 'service', paged: request.cursor !== undefined });
    const found = await listConversations.listConversations(settings.CONVERSATIONS_SERVICE_SID, twilio(), request, settings.AUTH_TOKEN);
    log.set({ count: found.conversations.length });
    return found;
  })(context, event, callback);
};
