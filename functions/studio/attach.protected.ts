// POST /studio/attach (protected: Twilio signature; Studio and agent tools that sign requests)
// Attaches a Studio flow to a conversation (back to the bot): a studio-target conversation
// webhook with flat Configuration keys, and the `handoff` record cleared.
//   Form parameters: ConversationSid (required), FlowSid (default STUDIO_FLOW_SID),
//   ReplayAfter (message index to replay from; default: none, the bot answers the next message)
//   200: { attached: true, conversationSid, flowSid, webhookSid, replayAfter, handoffCleared }
//   400 invalid_request | 403 invalid_signature | 404 conversation_not_found
//   409 bot_already_attached (a conversation has at most one studio webhook)
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, studioAttach } = loadHelpers();
  return endpoint.endpoint({
    name: 'studio/attach',
    auth: 'twilio-signature',
    handle: async ({ config, params, twilio, log }) => {
      const request = studioAttach.readAttachRequest(params, config);
      log.set({ conversationSid: request.conversationSid });
      const answer = await studioAttach.attachFlow(config, twilio(), request);
      log.set({ handoffCleared: answer.handoffCleared });
      return answer;
    },
  })(context, event, callback);
};
