// onConversationAdded (post-event): a conversation autocreated by an inbound SMS or WhatsApp
// gets the Studio bot (STUDIO_FLOW_SID) and the timers from config. ReplayAfter=0 replays
// the message that created the conversation to the flow, so the bot answers it even though
// it was attached after that message arrived.
// Exactly one studio webhook, even when the event is delivered twice at the same moment:
// after a first look (1 round trip), the attach is claimed in Sync as `bot:<CH>`
// (state/once): one invocation attaches (2 more), any other skips at once. The claim stays
// done for a day, so a late copy of the event never attaches the bot again after a hand-off
// removed it. A successor that takes over a dead holder's claim looks again first, and keeps
// only the oldest studio webhook should the holder's attach have landed. One studio webhook =
// one execution: two would answer twice.
import { channelOfAddress } from '../../conversations/addresses';
import type { Config } from '../../platform/config';
import { attachStudioFlow, isStudioWebhook } from '../../conversations/studio-webhooks';
import { timerOptions, type ConversationsService } from '../../conversations/service';
import { claimForEvent } from '../../state/once';
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

/** The studio webhooks, oldest first (SID breaks ties: every invocation picks the same one). */
const oldestStudioFirst = (webhooks: readonly WebhookLike[]): WebhookLike[] =>
  webhooks.filter(isStudioWebhook).sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || a.sid.localeCompare(b.sid));

/** The studio webhooks to delete so that only the oldest remains. */
export function extraStudioWebhooks(webhooks: readonly WebhookLike[]): WebhookLike[] {
  return oldestStudioFirst(webhooks).slice(1);
}

async function studioWebhooks(service: ConversationsService, conversationSid: string): Promise<WebhookLike[]> {
  return (await service.conversations(conversationSid).webhooks.list({ pageSize: 5 })).filter(isStudioWebhook);
}

async function keepOldestStudioWebhook(service: ConversationsService, conversationSid: string, present: readonly WebhookLike[]): Promise<number> {
  const extra = extraStudioWebhooks(present);
  await Promise.all(extra.map((webhook) => service.conversations(conversationSid).webhooks(webhook.sid).remove().catch(ignoreNotFound)));
  return extra.length;
}

type Attached = { webhookSid: string; duplicatesRemoved?: number; attachedBefore?: true };

async function attachBotOnce(service: ConversationsService, state: StateStore, conversationSid: string, flowSid: string): Promise<PostResult> {
  if ((await studioWebhooks(service, conversationSid)).length > 0) return { action: 'bot_already_attached' };
  const attach = async (takeover: boolean): Promise<Attached> => {
    if (takeover) {
      const present = await studioWebhooks(service, conversationSid);
      const [oldest] = oldestStudioFirst(present);
      if (oldest) {
        const removed = await keepOldestStudioWebhook(service, conversationSid, present);
        return { webhookSid: oldest.sid, attachedBefore: true, ...(removed > 0 ? { duplicatesRemoved: removed } : {}) };
      }
    }
    return { webhookSid: (await attachStudioFlow(service, conversationSid, flowSid, 0)).sid };
  };
  const claimed = await claimForEvent(state, stateNames.bot(conversationSid), attach);
  if (claimed.kind === 'busy') return { action: 'bot_attach_in_progress' };
  if (claimed.kind === 'done' || claimed.value.attachedBefore) return { action: 'bot_already_attached' };
  return { action: 'bot_attached', details: claimed.value };
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
