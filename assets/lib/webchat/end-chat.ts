// The work of /webchat/end: a guest's own session closes its own conversation. The session
// /webchat/start signed names that conversation (`conversationSid` claim); no other can be
// closed with it, and the guest must still be a participant (read in parallel with the
// conversation). An optional closing notice is posted first, as our own message (author
// `system`, no webhook), under the message policy; its idempotency key is derived from the
// conversation, so a retry finds it among the latest messages instead of posting it twice;
// parallel calls (a double click) run one after the other under the conversation's
// attributes lock in Sync, so the second finds the chat closed and posts nothing.
// Closed is final: the history stays readable, by the agent and through the API.
import * as v from 'valibot';
import type { Session } from '../auth/session';
import { parseAttributes } from '../conversations/attributes';
import { conversationMissing, refusedIfClosed } from '../conversations/errors';
import { GUEST_IDENTITY_PREFIX, validateIdentity } from '../conversations/identifiers';
import { isOwnStoredMessage, OWN_AUTHOR } from '../conversations/own-messages';
import { conversationsService } from '../conversations/service';
import { HttpError } from '../http/errors';
import { parseInput } from '../http/validation';
import type { Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { isNotFound } from '../platform/twilio-errors';
import { applyMessagePolicy, messagePolicyOf } from '../policy/message-policy';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { underAttributesLock } from '../conversations/attribute-merge';

const NOTICE_MAX = 1_600;

export const endChatSchema = v.object({
  conversationSid: v.optional(v.pipe(v.string('conversationSid must be text'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID'))),
  notice: v.optional(v.pipe(v.string('notice must be text'), v.trim(), v.maxLength(NOTICE_MAX, `notice must be at most ${NOTICE_MAX} characters`))),
});

export type EndChatRequest = v.InferOutput<typeof endChatSchema>;

export type EndedChat = { conversationSid: string; closed: true; changed: boolean };

export function readEndChatRequest(params: Record<string, unknown>): EndChatRequest {
  // An empty field (a form left blank) means "not given".
  const given = Object.fromEntries(Object.entries(params).filter(([, value]) => typeof value !== 'string' || value.trim() !== ''));
  return parseInput(endChatSchema, given);
}

const notYours = (message: string) => new HttpError('not_your_conversation', message);

/** The guest and the conversation a session may end, or why it may not. */
export function guestChatOf(session: Session, request: EndChatRequest): { identity: string; conversationSid: string } {
  if (session.guest !== true || !session.identity.startsWith(GUEST_IDENTITY_PREFIX)) {
    throw notYours('Only the guest session /webchat/start answered (`sessionToken`) can end a guest chat.');
  }
  // The identity goes into a REST path (Participants/{identity}): checked like any other.
  const identity = validateIdentity(session.identity, { allowGuest: true });
  if (!session.conversationSid) {
    throw new HttpError('invalid_session', 'This guest session names no conversation (it was issued before /webchat/end existed): start a new chat.', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }
  if (request.conversationSid !== undefined && request.conversationSid !== session.conversationSid) {
    throw notYours('This session belongs to another conversation: a guest can end only its own chat.');
  }
  return { identity, conversationSid: session.conversationSid };
}

// How far back a retry looks for the notice it may have posted: a few seconds of a chat.
const RECENT_MESSAGES = 20;

export async function endGuestChat(
  config: Config & { CONVERSATIONS_SERVICE_SID: string },
  client: TwilioClient,
  chat: { identity: string; conversationSid: string },
  request: EndChatRequest,
  deadlineAt: number,
): Promise<EndedChat> {
  // Refused before anything is read: 422 message_too_long / message_blocked.
  const notice = request.notice ? applyMessagePolicy(request.notice, messagePolicyOf(config)) : undefined;
  return underAttributesLock({ state: syncStore(client, syncServiceSid(config)), deadlineAt }, chat.conversationSid, () =>
    endLocked(config, client, chat, notice),
  );
}

async function endLocked(
  config: Config & { CONVERSATIONS_SERVICE_SID: string },
  client: TwilioClient,
  chat: { identity: string; conversationSid: string },
  notice: string | undefined,
): Promise<EndedChat> {
  const { conversationSid } = chat;
  const noticeKey = `webchat-end:${conversationSid}`;
  const service = conversationsService(client, config.CONVERSATIONS_SERVICE_SID);
  const conversation = service.conversations(conversationSid);
  const answer = (changed: boolean): EndedChat => ({ conversationSid, closed: true, changed });

  const [current, isParticipant, recent] = await Promise.all([
    conversation.fetch().catch(conversationMissing(conversationSid)),
    conversation
      .participants(chat.identity)
      .fetch()
      .then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        },
      ),
    notice ? conversation.messages.list({ order: 'desc', pageSize: RECENT_MESSAGES, limit: RECENT_MESSAGES }).catch(conversationMissing(conversationSid)) : [],
  ]);
  if (!isParticipant) throw notYours('The guest is no longer a participant of this conversation.');
  if (current.state === 'closed') return answer(false);

  // Only our own message (author system, no participant: nobody else can write one) with the key counts.
  const posted = recent.some((message) => isOwnStoredMessage(message) && parseAttributes(message.attributes).idempotencyKey === noticeKey);
  const closedMeanwhile = refusedIfClosed(service, conversationSid);
  try {
    // No X-Twilio-Webhook-Enabled: our own message triggers neither our webhook nor a Studio flow.
    if (notice && !posted) {
      await conversation.messages
        .create({ author: OWN_AUTHOR, body: notice, attributes: JSON.stringify({ idempotencyKey: noticeKey }) })
        .catch(closedMeanwhile);
    }
    await conversation.update({ state: 'closed' }).catch(closedMeanwhile);
  } catch (error) {
    // Closed meanwhile (a timer, an agent, a parallel call): the chat has ended all the same.
    if (error instanceof HttpError && error.code === 'conversation_closed') return answer(false);
    throw error;
  }
  return answer(true);
}
