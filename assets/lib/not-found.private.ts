// A 404 from Twilio while cleaning up or re-reading means the resource is already gone:
// for a delete that is success, and for a post-event about a deleted conversation, nothing to do.
import { notFound } from './http.private';
import { isTwilioRestError } from './twilio.private';

export function isNotFound(error: unknown): boolean {
  return isTwilioRestError(error) && error.status === 404;
}

/** For `.catch()`: swallows a 404 (resolves undefined), rethrows anything else. */
export function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

/** The one answer for a conversation that is not there (never existed, or was deleted). */
export function conversationNotFound(conversationSid: string) {
  return notFound('conversation_not_found', `Conversation ${conversationSid} does not exist in this Conversations service.`);
}

/** For `.catch()` on a conversation or any of its sub-resources: a 404 means the conversation is missing. */
export function conversationMissing(conversationSid: string) {
  return (error: unknown): never => {
    if (isNotFound(error)) throw conversationNotFound(conversationSid);
    throw error;
  };
}
