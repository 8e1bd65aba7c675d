// POST /participants/remove (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, Studio, agent tools. Input (JSON or form): { conversationSid,
// participants: [1..50 of { participantSid } | { identity } | { address, channel }], close?: boolean }.
// Answer: 200 { conversationSid, state, changed, participants: [{ participantSid, identity? |
// address? + channel?, removed, outcome: removed|absent|failed, error? }] }: absent (already gone)
// is success; `close: true` sets State=closed once every removal succeeded.
// Errors: 400 invalid_request | invalid_address | invalid_identity, 404 conversation_not_found.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, config: configModule, manifest, removeParticipants } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.removeParticipants, async ({ config, params, twilio, log }) => {
    const { CONVERSATIONS_SERVICE_SID } = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
    const request = removeParticipants.readRemoveParticipantsRequest(params, config);
    log.set({ conversationSid: request.conversationSid });
    const result = await removeParticipants.removeParticipants(CONVERSATIONS_SERVICE_SID, twilio(), request);
    log.set({ outcomes: result.participants.map((p) => p.outcome), state: result.state });
    return result;
  })(context, event, callback);
};
