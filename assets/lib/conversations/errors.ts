// A 404 from Twilio while cleaning up or re-reading means the resource is already gone:
// for a delete that is success, and for a post-event about a deleted conversation, nothing to do.
import type { ConversationsService } from './service';
import { conflict, notFound } from '../http/errors';
import { isTwilioRestError } from '../platform/twilio-client';

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

/** The one answer for a conversation that is closed (closed is final: nothing more can happen in it). */
export function conversationClosed(conversationSid: string) {
  return conflict('conversation_closed', `Conversation ${conversationSid} is closed: closed is final in Twilio, nothing can be added to it. Start a new conversation.`);
}

// "Can't update conversation as it's in final closed state" (https://www.twilio.com/docs/api/errors/50377).
const CLOSED_CODE = 50377;

/**
 * For `.catch()` on a write into one conversation: when Twilio refuses it because the
 * conversation is closed, the answer is 409 conversation_closed. Twilio documents the code
 * only for updates, so any other refusal (a 4xx that is not 404 or 429) is checked with one
 * read of the conversation, made only on that failure path.
 */
export function refusedIfClosed(service: ConversationsService, conversationSid: string) {
  return async (error: unknown): Promise<never> => {
    if (isTwilioRestError(error) && error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 429) {
      const closed =
        error.code === CLOSED_CODE ||
        (await service
          .conversations(conversationSid)
          .fetch()
          .then((conversation) => conversation.state === 'closed', () => false));
      if (closed) throw conversationClosed(conversationSid);
    }
    throw error;
  };
}
