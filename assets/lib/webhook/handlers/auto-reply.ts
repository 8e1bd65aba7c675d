// onMessageAdded (post-event): when a customer writes and nobody can answer (no human agent,
// no bot), send AUTO_REPLY_TEXT, once per conversation. With AGENT_URL set, the AI agent
// bridge (agent/) answers instead, under the same rules (otherAnswerer).
//
// Who counts as a human agent (a chat participant: an identity, no messaging binding):
// - its identity is in AGENT_IDENTITIES, or its attributes say `"role": "agent"`;
// - when AGENT_IDENTITIES is empty (no list to go by): any chat participant not marked as a
//   customer (`"guest": true` or `"role": "customer"`) other than the author — and the author
//   too when the conversation also has an SMS/WhatsApp participant (a chat user writing to a
//   phone customer is staff). Set AGENT_IDENTITIES for exact answers.
// A conversation with a `handoff` record (studio/handoff) has a human on it as well.
// A bot is present when the conversation has a studio webhook, or is about to: the first
// message (Index 0) of a conversation an inbound SMS/WhatsApp created while STUDIO_FLOW_SID
// is set (onConversationAdded attaches the bot, with ReplayAfter=0, maybe a moment later).
//
// Once, under duplicate AND concurrent deliveries. Sequential Twilio round trips:
//   1 read    the conversation, participants, webhooks, latest messages (state/answerer facts)
//   2 claim   the Sync Document `autoreply:<CH>` (state/once): one invocation wins it; any
//             other skips at once (a claim running: `auto_reply_in_progress`; done: sent)
//   3 send    WITHOUT X-Twilio-Webhook-Enabled (our message fires no webhook, so it never
//             triggers us); the customer has the reply here
//   4 record  the claim's outcome, in parallel with `autoReply: { sentAt, messageSid }` in the
//             conversation attributes (under their lock, conversations/attribute-merge: 4 more)
// The attribute record makes every later message skip at round 1. The reply itself carries
// `autoReply: true`, so one whose record was never written is still seen among the latest
// messages (only among messages we wrote: see conversations/own-messages). An invocation
// that died holding the claim is taken over after its lease, by one successor that reads
// again and looks for the reply before it sends.
import type { Config } from '../../platform/config';
import { type Attributes, attributesOf, parseAttributes } from '../../conversations/attributes';
import { mergeUnderLock, setKey, type MergeContext, type MergeOutcome } from '../../conversations/attribute-merge';
import { claimForEvent } from '../../state/once';
import { stateNames } from '../../state/names';
import { isStudioWebhook } from '../../conversations/studio-webhooks';
import { type ConversationsService } from '../../conversations/service';
import type { ParticipantLike } from '../../conversations/channels';
import { RECORD_KEY } from '../../handoff/state';
import type { PostHandler } from '../context';
import type { EventOf } from '../events';
import { isOwnMessage, isOwnStoredMessage, OWN_AUTHOR } from '../../conversations/own-messages';

const AUTO_REPLY_KEY = 'autoReply';

export type AutoReplyFacts = {
  attributes: Attributes;
  participants: readonly ParticipantLike[];
  webhooks: ReadonlyArray<{ target?: string | null }>;
  /** One of the latest messages is an auto-reply (sent, but its record was never written). */
  recentAutoReply: boolean;
};
type MessageFacts = Pick<EventOf<'onMessageAdded'>, 'author' | 'source' | 'index'>;
type AutoReplyConfig = Pick<Config, 'AUTO_REPLY_TEXT' | 'AGENT_IDENTITIES' | 'STUDIO_FLOW_SID'>;

type SkipReason = 'auto_reply_off' | 'own_message' | 'already_sent' | 'handed_off' | 'bot_present' | 'bot_expected' | 'agent_present';
export type AutoReplyDecision = { send: true } | { send: false; reason: SkipReason };

const isChatParticipant = (p: ParticipantLike): p is ParticipantLike & { identity: string } =>
  typeof p.identity === 'string' && p.identity !== '' && !p.messagingBinding;

/** Whether a participant is a human agent; see the rules at the top of this file. */
export function isHumanAgent(
  participant: ParticipantLike,
  context: { agentIdentities: readonly string[]; author: string | undefined; hasMessagingParticipant: boolean },
): boolean {
  if (!isChatParticipant(participant)) return false;
  const attributes = parseAttributes(participant.attributes ?? '');
  if (context.agentIdentities.includes(participant.identity) || attributes.role === 'agent') return true;
  if (context.agentIdentities.length > 0) return false;
  if (attributes.guest === true || attributes.role === 'customer') return false;
  return participant.identity !== context.author || context.hasMessagingParticipant;
}

const MESSAGING_SOURCES = new Set(['SMS', 'WHATSAPP']);

// Any messaging binding (SMS, WhatsApp, group MMS, other channels) makes a non-chat participant.
export function hasMessagingParticipant(participants: readonly ParticipantLike[]): boolean {
  return participants.some((p) => typeof p.messagingBinding === 'object' && p.messagingBinding !== null);
}

/** The facts that say whether someone else answers the customer (a human, a bot), as read. */
export type AnswererFacts = Pick<AutoReplyFacts, 'attributes' | 'participants' | 'webhooks'>;
type Answerer = 'handed_off' | 'bot_present' | 'bot_expected' | 'agent_present';

/**
 * Who else answers this message, if anyone (pure): the rules at the top of this file, shared
 * by the auto-reply and the AI agent bridge (agent/), which replaces it when configured.
 */
export function otherAnswerer(facts: AnswererFacts, message: MessageFacts, config: Pick<Config, 'AGENT_IDENTITIES' | 'STUDIO_FLOW_SID'>): Answerer | undefined {
  if (facts.attributes[RECORD_KEY] !== undefined) return 'handed_off';
  if (facts.webhooks.some(isStudioWebhook)) return 'bot_present';
  if (config.STUDIO_FLOW_SID && message.index === 0 && message.source !== undefined && MESSAGING_SOURCES.has(message.source)) return 'bot_expected';
  const context = { agentIdentities: config.AGENT_IDENTITIES, author: message.author, hasMessagingParticipant: hasMessagingParticipant(facts.participants) };
  if (facts.participants.some((p) => isHumanAgent(p, context))) return 'agent_present';
  return undefined;
}

/** Whether to send the auto-reply for this message, from what was read (pure). */
export function decideAutoReply(facts: AutoReplyFacts, message: MessageFacts, config: AutoReplyConfig): AutoReplyDecision {
  if (!config.AUTO_REPLY_TEXT) return { send: false, reason: 'auto_reply_off' };
  if (isOwnMessage(message)) return { send: false, reason: 'own_message' };
  if (facts.attributes[AUTO_REPLY_KEY] !== undefined || facts.recentAutoReply) return { send: false, reason: 'already_sent' };
  const other = otherAnswerer(facts, message, config);
  return other ? { send: false, reason: other } : { send: true };
}

// An auto-reply whose answer was lost (5xx, dropped connection) was still sent: it is found
// among the latest messages by its attribute, so a redelivery does not send another.
const RECENT_MESSAGES = 20;

/** What decides who answers, in ONE parallel round: the conversation, its participants and webhooks, the latest `recent` messages. */
export async function readAnswererFacts(service: ConversationsService, conversationSid: string, recent: number) {
  const conversation = service.conversations(conversationSid);
  const [fetched, participants, webhooks, messages] = await Promise.all([
    conversation.fetch(),
    conversation.participants.list({ pageSize: 100 }),
    conversation.webhooks.list({ pageSize: 5 }),
    conversation.messages.list({ order: 'desc', pageSize: recent, limit: recent }),
  ]);
  return { attributes: attributesOf(fetched), participants, webhooks, messages };
}

async function readFacts(service: ConversationsService, conversationSid: string): Promise<AutoReplyFacts> {
  const { messages, ...facts } = await readAnswererFacts(service, conversationSid, RECENT_MESSAGES);
  // Only a message we wrote counts: a customer can put `autoReply: true` in their own message's attributes.
  const recentAutoReply = messages.some((message) => isOwnStoredMessage(message) && parseAttributes(message.attributes)[AUTO_REPLY_KEY] === true);
  return { ...facts, recentAutoReply };
}

type Sent = { messageSid: string; sentAt: string };
type Claimed = { kind: 'sent'; sent: Sent; recorded: Promise<MergeOutcome> } | { kind: 'skipped'; reason: string };

/** A successor's fresh read says not to send (after all, or not now): thrown, so that the claim is let go, not recorded. */
class NotToSend extends Error {
  constructor(readonly reason: SkipReason) {
    super(`auto-reply skipped: ${reason}`);
  }
}

/**
 * Claims the reply and sends it; what to answer when another invocation has the claim. The
 * attribute record starts as soon as the reply is sent, alongside the claim's own record.
 */
async function claimAndSend(ctx: MergeContext, event: EventOf<'onMessageAdded'>, config: AutoReplyConfig & { AUTO_REPLY_TEXT: string }): Promise<Claimed> {
  let recorded: Promise<MergeOutcome> | undefined;
  const work = async (takeover: boolean): Promise<Sent | 'found'> => {
    // The invocation before us died holding the claim: it may have sent the reply already
    // (then the claim is done), or a fresh read may say not to send now (then it is let go).
    if (takeover) {
      const again = decideAutoReply(await readFacts(ctx.service, event.conversationSid), event, config);
      if (!again.send && again.reason === 'already_sent') return 'found';
      if (!again.send) throw new NotToSend(again.reason);
    }
    // No xTwilioWebhookEnabled: this message must not fire our webhook (or a flow) again.
    const message = await ctx.service
      .conversations(event.conversationSid)
      .messages.create({ author: OWN_AUTHOR, body: config.AUTO_REPLY_TEXT, attributes: JSON.stringify({ [AUTO_REPLY_KEY]: true }) });
    const sent = { messageSid: message.sid, sentAt: message.dateCreated?.toISOString() ?? new Date().toISOString() };
    recorded = mergeUnderLock(ctx, event.conversationSid, setKey(AUTO_REPLY_KEY, sent));
    // Reported by the caller; never an unhandled rejection while the claim is recorded.
    recorded.catch(() => undefined);
    return sent;
  };
  try {
    const claimed = await claimForEvent(ctx.state, stateNames.autoReply(event.conversationSid), work);
    if (claimed.kind === 'busy') return { kind: 'skipped', reason: 'auto_reply_in_progress' };
    if (claimed.kind === 'done' || claimed.value === 'found') return { kind: 'skipped', reason: 'already_sent' };
    // Sent here: the send that made the value started the record.
    return { kind: 'sent', sent: claimed.value, recorded: recorded as Promise<MergeOutcome> };
  } catch (error) {
    if (error instanceof NotToSend) return { kind: 'skipped', reason: error.reason };
    throw error;
  }
}

export const sendAutoReply: PostHandler<'onMessageAdded'> = async (event, { config, service, state, deadlineAt }) => {
  const text = config.AUTO_REPLY_TEXT;
  // Decided before any read: most messages end here at no cost.
  if (!text) return { action: 'skipped_auto_reply_off' };
  if (isOwnMessage(event)) return { action: 'skipped_own_message' };
  const conversations = service();
  const decision = decideAutoReply(await readFacts(conversations, event.conversationSid), event, config);
  if (!decision.send) return { action: `skipped_${decision.reason}` };
  const claimed = await claimAndSend({ service: conversations, state: state(), deadlineAt }, event, { ...config, AUTO_REPLY_TEXT: text });
  if (claimed.kind === 'skipped') return { action: `skipped_${claimed.reason}` };
  return { action: 'auto_reply_sent', details: { messageSid: claimed.sent.messageSid, recorded: await claimed.recorded } };
};
