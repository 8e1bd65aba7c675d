// POST /studio/handoff (protected, Twilio signature)
// Caller: Studio's Run Function widget (see studio/flow.json). Input (form): ConversationSid,
// ExecutionSid + FlowSid ({{flow.sid}}, {{flow.flow_sid}}), AgentIdentity (else Flex, else the
// least busy of AGENT_IDENTITIES), Reason, Message.
// Answer: 200 { handedOff: true, alreadyHandedOff, conversationSid, route: "agent" | "flex",
// agentIdentity | interactionSid, handedOffAt, executionEnded? } (flat: widgets.NAME.parsed).
// Errors: 400 invalid_request | invalid_identity, 404 conversation_not_found, 409 conversation_closed |
// participant_limit | request_in_progress (another hand-off of it is running), 422 message_too_long | message_blocked (the Message passes the policy),
// 502 agent_not_added, 503 no_agent_configured | not_configured.
// The agent joins the SAME conversation; then the bot is let go, the customer told, the record written.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, handoff, manifest } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.handoff, async ({ config, params, twilio, log, deadlineAt }) => {
    const request = handoff.readHandoffRequest(params);
    log.set({ conversationSid: request.conversationSid });
    const answer = await handoff.handOff(config, twilio(), request, deadlineAt);
    log.set({ route: answer.route, alreadyHandedOff: answer.alreadyHandedOff, executionEnded: answer.executionEnded });
    return answer;
  })(context, event, callback);
};
