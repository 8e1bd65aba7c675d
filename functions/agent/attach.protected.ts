// POST /agent/attach (protected, Twilio signature)
// Caller: Studio, Flex or agent tools that sign requests (back to the AI agent after a hand-off).
// Input (form): ConversationSid.
// Answer: 200 { attached: true, conversationSid, handoffCleared, agentRemoved, agentAnswers }.
// Errors: 400 invalid_request, 404 conversation_not_found, 409 conversation_closed | bot_already_attached
// (a Studio flow answers it: remove it first) | request_in_progress, 503 not_configured (AGENT_URL unset).
// Clears the hand-off record and removes the human the hand-off added: the agent answers the next message.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, manifest, agentAttach } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.agentAttach, async ({ config, params, twilio, log, deadlineAt }) => {
    const { conversationSid } = agentAttach.readAgentAttachRequest(params);
    log.set({ conversationSid });
    const answer = await agentAttach.attachAgent(config, twilio(), conversationSid, deadlineAt);
    log.set({ handoffCleared: answer.handoffCleared, agentAnswers: answer.agentAnswers });
    return answer;
  })(context, event, callback);
};
