// The one view of a conversation in a sandbox's state, for tests and benchmarks: what it
// holds, read straight from the state (no REST call, no paging).
import type { Sandbox } from '../index';

export function conversationView(sandbox: Pick<Sandbox, 'state'>, conversationSid: string) {
  const { state } = sandbox;
  const ofConversation = <T extends { conversationSid: string | null }>(records: Iterable<T>) =>
    [...records].filter((record) => record.conversationSid === conversationSid);
  return {
    conversation: () => state.conversations.get(conversationSid),
    attributes: (): Record<string, any> => JSON.parse(state.conversations.get(conversationSid)?.attributes ?? '{}'),
    participants: () => ofConversation(state.participants.values()),
    identities: () => ofConversation(state.participants.values()).flatMap((p) => (p.identity ? [p.identity] : [])),
    messages: () => ofConversation(state.messages.values()).sort((a, b) => a.index - b.index),
    bodies: () =>
      ofConversation(state.messages.values())
        .sort((a, b) => a.index - b.index)
        .map((m) => m.body),
    webhooks: () => ofConversation(state.webhooks.values()),
    studioWebhooks: () => ofConversation(state.webhooks.values()).filter((w) => w.target === 'studio'),
    executions: () => ofConversation(state.executions.values()),
    deliveries: () => state.deliveries.filter((d) => d.conversationSid === conversationSid),
    deliveriesTo: (address: string) => state.deliveries.filter((d) => d.conversationSid === conversationSid && d.to === address),
  };
}
