// onConversationAdded (post-event): a conversation autocreated by an inbound SMS or WhatsApp
// gets the Studio bot (STUDIO_FLOW_SID) and the timers from config. ReplayAfter=0 replays
// the message that created the conversation to the flow, so the bot answers it even though
// it was attached after that message arrived.
// Exactly one studio webhook, even when the event is delivered twice at the same moment:
// the attach runs under a lock in Sync (one invocation does it, the other skips), checks again
// inside the lock, and afterwards keeps only the oldest studio webhook should a stale lock
// have let two through. One studio webhook = one execution: two would answer twice.
import { channelOfAddress } from '../../conversations/addresses';
import type { Config } from '../../platform/config';
import { attachStudioFlow, isStudioWebhook } from '../../conversations/studio-webhooks';
import { timerOptions, type ConversationsService } from '../../conversations/service';
import { withLock } from '../../state/lock';
import { stateNames } from '../../state/names';
import type { StateStore } from '../../state/sync-store';
import type { PostHandler, PostResult } from '../context';
import type { EventOf } from '../events';
import { ignoreNotFound } from '../../platform/twilio-errors';

const MESSAGING_SOURCES = new Set(['SMS', 'WHATSAPP']);

/** Created by an inbound SMS or WhatsApp (Address Configuration autocreation), not by our API or an SDK. */
export function isAutocreatedByMessaging(event: Pick<EventOf<'onConversationAdded'>, 'source' | 'messagingBinding'>): boolean {
  if (event.source !== undefined && MESSAGING_SOURCES.has(event.source)) return true;
  if (event.source === 'API' || event.source === 'SDK') return false;
  const address = event.messagingBinding.address;
  return address !== undefined && ['sms', 'whatsapp'].includes(channelOfAddress(address));
}

type WebhookLike = { sid: string; target: string; dateCreated: Date };

/** The studio webhooks to delete so that only the oldest remains (SID breaks ties: every invocation picks the same one). */
export function extraStudioWebhooks(webhooks: readonly WebhookLike[]): WebhookLike[] {
  const studio = webhooks.filter(isStudioWebhook).sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || a.sid.localeCompare(b.sid));
  return studio.slice(1);
}

async function studioWebhooks(service: ConversationsService, conversationSid: string): Promise<WebhookLike[]> {
  return (await service.conversations(conversationSid).webhooks.list({ pageSize: 5 })).filter(isStudioWebhook);
}

async function keepOldestStudioWebhook(service: ConversationsService, conversationSid: string): Promise<number> {
  const extra = extraStudioWebhooks(await studioWebhooks(service, conversationSid));
  await Promise.all(extra.map((webhook) => service.conversations(conversationSid).webhooks(webhook.sid).remove().catch(ignoreNotFound)));
  return extra.length;
}

async function attachBotOnce(service: ConversationsService, state: StateStore, conversationSid: string, flowSid: string): Promise<PostResult> {
  if ((await studioWebhooks(service, conversationSid)).length > 0) return { action: 'bot_already_attached' };
  const outcome = await withLock(state, stateNames.bot(conversationSid), async (): Promise<PostResult> => {
    if ((await studioWebhooks(service, conversationSid)).length > 0) return { action: 'bot_already_attached' };
    const webhook = await attachStudioFlow(service, conversationSid, flowSid, 0);
    const removed = await keepOldestStudioWebhook(service, conversationSid);
    return { action: 'bot_attached', details: { webhookSid: webhook.sid, ...(removed > 0 ? { duplicatesRemoved: removed } : {}) } };
  });
  return outcome.locked ? outcome.value : { action: 'bot_attach_in_progress' };
}

async function setTimers(service: () => ConversationsService, conversationSid: string, config: Config): Promise<boolean> {
  const timers = timerOptions(config);
  if (Object.keys(timers).length === 0) return false;
  // Setting the same timers again is harmless: a duplicate event needs no guard here.
  await service().conversations(conversationSid).update(timers);
  return true;
}

export const setUpAutocreatedConversation: PostHandler<'onConversationAdded'> = async (event, { config, service, state }) => {
  if (!isAutocreatedByMessaging(event)) return { action: 'skipped_not_autocreated' };
  const flowSid = config.STUDIO_FLOW_SID;
  const [bot, timersSet] = await Promise.all([
    flowSid ? attachBotOnce(service(), state(), event.conversationSid, flowSid) : Promise.resolve<PostResult>({ action: 'no_bot_configured' }),
    setTimers(service, event.conversationSid, config),
  ]);
  return { action: bot.action, details: { ...bot.details, timersSet } };
};
