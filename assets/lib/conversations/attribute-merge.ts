// Changes some keys of a conversation's attributes without losing anyone else's. Twilio has
// no conditional update of a conversation (no If-Match), so every writer of ours takes the
// conversation's attributes lock in Sync (state/lock), reads fresh, changes its keys only,
// writes, and lets go: concurrent handlers wait for each other instead of overwriting.
// A first read without the lock skips the common case where nothing needs changing.
// (Writes by others, an SDK user or the Console, are not under the lock; they are rare and
// ours only ever rewrite keys we own on top of a fresh read.)
// Attributes we cannot read as an object (deeper than the bounded parser goes, or not JSON)
// are left alone (`unreadable`): writing our keys over them would delete everything else.
import { isDeepStrictEqual } from 'node:util';
import type { ConversationContextUpdateOptions, ConversationInstance } from 'twilio/lib/rest/conversations/v1/service/conversation';
import { readAttributes, type Attributes } from './attributes';
import { conversationMissing } from './errors';
import type { ConversationsService } from './service';
import { HttpError } from '../http/errors';
import { whenLocked } from '../state/lock';
import { stateNames } from '../state/names';
import type { StateStore } from '../state/sync-store';

/** The new attributes given the current ones (and what `alongside` read), or undefined when nothing needs to change. */
export type AttributeChange<X = undefined> = (current: Attributes, alongside: X) => Attributes | undefined;

export type MergeOutcome = 'unchanged' | 'written' | 'unreadable';

const UNREADABLE = Symbol('unreadable');

export type MergeContext = { service: ConversationsService; state: StateStore; deadlineAt: number };

/** The attributes `change` makes of a fresh read (with `alongside`'s), undefined for none, or UNREADABLE. */
async function changedAttributes<X>(
  ctx: MergeContext,
  conversationSid: string,
  change: AttributeChange<X>,
  alongside: () => Promise<X>,
): Promise<Attributes | undefined | typeof UNREADABLE> {
  const [fetched, extra] = await Promise.all([ctx.service.conversations(conversationSid).fetch(), alongside()]);
  const current = readAttributes(fetched.attributes);
  return current.parsed ? change(current.attributes, extra) : UNREADABLE;
}

/**
 * Applies `change` under the conversation's attributes lock. `alongside` reads, in parallel
 * with each read of the attributes, what else the change is computed from (the participants,
 * say), so that it too is fresh under the lock.
 */
export async function mergeConversationAttributes<X = undefined>(
  ctx: MergeContext,
  conversationSid: string,
  change: AttributeChange<X>,
  alongside: () => Promise<X> = async () => undefined as X,
): Promise<MergeOutcome> {
  const first = await changedAttributes(ctx, conversationSid, change, alongside);
  if (first === UNREADABLE) return 'unreadable';
  if (first === undefined) return 'unchanged';
  return mergeUnderLock(ctx, conversationSid, change, alongside);
}

/**
 * mergeConversationAttributes without the read before the lock: for a writer that knows its
 * change is due (it has just done what the change records), one round trip less.
 */
export async function mergeUnderLock<X = undefined>(
  ctx: MergeContext,
  conversationSid: string,
  change: AttributeChange<X>,
  alongside: () => Promise<X> = async () => undefined as X,
): Promise<MergeOutcome> {
  return underAttributesLock(ctx, conversationSid, async (): Promise<MergeOutcome> => {
    const next = await changedAttributes(ctx, conversationSid, change, alongside);
    if (next === UNREADABLE) return 'unreadable';
    if (next === undefined) return 'unchanged';
    await ctx.service.conversations(conversationSid).update({ attributes: JSON.stringify(next) });
    return 'written';
  });
}

/** The update to send given the conversation as read under the lock (attributes and any other field), or undefined for none. */
export type ConversationWrite = (current: ConversationInstance) => ConversationContextUpdateOptions | undefined;

/**
 * For a writer that changes other fields together with the attributes (one update call):
 * under the same lock, reads the conversation, sends what `write` asks, and answers the
 * conversation as it is after (Twilio's answer to the update, or the read when nothing
 * changed); 404 conversation_not_found when it is not there. No read before the lock: a
 * caller that has one decides from it first.
 */
export async function updateConversationLocked(
  ctx: MergeContext,
  conversationSid: string,
  write: ConversationWrite,
): Promise<{ outcome: MergeOutcome; conversation: ConversationInstance }> {
  const conversation = ctx.service.conversations(conversationSid);
  const missing = conversationMissing(conversationSid);
  return underAttributesLock(ctx, conversationSid, async () => {
    const current = await conversation.fetch().catch(missing);
    const update = write(current);
    if (update === undefined) return { outcome: 'unchanged' as const, conversation: current };
    return { outcome: 'written' as const, conversation: await conversation.update(update).catch(missing) };
  });
}

/**
 * Runs `work` holding the conversation's attributes lock, waiting for it inside the deadline:
 * every writer of the conversation's attributes, and the hand-off, attach and end-chat that
 * hold it for their whole work. `409 request_in_progress` when the deadline comes first.
 */
export async function underAttributesLock<T>(ctx: Pick<MergeContext, 'state' | 'deadlineAt'>, conversationSid: string, work: () => Promise<T>): Promise<T> {
  const outcome = await whenLocked(ctx.state, stateNames.attributes(conversationSid), ctx.deadlineAt, work);
  if (!outcome.locked) {
    throw new HttpError('request_in_progress', `Conversation ${conversationSid} is being changed by another request; retry shortly.`, {
      headers: { 'Retry-After': '1' },
    });
  }
  return outcome.value;
}

/** A change that sets `key` to `value` (undefined when it already has it). */
export function setKey(key: string, value: unknown): AttributeChange {
  return (current) => (isDeepStrictEqual(current[key], value) ? undefined : { ...current, [key]: value });
}
