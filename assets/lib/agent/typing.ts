// The typing mark: `agentTyping: { messageSid, since }` in the conversation attributes while
// the agent thinks about a customer's message, so that web clients (which see attribute
// updates live through the SDK's `updated` event) can show "typing…". Written through the
// attributes merge (its Sync lock), like every writer of the attributes. Best effort: a mark
// that cannot be written costs the customer nothing, so a failure is logged, never thrown.
// Each mark names the message it is for and is cleared only by that message's invocation,
// so two answers in flight never clear each other's mark. `since` lets a client ignore a mark
// left by an invocation that died (a Function lives at most 10 s).
import { mergeConversationAttributes, type MergeContext, type MergeOutcome } from '../conversations/attribute-merge';
import type { Attributes } from '../conversations/attributes';

export const TYPING_KEY = 'agentTyping';

type TypingOutcome = MergeOutcome | 'failed';

const isMarkFor = (attributes: Attributes, messageSid: string) => {
  const mark = attributes[TYPING_KEY];
  return typeof mark === 'object' && mark !== null && (mark as { messageSid?: unknown }).messageSid === messageSid;
};

export function withTypingMark(attributes: Attributes, messageSid: string, since: Date): Attributes | undefined {
  return isMarkFor(attributes, messageSid) ? undefined : { ...attributes, [TYPING_KEY]: { messageSid, since: since.toISOString() } };
}

export function withoutTypingMark(attributes: Attributes, messageSid: string): Attributes | undefined {
  if (!isMarkFor(attributes, messageSid)) return undefined;
  const { [TYPING_KEY]: _mark, ...rest } = attributes;
  return rest;
}

const settle = (work: Promise<MergeOutcome>): Promise<TypingOutcome> => work.catch(() => 'failed' as const);

export function showTyping(ctx: MergeContext, conversationSid: string, messageSid: string): Promise<TypingOutcome> {
  const since = new Date();
  return settle(mergeConversationAttributes(ctx, conversationSid, (current) => withTypingMark(current, messageSid, since)));
}

export function hideTyping(ctx: MergeContext, conversationSid: string, messageSid: string): Promise<TypingOutcome> {
  return settle(mergeConversationAttributes(ctx, conversationSid, (current) => withoutTypingMark(current, messageSid)));
}
