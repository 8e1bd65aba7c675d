// What the customer gets from the agent's answer: the reply (under the message policy), the
// hand-off (the same as /studio/handoff), or the fallback text, posted as AGENT_AUTHOR with
// `agentReplyTo: <IM>`, so that a redelivery finds it among the latest messages.
import type { ConversationsService } from '../conversations/service';
import { AGENT_AUTHOR } from '../conversations/own-messages';
import { DEFAULT_NOTICE, handOff } from '../handoff/handoff';
import { HttpError } from '../http/errors';
import type { Config } from '../platform/config';
import { isInFlight, mayHaveBeenApplied } from '../platform/twilio-errors';
import { judgeMessage, messagePolicyOf } from '../policy/message-policy';
import type { PostContext, PostResult } from '../webhook/context';
import type { EventOf } from '../webhook/events';
import type { AgentAnswer, FailureCause } from './answer';
import { answerTo, lastAgentMessageIsFallback, type StoredMessage } from './turns';

// How far back a post whose answer was lost is looked for: a few seconds of one conversation.
const RECENT_MESSAGES = 20;

type Event = EventOf<'onMessageAdded'>;

/** One customer message being answered: what the answer needs from the webhook and from round 1. */
export type Turn = {
  config: Config & { AGENT_URL: string };
  context: PostContext;
  service: ConversationsService;
  event: Event;
  facts: { messages: StoredMessage[] };
};

/**
 * Posts the agent's answer as AGENT_AUTHOR, without X-Twilio-Webhook-Enabled (it must fire no
 * webhook of ours, nor wake a flow). After an answer lost in transit the message may exist:
 * it is looked for before one more create, so the customer never gets it twice.
 */
async function postAnswer(service: ConversationsService, event: Event, body: string, extra: Record<string, true> = {}): Promise<string> {
  const conversation = service.conversations(event.conversationSid);
  const create = async () =>
    (await conversation.messages.create({ author: AGENT_AUTHOR, body, attributes: JSON.stringify({ agentReplyTo: event.messageSid, ...extra }) })).sid;
  try {
    return await create();
  } catch (error) {
    // Still in flight when we gave up: it may land later, so no second create.
    if (!mayHaveBeenApplied(error) || isInFlight(error)) throw error;
    const recent = await conversation.messages.list({ order: 'desc', pageSize: RECENT_MESSAGES, limit: RECENT_MESSAGES });
    return answerTo(recent, event.messageSid)?.sid ?? create();
  }
}

async function sendFallback(turn: Turn, cause: FailureCause | 'handoff_failed', status?: number): Promise<PostResult> {
  const failure = { agentCause: cause, ...(status !== undefined ? { agentStatus: status } : {}) };
  // Once until the agent answers again: a customer writing while the agent is down gets one apology, not one per message.
  if (lastAgentMessageIsFallback(turn.facts.messages, turn.event.index ?? Number.MAX_SAFE_INTEGER))
    return { action: 'agent_failed_fallback_shown', details: failure };
  const verdict = judgeMessage(turn.config.AGENT_FALLBACK_TEXT, messagePolicyOf(turn.config));
  if (verdict.action === 'reject') return { action: 'agent_failed_fallback_refused', details: failure };
  const body = verdict.action === 'redact' ? verdict.body : turn.config.AGENT_FALLBACK_TEXT;
  const messageSid = await postAnswer(turn.service, turn.event, body, { agentFallback: true });
  return { action: 'agent_fallback_sent', details: { ...failure, messageSid } };
}

export async function actOn(turn: Turn, answer: AgentAnswer): Promise<PostResult> {
  if (answer.kind === 'failed') return sendFallback(turn, answer.cause, answer.status);
  if (answer.kind === 'handoff') {
    try {
      const handed = await handOff(
        turn.config,
        turn.context.twilio(),
        {
          conversationSid: turn.event.conversationSid,
          reason: answer.reason ?? 'asked by the AI agent',
          notice: DEFAULT_NOTICE,
        },
        turn.context.deadlineAt,
      );
      return { action: 'agent_handed_off', details: { route: handed.route, alreadyHandedOff: handed.alreadyHandedOff } };
    } catch (error) {
      const code = error instanceof HttpError ? error.code : error instanceof Error ? error.name : 'error';
      const result = await sendFallback(turn, 'handoff_failed');
      return { ...result, details: { ...result.details, handoffError: code } };
    }
  }
  // The policy applies to the agent's words as to anyone's: redacted, or refused (then the fallback).
  const verdict = judgeMessage(answer.text, messagePolicyOf(turn.config));
  if (verdict.action === 'reject') return sendFallback(turn, 'policy_refused');
  const messageSid = await postAnswer(turn.service, turn.event, verdict.action === 'redact' ? verdict.body : answer.text);
  return { action: 'agent_replied', details: { messageSid, ...(verdict.action === 'redact' ? { answerRedacted: true } : {}) } };
}
