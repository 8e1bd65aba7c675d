// POST /studio/attach (protected, Twilio signature)
// Caller: Studio, agent tools that sign requests (back to the bot). Input (form):
// ConversationSid, FlowSid (default STUDIO_FLOW_SID), ReplayAfter (message index; default none).
// Answer: 200 { attached: true, conversationSid, flowSid, webhookSid, replayAfter, handoffCleared }.
// Errors: 400 invalid_request, 404 conversation_not_found, 409 conversation_closed | bot_already_attached
// (one studio webhook at most; closed is final) | request_in_progress.
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, manifest, studioAttach } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.attach, async ({ config, params, twilio, log, deadlineAt }) => {
    const request = studioAttach.readAttachRequest(params, config);
    log.set({ conversationSid: request.conversationSid });
    const answer = await studioAttach.attachFlow(config, twilio(), request, deadlineAt);
    log.set({ handoffCleared: answer.handoffCleared });
    return answer;
  })(context, event, callback);
};
