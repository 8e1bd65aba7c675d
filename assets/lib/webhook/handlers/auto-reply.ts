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
// Once, under duplicate AND concurrent deliveries: a cheap first check (1 parallel read)
// skips the common case; otherwise a lock in Sync (`lock:autoreply:<CH>`, see state/lock)
// lets one invocation through, which re-reads everything (the other one may have finished
// just before), sends WITHOUT X-Twilio-Webhook-Enabled (our message fires no webhook, so it
// never triggers us), records `autoReply: { sentAt, messageSid }` in the conversation
// attributes (under their lock: conversations/attribute-merge), and releases the lock. The reply itself carries
// `autoReply: true`, so one whose answer was lost is still seen among the latest messages
// (only among messages we wrote: see conversations/own-messages). A lock that is taken means another
// invocation is on it: skip. (If an invocation dies between sending and recording, its lock
// runs out after 15 s and a later message may send the reply a second time: at least once
// beats never for a courtesy message, and the window is one round trip.)
import type { Config } from '../../platform/config';
import { type Attributes, attributesOf, parseAttributes } from '../../conversations/attributes';
import { mergeConversationAttributes, setKey, type MergeContext } from '../../conversations/attribute-merge';
import { withLock } from '../../state/lock';
import { stateNames } from '../../state/names';
import { isStudioWebhook } from '../../conversations/studio-webhooks';
import { type ConversationsService } from '../../conversations/service';
import type { ParticipantLike } from '../../conversations/channels';
import { RECORD_KEY } from '../../handoff/state';
import type { PostHandler, PostResult } from '../context';
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
function hasMessagingParticipant(participants: readonly ParticipantLike[]): boolean {
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

async function sendAndRecord(ctx: MergeContext, conversationSid: string, text: string): Promise<PostResult> {
  const conversation = ctx.service.conversations(conversationSid);
  // No xTwilioWebhookEnabled: this message must not fire our webhook (or a flow) again.
  const sent = await conversation.messages.create({ author: OWN_AUTHOR, body: text, attributes: JSON.stringify({ [AUTO_REPLY_KEY]: true }) });
  const record = { sentAt: sent.dateCreated?.toISOString() ?? new Date().toISOString(), messageSid: sent.sid };
  const recorded = await mergeConversationAttributes(ctx, conversationSid, setKey(AUTO_REPLY_KEY, record));
  return { action: 'auto_reply_sent', details: { messageSid: sent.sid, recorded } };
}

export const sendAutoReply: PostHandler<'onMessageAdded'> = async (event, { config, service, state, deadlineAt }) => {
  const text = config.AUTO_REPLY_TEXT;
  // Decided before any read: most messages end here at no cost.
  if (!text) return { action: 'skipped_auto_reply_off' };
  if (isOwnMessage(event)) return { action: 'skipped_own_message' };
  const conversations = service();
  const first = decideAutoReply(await readFacts(conversations, event.conversationSid), event, config);
  if (!first.send) return { action: `skipped_${first.reason}` };
  const outcome = await withLock(state(), stateNames.autoReply(event.conversationSid), async () => {
    const again = decideAutoReply(await readFacts(conversations, event.conversationSid), event, config);
    return again.send
      ? sendAndRecord({ service: conversations, state: state(), deadlineAt }, event.conversationSid, text)
      : { action: `skipped_${again.reason}` };
  });
  return outcome.locked ? outcome.value : { action: 'skipped_auto_reply_in_progress' };
};
