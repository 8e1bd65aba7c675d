// onMessageAdded (post-event) with AGENT_URL set: the AI agent answers the customer, in place
// of AUTO_REPLY_TEXT and under the same rules (no human agent, no Studio bot, not handed off:
// webhook/handlers/auto-reply's otherAnswerer). See README.md for the whole flow.
//
// Exactly once per customer message, whatever the redeliveries and the concurrency: the
// answer is claimed in Sync as `agent:<CH>:<IM>` (state/once), and the posted answer carries
// `agentReplyTo: <IM>`, so that a redelivery after the answer skips at the first read. A copy
// that finds the claim running skips at once (200): it never waits, so a slow agent never
// holds Twilio's webhook twice.
//
// Sequential Twilio round trips to the customer's answer:
//   1 read      the conversation, participants, webhooks, latest messages (decision, context)
//   2 claim     the answer's claim, in parallel with the hour's count (state/quota)
//     agent     the model's call; past TYPING_DELAY_MS the typing mark is written meanwhile
//   3 post      the answer; clearing the typing mark in parallel
//   4 record    the claim's outcome (the customer has the answer already)
// The first answer of an hour in a conversation costs 2 more: the hour's Sync List is created.
// The hour's count is taken in parallel with the claim: a copy of the event that loses the
// claim has counted too, so under duplicate deliveries the cap is reached early, never exceeded.
import { channelOfParticipant } from '../conversations/channels';
import type { ConversationsService } from '../conversations/service';
import { isOwnMessage } from '../conversations/own-messages';
import { planHandoff } from '../handoff/handoff';
import { messagePolicyOf } from '../policy/message-policy';
import type { Config } from '../platform/config';
import { claimForEvent } from '../state/once';
import { HOUR_MS, takeFromQuota, type QuotaAnswer } from '../state/quota';
import { stateNames } from '../state/names';
import type { PostHandler, PostResult } from '../webhook/context';
import type { EventOf } from '../webhook/events';
import { otherAnswerer, readAnswererFacts, type AnswererFacts } from '../webhook/handlers/auto-reply';
import type { AgentAnswer } from './answer';
import { actOn, type Turn } from './answer-customer';
import { callAgent, type AgentTarget } from './call-agent';
import type { PromptInput } from './prompt';
import { answeredAlready, conversationTurns, type StoredMessage, type StoredParticipant } from './turns';
import { hideTyping, showTyping } from './typing';

// The latest messages read in round 1: the context, and our answer to this message if a
// redelivery comes after it (a few messages may follow it meanwhile).
const RECENT_MINIMUM = 20;
// What the agent's call leaves of the Function's time: the post, the typing mark's clearing,
// the claim's record, or the fallback and the hand-off's rounds instead (see README.md).
const AFTER_AGENT_RESERVE_MS = 2_500;
// An answer quicker than this gets no typing mark (see converse).
const TYPING_DELAY_MS = 400;

type Event = EventOf<'onMessageAdded'>;
type AgentConfig = Turn['config'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type AgentFacts = Omit<AnswererFacts, 'participants'> & { messages: StoredMessage[]; participants: StoredParticipant[] };
type AgentTurn = Turn & { facts: AgentFacts };

const readAgentFacts = (service: ConversationsService, conversationSid: string, recent: number): Promise<AgentFacts> =>
  readAnswererFacts(service, conversationSid, recent);

type Skip = 'already_answered' | NonNullable<ReturnType<typeof otherAnswerer>>;

/** Whether the agent answers this message, from what round 1 read (pure; our own messages never get here). */
function decideAgentReply(facts: AgentFacts, event: Event, config: Pick<Config, 'AGENT_IDENTITIES' | 'STUDIO_FLOW_SID'>): Skip | undefined {
  if (answeredAlready(facts.messages, event.messageSid)) return 'already_answered';
  return otherAnswerer(facts, event, config);
}

/** Whether a hand-off has somewhere to go (an agent list or Flex): only then is the model offered the tool. */
function canHandOff(config: Config): boolean {
  try {
    planHandoff(config, undefined);
    return true;
  } catch {
    return false;
  }
}

const SOURCE_CHANNELS: Record<string, string> = { SMS: 'sms', WHATSAPP: 'whatsapp', SDK: 'chat' };

function customerChannel(facts: AgentFacts, event: Event): string {
  const participant = facts.participants.find((p) => p.sid === event.participantSid);
  return participant ? channelOfParticipant(participant) : (SOURCE_CHANNELS[event.source ?? ''] ?? 'chat');
}

async function converse(turn: AgentTurn): Promise<PostResult> {
  const { config, context, event, facts } = turn;
  const input: PromptInput = {
    instructions: config.AGENT_INSTRUCTIONS,
    turns: conversationTurns(facts.messages, facts.participants, {
      policy: messagePolicyOf(config),
      defaultCountry: config.DEFAULT_COUNTRY,
      agentIdentities: config.AGENT_IDENTITIES,
      upToIndex: event.index ?? Number.MAX_SAFE_INTEGER,
      limit: config.AGENT_HISTORY_MESSAGES,
    }),
    canHandOff: canHandOff(config),
    channel: customerChannel(facts, event),
  };
  const merge = { service: turn.service, state: context.state(), deadlineAt: context.deadlineAt };
  const timeoutMs = Math.min(config.AGENT_TIMEOUT_MS, context.deadlineAt - Date.now() - AFTER_AGENT_RESERVE_MS);
  const target: AgentTarget = config;
  let answered = false;
  const call = (
    timeoutMs > 0
      ? callAgent(target, input, { conversationSid: event.conversationSid, messageSid: event.messageSid }, timeoutMs)
      : Promise.resolve({ answer: { kind: 'failed', cause: 'no_time' } as AgentAnswer, ms: 0 })
  ).finally(() => {
    answered = true;
  });
  // The typing mark only for an agent that takes a moment: an answer within TYPING_DELAY_MS
  // needs none (and saves the two merges). Its clearing waits for its writing, never the answer.
  const typing = Promise.race([sleep(TYPING_DELAY_MS), call]).then(async () => {
    if (answered) return { typing: 'not_needed' as const };
    const typed = await showTyping(merge, event.conversationSid, event.messageSid);
    return { typing: typed, typingCleared: await hideTypingAfter(call, merge, event) };
  });
  const { answer, ms } = await call;
  // Settled, not raced: the typing mark is cleared before the Function answers, even when the post failed.
  const [acted, typed] = await Promise.allSettled([actOn(turn, answer), typing]);
  if (acted.status === 'rejected') throw acted.reason;
  const typingOutcome = typed.status === 'fulfilled' ? typed.value : { typing: 'failed' as const };
  return { action: acted.value.action, details: { ...acted.value.details, agentMs: ms, ...typingOutcome } };
}

/** Clears the mark once the agent has answered (the answer is posted meanwhile). */
async function hideTypingAfter(call: Promise<unknown>, merge: Parameters<typeof hideTyping>[0], event: Event) {
  await call.catch(() => undefined);
  return hideTyping(merge, event.conversationSid, event.messageSid);
}

export const answerWithAgent: PostHandler<'onMessageAdded'> = async (event, context) => {
  const config = context.config as AgentConfig;
  // Decided from the event alone, before any read.
  if (isOwnMessage(event)) return { action: 'skipped_own_message' };
  if (!event.body && !(event.media && event.media.length > 0)) return { action: 'skipped_no_content' };
  const service = context.service();
  const facts = await readAgentFacts(service, event.conversationSid, Math.max(config.AGENT_HISTORY_MESSAGES + 1, RECENT_MINIMUM));
  const skip = decideAgentReply(facts, event, config);
  if (skip) return { action: `skipped_${skip}` };

  const store = context.state();
  const counted: Promise<QuotaAnswer> = takeFromQuota(
    store,
    stateNames.agentQuota(event.conversationSid),
    config.AGENT_MAX_REPLIES_PER_HOUR,
    Date.now,
    HOUR_MS,
  );
  // A copy that loses the claim never reads its count: its failure is nobody's to report.
  counted.catch(() => undefined);
  const turn: AgentTurn = { config, context, service, event, facts };
  const claimed = await claimForEvent(store, stateNames.agentReply(event.conversationSid, event.messageSid), async (takeover) => {
    // The invocation before us died holding the claim: it may have answered already.
    if (takeover && answeredAlready((await readAgentFacts(service, event.conversationSid, RECENT_MINIMUM)).messages, event.messageSid)) {
      return { action: 'skipped_already_answered' };
    }
    const quota = await counted;
    if (!quota.admitted) return { action: 'skipped_agent_cap', details: { retryAfterSeconds: quota.retryAfterSeconds } };
    return converse(turn);
  });
  if (claimed.kind === 'busy') return { action: 'skipped_agent_in_progress' };
  return claimed.kind === 'done' ? { action: 'skipped_already_answered' } : claimed.value;
};
