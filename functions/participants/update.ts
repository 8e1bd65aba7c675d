// POST /participants/update (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio. Input (JSON or form): { conversationSid, participantSid |
// identity | address + channel, attributes: a JSON merge patch (RFC 7396) }.
// Answer: 200 { conversationSid, participantSid, identity, address, channel, attributes (after
// the update), changed }: read, merge and write under the participant's lock in Sync.
// Errors: 400 invalid_request | invalid_address | invalid_identity, 404 conversation_not_found |
// participant_not_found, 409 conversation_closed | attributes_unreadable | request_in_progress.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, manifest, updateParticipant } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.updateParticipant, async ({ config, params, twilio, log, deadlineAt }) => {
    const request = updateParticipant.readUpdateParticipantRequest(params, config);
    log.set({ conversationSid: request.conversationSid });
    const result = await updateParticipant.updateParticipantAttributes(config, twilio(), request, deadlineAt);
    log.set({ participantSid: result.participantSid, changed: result.changed });
    return result;
  })(context, event, callback);
};
