// POST /studio/handoff (protected: Twilio signature; Studio's Run Function widget signs its requests)
// Hands a conversation from the bot to a human in the SAME conversation: the agent joins as
// a chat participant (or Flex gets an interaction); then the studio webhook is removed, the
// execution ended, the customer notified and `handoff` recorded in the attributes.
// Idempotent. Form parameters, as the widget sends them (see studio/flow.json):
//   ConversationSid (required), ExecutionSid + FlowSid ({{flow.sid}}, {{flow.flow_sid}}),
//   AgentIdentity (else Flex, else the least busy of AGENT_IDENTITIES), Reason, Message
//   200: { handedOff: true, alreadyHandedOff, conversationSid, route: "agent" | "flex",
//          agentIdentity | interactionSid, handedOffAt, executionEnded? }
//        (flat: Studio shows it as widgets.NAME.parsed)
//   400 invalid_request | invalid_identity | 403 invalid_signature | 404 conversation_not_found
//   409 conversation_closed | agent_not_added | 502/503 agent_not_added | twilio_* (retriable)
//   503 no_agent_configured | not_configured
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, handoff } = loadHelpers();
  return endpoint.endpoint({
    name: 'studio/handoff',
    auth: 'twilio-signature',
    handle: async ({ config, params, twilio, log, deadlineAt }) => {
      const request = handoff.readHandoffRequest(params);
      log.set({ conversationSid: request.conversationSid });
      const answer = await handoff.handOff(config, twilio(), request, deadlineAt);
      log.set({ route: answer.route, alreadyHandedOff: answer.alreadyHandedOff, executionEnded: answer.executionEnded });
      return answer;
    },
  })(context, event, callback);
};
