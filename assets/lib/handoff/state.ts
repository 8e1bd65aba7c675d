// The hand-off's state in the conversation's attributes, and the pure decisions made from
// what the first round read:
//   handoff: { at, reason?, to, seq, interactionSid? }  written LAST, once the human is in
//   handoffCount: n                                      hand-offs committed so far
// `seq` numbers the hand-offs of one conversation (a bot can be re-attached and hand off
// again); it keys the customer notice, so every attempt of ONE hand-off finds the notice an
// earlier attempt posted, and the next hand-off posts a new one.
import { isJsonObject } from '../common/bounded-json';
import { channelOfAddress } from '../conversations/addresses';
import type { ParticipantLike } from '../conversations/channels';
import { isStudioWebhook } from '../conversations/studio-webhooks';
import { type Attributes } from '../conversations/attributes';

export const RECORD_KEY = 'handoff';
const COUNT_KEY = 'handoffCount';

/** Where the conversation went: an agent's chat identity, or Flex (TaskRouter picks the agent). */
export type HandoffTarget = { kind: 'agent'; identity: string } | { kind: 'flex'; interactionSid?: string };

export type HandoffRecord = { at: string; reason?: string; to: string; seq: number; interactionSid?: string };

const FLEX = 'flex';
const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** The committed record, or undefined when there is none (or it is not ours to read). */
export function readRecord(attributes: Attributes): HandoffRecord | undefined {
  const raw = attributes[RECORD_KEY];
  if (!isJsonObject(raw) || typeof raw.at !== 'string' || typeof raw.to !== 'string' || !isSeq(raw.seq)) return undefined;
  return {
    at: raw.at,
    to: raw.to,
    seq: raw.seq,
    ...(typeof raw.reason === 'string' ? { reason: raw.reason } : {}),
    ...(typeof raw.interactionSid === 'string' ? { interactionSid: raw.interactionSid } : {}),
  };
}

export function targetOfRecord(record: HandoffRecord): HandoffTarget {
  return record.to === FLEX
    ? { kind: 'flex', ...(record.interactionSid ? { interactionSid: record.interactionSid } : {}) }
    : { kind: 'agent', identity: record.to };
}

/**
 * Handed off = the record is there, no bot is attached, and the customer's notice is among
 * the latest messages (or those are a full window: it has scrolled out of sight). Anything
 * less is an attempt whose last round failed half-way (or a bot re-attached behind
 * /studio/attach's back): the hand-off runs again, idempotently, to finish it.
 */
export function isHandedOff(record: HandoffRecord | undefined, webhooks: ReadonlyArray<{ target?: string | null }>, noticeSeen: boolean): boolean {
  return record !== undefined && !webhooks.some(isStudioWebhook) && noticeSeen;
}

/** This hand-off's number: the unfinished one's again, or the next one. */
export function handoffSeq(attributes: Attributes, record: HandoffRecord | undefined): number {
  if (record) return record.seq;
  const count = attributes[COUNT_KEY];
  return (isSeq(count) ? count : 0) + 1;
}

/** The notice's idempotency key (same form as /conversations/messages keys). */
export function noticeKey(conversationSid: string, seq: number): string {
  return `handoff:${conversationSid}:${seq}`;
}

/** The attributes to write at commit: the fresh ones read in round 1, plus the record. */
export function committedAttributes(attributes: Attributes, record: HandoffRecord): Attributes {
  return { ...attributes, [RECORD_KEY]: record, [COUNT_KEY]: record.seq };
}

export function recordFor(target: HandoffTarget, seq: number, at: Date, reason: string | undefined): HandoffRecord {
  return {
    at: at.toISOString(),
    ...(reason ? { reason } : {}),
    to: target.kind === 'agent' ? target.identity : FLEX,
    seq,
    ...(target.kind === 'flex' && target.interactionSid ? { interactionSid: target.interactionSid } : {}),
  };
}

type FlexChannelType = 'sms' | 'whatsapp' | 'web';
export type Customer = { channelType: FlexChannelType; address?: string; identity?: string };

function bindingAddress(participant: ParticipantLike): string | undefined {
  const binding = participant.messagingBinding;
  return isJsonObject(binding) && typeof binding.address === 'string' ? binding.address : undefined;
}

/**
 * The customer's side of the conversation, for Flex's channel type: the first SMS or
 * WhatsApp participant; with none, a web chat (the customer is a chat identity).
 */
export function customerOf(participants: readonly ParticipantLike[], agentIdentities: readonly string[]): Customer {
  for (const participant of participants) {
    const address = bindingAddress(participant);
    if (!address) continue;
    const channel = channelOfAddress(address);
    if (channel === 'whatsapp' || channel === 'sms') return { channelType: channel, address };
  }
  const chat = participants.find((p) => typeof p.identity === 'string' && p.identity !== '' && !agentIdentities.includes(p.identity));
  return { channelType: 'web', ...(chat?.identity ? { identity: chat.identity } : {}) };
}

export function presentIdentities(participants: readonly ParticipantLike[]): Set<string> {
  return new Set(participants.flatMap((p) => (typeof p.identity === 'string' && p.identity !== '' ? [p.identity] : [])));
}
