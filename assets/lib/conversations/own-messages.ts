// Our own messages never trigger us: we send without X-Twilio-Webhook-Enabled, so Twilio
// fires no webhook for them; this check is the second line, for messages that arrive anyway.
// What marks a message as ours is only what no customer can set:
// - in a webhook event, `Source=API`: Twilio sets it for messages created through the REST
//   API, which takes the account's credentials (an SDK user's message says SDK, a text SMS);
// - in a message read back by REST, the author OWN_AUTHOR with no participant behind it. No
//   participant can be called OWN_AUTHOR: it is a reserved identity (see identifiers), and
//   message attributes (which any SDK user may write) are never looked at.
import type { EventSource } from '../webhook/events';

/** The author of the messages this bundle sends (Twilio's own default for REST messages). */
export const OWN_AUTHOR = 'system';

/**
 * The author of the AI agent's answers (agent/): its own name, so that web clients show who
 * answered; reserved like OWN_AUTHOR, so that no participant can write as it.
 */
export const AGENT_AUTHOR = 'assistant';

export function isOwnMessage(event: { source?: EventSource }): boolean {
  return event.source === 'API';
}

/** A message read back by REST that this bundle (or another REST caller) wrote as OWN_AUTHOR. */
export function isOwnStoredMessage(message: { author?: string | null; participantSid?: string | null }): boolean {
  return message.author === OWN_AUTHOR && !message.participantSid;
}

/** A message read back by REST that the AI agent bridge wrote (AGENT_AUTHOR, no participant behind it). */
export function isAgentStoredMessage(message: { author?: string | null; participantSid?: string | null }): boolean {
  return message.author === AGENT_AUTHOR && !message.participantSid;
}
