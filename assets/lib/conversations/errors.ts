// The answers about one conversation every endpoint gives alike: not there (404), closed (409).
import type { ConversationsService } from './service';
import { HttpError } from '../http/errors';
import { classifyTwilioFailure, isNotFound, TwilioErrorCodes, twilioErrorCode } from '../platform/twilio-errors';

/** The one answer for a conversation that is not there (never existed, or was deleted). */
export function conversationNotFound(conversationSid: string) {
  return new HttpError('conversation_not_found', `Conversation ${conversationSid} does not exist in this Conversations service.`);
}

/** For `.catch()` on a conversation or any of its sub-resources: a 404 means the conversation is missing. */
export function conversationMissing(conversationSid: string) {
  return (error: unknown): never => {
    if (isNotFound(error)) throw conversationNotFound(conversationSid);
    throw error;
  };
}

/**
 * The one answer for a conversation that is closed (closed is final: nothing more can happen in
 * it). One found by its unique name keeps the name while it exists: the answer says so, and how
 * to free it.
 */
export function conversationClosed(conversationSid: string, uniqueName?: string) {
  if (uniqueName === undefined) {
    return new HttpError(
      'conversation_closed',
      `Conversation ${conversationSid} is closed: closed is final in Twilio, nothing can be added to it. Start a new conversation.`,
      { details: { conversationSid } },
    );
  }
  return new HttpError(
    'conversation_closed',
    `Conversation ${conversationSid} with the unique name "${uniqueName}" is closed: closed is final in Twilio, and the closed ` +
      'conversation keeps its unique name. Use another uniqueName, or delete that conversation (POST /conversations/close with "delete": true) to free it.',
    { details: { conversationSid, uniqueName } },
  );
}

/** Twilio refused a write because the conversation is closed (https://www.twilio.com/docs/api/errors/50377). */
export const isClosedRefusal = (error: unknown): boolean => twilioErrorCode(error) === TwilioErrorCodes.conversationClosed;

/**
 * For `.catch()` on a write into one conversation: when Twilio refuses it because the
 * conversation is closed, the answer is 409 conversation_closed. Twilio documents the code
 * only for updates, so any other refusal (a 4xx that is not 404 or 429) is checked with one
 * read of the conversation, made only on that failure path.
 */
export function refusedIfClosed(service: ConversationsService, conversationSid: string) {
  return async (error: unknown): Promise<never> => {
    const failure = classifyTwilioFailure(error);
    if (failure && ['rejected', 'conflict', 'limit'].includes(failure.kind)) {
      // "Can't update conversation as it's in final closed state" (https://www.twilio.com/docs/api/errors/50377).
      const closed =
        isClosedRefusal(error) ||
        (await service
          .conversations(conversationSid)
          .fetch()
          .then(
            (conversation) => conversation.state === 'closed',
            () => false,
          ));
      if (closed) throw conversationClosed(conversationSid);
    }
    throw error;
  };
}
