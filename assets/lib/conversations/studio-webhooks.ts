// The Studio bot of a conversation is a conversation-scoped webhook with Target=studio.
import type { ConversationsService } from './service';

/**
 * Attaches a Studio flow as a conversation-scoped webhook, with the FLAT option keys
 * twilio-node reads (a nested `configuration` object is silently dropped). `replayAfter`
 * replays the messages from that index to the flow; left out, nothing is replayed.
 */
export async function attachStudioFlow(service: ConversationsService, conversationSid: string, flowSid: string, replayAfter?: number) {
  return service.conversations(conversationSid).webhooks.create({
    target: 'studio',
    'configuration.flowSid': flowSid,
    ...(replayAfter !== undefined ? { 'configuration.replayAfter': replayAfter } : {}),
  });
}

export function isStudioWebhook(webhook: { target?: string | null }): boolean {
  return webhook.target === 'studio';
}
