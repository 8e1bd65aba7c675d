// POST /participants/onboard (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Puts SMS, WhatsApp and chat participants into one conversation: a new one, or an existing
// one named by conversationSid / uniqueName. JSON or form bodies.
//   Body: { conversationSid? | uniqueName?, friendlyName?, attributes?, onConflict?: reuse|move|fail,
//           participants: [{ channel, address? | identity?, proxyAddress?, attributes?, friendlyName? }] }
//   200:  { conversationSid, created, reused, participants: [{ channel, address|identity,
//           participantSid, outcome: added|existing|reused|failed, error? }] }
//   400 invalid_request | invalid_participant | invalid_address | invalid_identity | too_many_participants
//       | input_too_deep (every endpoint: bodies are bounded before any work; 413 input_too_large)
//   404 conversation_not_found | 409 address_in_use (onConflict=fail) | 401 unauthorized
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, onboard, onboardInput } = loadHelpers();
  return endpoint.endpoint({
    name: 'participants/onboard',
    auth: 'server',
    handle: async ({ config, params, twilio, log, deadlineAt }) => {
      const request = onboardInput.readOnboardRequest(params, config);
      const result = await onboard.onboardParticipants(config, twilio(), request, deadlineAt);
      log.set({ conversationSid: result.conversationSid, created: result.created, outcomes: result.participants.map((p) => p.outcome) });
      return onboard.assertSomeSucceeded(result);
    },
  })(context, event, callback);
};
