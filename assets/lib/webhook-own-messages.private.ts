// Our own messages never trigger us: we send without X-Twilio-Webhook-Enabled, so Twilio
// fires no webhook for them; this check is the second line, for messages that arrive anyway
// (a REST caller that did set the header, or a future code path that does).
import type { EventSource } from './webhook-events.private';

/** The author of the messages this bundle sends (Twilio's own default for REST messages). */
export const OWN_AUTHOR = 'system';

export function isOwnMessage(event: { source?: EventSource; author?: string }): boolean {
  return event.source === 'API' || event.author === OWN_AUTHOR;
}
