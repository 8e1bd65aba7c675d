// onParticipantAdded / onParticipantRemoved (post-events): keep `channels` in the conversation
// attributes, e.g. { "chat": 1, "sms": 1 } — participants per channel, channels in alphabetical
// order, absent channels left out — so history and routing can tell at a glance where the
// customer is (counts rather than a bare list: "two chat users" tells an agent is on).
// Derived from the participants list every time, never counted up or down from the event:
// a duplicate or out-of-order event writes the same summary, so the result is idempotent.
import { channelOfParticipant, type ParticipantLike } from '../../conversations/channels';
import { isDeepStrictEqual } from 'node:util';
import { mergeConversationAttributes } from '../../conversations/attribute-merge';
import type { PostContext, PostResult } from '../context';
import type { EventOf } from '../events';

const CHANNELS_KEY = 'channels';

export type ChannelSummary = Record<string, number>;

export function channelSummary(participants: readonly ParticipantLike[]): ChannelSummary {
  const counts = new Map<string, number>();
  for (const participant of participants) {
    const channel = channelOfParticipant(participant);
    counts.set(channel, (counts.get(channel) ?? 0) + 1);
  }
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

// One handler for both events (a plain signature: PostHandler<A | B> would not fit PostHandler<A>).
// Written under the conversation's attributes lock, from participants read under it too:
// concurrent events wait for each other, and the last one writes the latest summary.
export async function summarizeChannels(
  event: EventOf<'onParticipantAdded' | 'onParticipantRemoved'>,
  { service, state, deadlineAt }: PostContext,
): Promise<PostResult> {
  const conversation = service().conversations(event.conversationSid);
  const outcome = await mergeConversationAttributes(
    { service: service(), state: state(), deadlineAt },
    event.conversationSid,
    (attributes, participants) => {
      const summary = channelSummary(participants);
      return isDeepStrictEqual(attributes[CHANNELS_KEY], summary) ? undefined : { ...attributes, [CHANNELS_KEY]: summary };
    },
    () => conversation.participants.list({ pageSize: 100 }),
  );
  return { action: `channels_${outcome}` };
}
