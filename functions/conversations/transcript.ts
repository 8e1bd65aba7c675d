// GET /conversations/transcript (public, server auth: Bearer SERVER_API_TOKEN or a Twilio signature)
// Caller: your backend, agent tools, archiving jobs. Input (query): conversationSid or uniqueName,
// format=json|text (default json), cursor (from a 413's details.cursor, or a part's nextCursor).
// Answer: 200 JSON { conversationSid, uniqueName, friendlyName, state, participants: [{ participantSid,
// channel, identity, address, label }], messages: [{ sid, index, dateCreated, author, label,
// participantSid, channel, body, media: [{ sid, filename, contentType }] }], nextCursor }, or with
// format=text, text/plain lines `2026-07-01T12:00:00Z [sms +14155550123] Hello` (a part's next
// cursor in the Next-Cursor header). Without a cursor the answer is the whole transcript.
// Errors: 400 invalid_request | invalid_cursor, 404 conversation_not_found,
// 413 transcript_too_large (over 4 MB or the time one request has: details.cursor reads it in parts).
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { config: configModule, endpoint, manifest, transcript } = loadHelpers();
  return endpoint.serve(manifest.ENDPOINTS.transcript, async ({ config, params, twilio, log, deadlineAt }) => {
    const settings = configModule.requireConfig(config, ['CONVERSATIONS_SERVICE_SID', 'AUTH_TOKEN']);
    const request = transcript.readTranscriptRequest(params);
    log.set({ format: request.format, ...(request.conversationSid ? { conversationSid: request.conversationSid } : {}) });
    return transcript.readTranscript(settings.CONVERSATIONS_SERVICE_SID, twilio(), request, { cursorKey: settings.AUTH_TOKEN, deadlineAt });
  })(context, event, callback);
};
