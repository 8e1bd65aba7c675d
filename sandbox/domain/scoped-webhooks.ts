// Conversation-scoped webhooks as state (post-events only, at most 5 per conversation):
// Target=webhook needs a Url and Filters; trigger needs a Url and Triggers; studio takes a
// FlowSid and may replay the messages from ReplayAfter on.
import type { ConversationRecord, ScopedWebhookRecord } from '../state';
import { deliverToFlow } from './studio';
import { invalidParameter, TwilioApiError } from '../errors';
import { isoDate } from '../clock';
import { newSid } from '../sids';
import { POST_EVENT_TYPES, type PostEventType } from '../../assets/lib/webhook/event-types';
import { messagesOf, putScopedWebhook, scopedWebhooksOf } from './indexes';
import type { Ctx } from './context';

// The post-events a conversation-scoped webhook can filter on: all of them but those that
// belong to no conversation yet (onConversationAdded) or to none at all (users).
const NOT_SCOPED: readonly PostEventType[] = ['onConversationAdded', 'onUserAdded', 'onUserUpdated'];
const POST_EVENTS: readonly string[] = POST_EVENT_TYPES.filter((type) => !NOT_SCOPED.includes(type));

function checkConfiguration(w: Pick<ScopedWebhookRecord, 'target' | 'url' | 'filters' | 'triggers' | 'flowSid'>): void {
  const bad = w.filters.find((f) => !POST_EVENTS.includes(f));
  if (bad) throw new TwilioApiError(400, 50365, `Invalid conversation webhook filter: ${bad}`);
  if (w.triggers.some((t) => t.length === 0 || t.length > 248)) throw new TwilioApiError(400, 50366, 'Invalid conversation webhook trigger');
  if (w.target === 'webhook' && w.filters.length === 0) throw new TwilioApiError(400, 50370, 'Conversation webhook filter not provided');
  if (w.target !== 'studio' && !w.url) throw invalidParameter(`Configuration.Url is required for target ${w.target}`);
  if (w.target === 'trigger' && w.triggers.length === 0) throw invalidParameter('Configuration.Triggers is required for target trigger');
  // No check that a studio target has a FlowSid: Twilio creates such a webhook (it is what
  // a nested `configuration: { flowSid }` object in twilio-node produces) and it does nothing.
}

/** ReplayAfter=n: messages from index n on are sent to the new studio webhook (Twilio: "for which and its successors"). */
function replay(ctx: Ctx, c: ConversationRecord, w: ScopedWebhookRecord): void {
  if (w.target !== 'studio' || w.replayAfter === null || !w.flowSid) return;
  const messages = messagesOf(ctx.state, c.sid).filter((m) => m.index >= (w.replayAfter ?? 0));
  for (const m of messages) {
    deliverToFlow(ctx.state, ctx.clock, w.flowSid, c, m, {
      AccountSid: ctx.state.accountSid,
      EventType: 'onMessageAdded',
      Source: m.source,
      ConversationSid: c.sid,
      MessageSid: m.sid,
      Index: String(m.index),
      Author: m.author,
      Body: m.body ?? '',
      DateCreated: isoDate(m.dateCreated),
    });
  }
}

export function addScopedWebhook(
  ctx: Ctx,
  c: ConversationRecord,
  input: Omit<ScopedWebhookRecord, 'sid' | 'conversationSid' | 'serviceSid' | 'dateCreated' | 'dateUpdated'>,
): ScopedWebhookRecord {
  checkConfiguration(input);
  const count = scopedWebhooksOf(ctx.state, c.sid).length;
  if (count >= ctx.limits.webhooksPerConversation) {
    // GUESS: the code for "too many scoped webhooks" is undocumented.
    throw new TwilioApiError(400, 50367, `Conversation ${c.sid} already has ${count} webhooks (at most ${ctx.limits.webhooksPerConversation})`);
  }
  const now = ctx.clock.now();
  const w: ScopedWebhookRecord = { ...input, sid: newSid('WH'), conversationSid: c.sid, serviceSid: c.serviceSid, dateCreated: now, dateUpdated: now };
  putScopedWebhook(ctx.state, w);
  replay(ctx, c, w);
  return w;
}

export type ScopedWebhookChanges = Partial<Pick<ScopedWebhookRecord, 'url' | 'method' | 'filters' | 'triggers' | 'flowSid'>>;

/** Changes a webhook's configuration; its target cannot change. */
export function updateScopedWebhook(ctx: Ctx, w: ScopedWebhookRecord, changes: ScopedWebhookChanges): ScopedWebhookRecord {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const next = { ...w, ...defined };
  checkConfiguration(next);
  Object.assign(w, next, { dateUpdated: ctx.clock.now() });
  return w;
}
