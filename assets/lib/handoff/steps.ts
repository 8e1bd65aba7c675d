// The REST calls of a hand-off, each one safe to repeat: a retry of a hand-off that failed
// half-way runs them all again and only what is missing happens.
import type { Config } from '../platform/config';
import { parseAttributes, type Attributes } from '../conversations/attributes';
import { type ConversationsService } from '../conversations/service';
import { HttpError } from '../http/errors';
import { conversationMissing, conversationNotFound } from '../conversations/errors';
import { ignoreNotFound, mayHaveBeenApplied, isInFlight, isNotFound } from '../platform/twilio-errors';
import { isOwnStoredMessage, OWN_AUTHOR } from '../conversations/own-messages';
import { addParticipant } from '../conversations/participants';
import { sendMessage } from '../messages/send';
import { type TwilioClient } from '../platform/twilio-client';

export type ExecutionRef = { flowSid: string; executionSid: string };
export type ExecutionStatus = 'active' | 'ended' | 'missing';

export type ConversationFacts = {
  attributes: Attributes;
  state: string;
  webhooks: Array<{ sid: string; target: string }>;
  participants: Array<{ identity: string | null; messagingBinding: unknown }>;
  /** idempotencyKey of each of the latest messages we wrote (newest first). */
  recentKeys: string[];
  /** The latest messages filled the window: older ones (a notice, say) are out of sight. */
  recentWindowFull: boolean;
};

// How far back an earlier attempt's notice is looked for (as messages/send does).
const RECENT_MESSAGES = 50;
// Twilio allows 5 scoped webhooks per conversation; 1,000 participants (ten pages at most).
const WEBHOOKS_PAGE = 5;

/** Everything the hand-off decides from, in ONE parallel round of reads. */
export async function readConversationFacts(service: ConversationsService, conversationSid: string): Promise<ConversationFacts> {
  const conversation = service.conversations(conversationSid);
  const missing = conversationMissing(conversationSid);
  const [fetched, webhooks, participants, recent] = await Promise.all([
    conversation.fetch().catch(missing),
    conversation.webhooks.list({ pageSize: WEBHOOKS_PAGE }).catch(missing),
    conversation.participants.list({ pageSize: 100, limit: 1_000 }).catch(missing),
    conversation.messages.list({ order: 'desc', pageSize: RECENT_MESSAGES, limit: RECENT_MESSAGES }).catch(missing),
  ]);
  return {
    attributes: parseAttributes(fetched.attributes),
    state: fetched.state,
    webhooks: webhooks.map((webhook) => ({ sid: webhook.sid, target: webhook.target })),
    participants: participants.map((participant) => ({ identity: participant.identity, messagingBinding: participant.messagingBinding })),
    // Only our own messages: anyone in the conversation can write a key into their message's attributes.
    recentKeys: recent.flatMap((message) => {
      if (!isOwnStoredMessage(message)) return [];
      const key = parseAttributes(message.attributes).idempotencyKey;
      return typeof key === 'string' ? [key] : [];
    }),
    recentWindowFull: recent.length >= RECENT_MESSAGES,
  };
}

/** Whether the execution still runs (read in round 1, so that round 3 ends only a live one). */
export async function readExecutionStatus(client: TwilioClient, execution: ExecutionRef): Promise<ExecutionStatus> {
  try {
    const fetched = await client.studio.v2.flows(execution.flowSid).executions(execution.executionSid).fetch();
    return fetched.status === 'ended' ? 'ended' : 'active';
  } catch (error) {
    if (isNotFound(error)) return 'missing';
    throw error;
  }
}

/** Adds the agent as a chat participant; "already there" (50433) is success. */
export async function addAgent(service: ConversationsService, conversationSid: string, identity: string, deadlineAt: number): Promise<void> {
  // role=agent: how the webhook's auto-reply recognises a human in the conversation.
  const result = await addParticipant(service, conversationSid, { channel: 'chat', identity, attributes: { role: 'agent' } }, deadlineAt);
  if (result.kind !== 'failed') return; // added, or already there (an identity is never bound elsewhere)
  const { error } = result;
  if (error.code === 'conversation_not_found') throw conversationNotFound(conversationSid);
  // The participant's failure keeps its own code where the table has one (busy, unavailable, limit).
  const code = error.code === 'twilio_busy' || error.code === 'twilio_unavailable' || error.code === 'participant_limit' ? error.code : 'agent_not_added';
  throw new HttpError(code, `Agent ${identity} could not be added: ${error.message}`, {
    details: {
      agentIdentity: identity,
      reason: error.code,
      ...(error.twilioCode ? { twilioCode: error.twilioCode } : {}),
      ...(error.retriable ? { retriable: true } : {}),
    },
    ...(error.retriable ? { headers: { 'Retry-After': '1' } } : {}),
  });
}

export type Notice = { conversationSid: string; body: string; key: string };

/**
 * Posts the notice unless round 1 already saw it (an earlier attempt posted it). Sent
 * WITHOUT X-Twilio-Webhook-Enabled: it must not wake the bot or our own webhook. After an
 * ambiguous failure (5xx, lost connection) the create may have happened: messages/send
 * looks for the key before sending again.
 */
export async function postNotice(
  config: Config & { CONVERSATIONS_SERVICE_SID: string },
  client: TwilioClient,
  service: ConversationsService,
  notice: Notice,
  deadlineAt: number,
): Promise<string> {
  const attributes = { handoffNotice: true };
  try {
    const created = await service.conversations(notice.conversationSid).messages.create({
      author: OWN_AUTHOR,
      body: notice.body,
      attributes: JSON.stringify({ ...attributes, idempotencyKey: notice.key }),
    });
    return created.sid;
  } catch (error) {
    // A timed-out post may still land: fail (retriable) rather than risk a second notice.
    if (!mayHaveBeenApplied(error) || isInFlight(error)) throw error;
    const sent = await sendMessage(
      config,
      client,
      {
        conversationSid: notice.conversationSid,
        body: notice.body,
        author: OWN_AUTHOR,
        attributes,
        idempotencyKey: notice.key,
        webhookEnabled: false,
      },
      deadlineAt,
      { mayExist: true },
    );
    return sent.messageSid;
  }
}

/** Deletes the studio webhooks (the bot): one that is already gone is fine. */
export async function detachStudioWebhooks(service: ConversationsService, conversationSid: string, webhookSids: readonly string[]): Promise<void> {
  await Promise.all(webhookSids.map((sid) => service.conversations(conversationSid).webhooks(sid).remove().catch(ignoreNotFound)));
}

export async function endExecution(client: TwilioClient, execution: ExecutionRef): Promise<void> {
  await client.studio.v2.flows(execution.flowSid).executions(execution.executionSid).update({ status: 'ended' }).catch(ignoreNotFound);
}

export async function writeAttributes(service: ConversationsService, conversationSid: string, attributes: Attributes): Promise<void> {
  await service.conversations(conversationSid).update({ attributes: JSON.stringify(attributes) });
}
