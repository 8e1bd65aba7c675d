// POST /participants/onboard (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio. Input (JSON or form): { conversationSid? | uniqueName?,
// friendlyName?, attributes?, onConflict?: reuse|move|fail, participants: [{ channel,
// address? | identity?, proxyAddress?, attributes?, friendlyName? }] }.
// Answer: 200 { conversationSid, state: initializing|active|inactive, created, reused,
// participants: [{ channel, address|identity, participantSid, outcome: added|existing|reused|failed,
// error? }] }; `initializing`: Twilio is still creating the participants (send messages once active).
// Errors: 400 invalid_request | invalid_participant | invalid_address | invalid_identity |
// too_many_participants, 404 conversation_not_found, 409 conversation_closed | address_in_use,
// 422 participants_failed, 502 conversation_failed (Twilio closed the new conversation: retry).
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, manifest, onboard, onboardInput } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.onboard, async ({ config, params, twilio, log, deadlineAt }) => {
    const request = onboardInput.readOnboardRequest(params, config);
    const result = await onboard.onboardParticipants(config, twilio(), request, deadlineAt);
    log.set({ conversationSid: result.conversationSid, created: result.created, outcomes: result.participants.map((p) => p.outcome) });
    return onboard.assertSomeSucceeded(result);
  })(context, event, callback);
};
