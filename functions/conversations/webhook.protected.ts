// POST /conversations/webhook (protected; Twilio Conversations pre- and post-event webhooks)
// Configure it as the Service's Pre-Event URL, Post-Event URL, or both (same URL, no query
// string), with the Filters in HANDLED_WEBHOOK_EVENTS (`npm run configure` sets them).
//   Body:  Twilio's form-encoded event (EventType, AccountSid, Source, ...), X-Twilio-Signature
//   200:   {} publish unchanged / nothing to do;  { body } or { friendly_name } publish changed
//   422:   { error: { code: "message_too_long" | "message_blocked", message } } Twilio refuses the message
//   403:   { error: { code: "invalid_signature", message } }
// Pre-events make no REST call; post-events are idempotent (Twilio may deliver twice).
import { loadHelpers } from '../../runtime/load-helpers';
import type { FunctionHandler } from '../../runtime/types';

export const handler: FunctionHandler = (context, event, callback) => {
  const { endpoint, webhook } = loadHelpers();
  return endpoint.endpoint({
    name: 'conversations/webhook',
    auth: 'twilio-signature',
    handle: (request) => webhook.answerWebhook(request),
  })(context, event, callback);
};
