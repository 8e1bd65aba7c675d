// Conversation-scoped webhooks (post-events only, at most 5 per conversation):
// Target=webhook needs Configuration.Url and Filters; trigger needs Url and Triggers;
// studio takes Configuration.FlowSid. twilio-node sends these as flat
// `Configuration.*` form keys (its option keys are 'configuration.flowSid'...).
import { type Ctx, type Handler, int, list as listParam, str } from '../api';
import { invalidParameter, TwilioApiError } from '../errors';
import { page } from '../paging';
import { newSid } from '../sids';
import { deliverToFlow } from '../studio';
import { isoDate } from '../clock';
import type { ConversationRecord, ScopedWebhookRecord, ScopedWebhookTarget } from '../state';
import { findConversation } from './conversations';
import { renderScopedWebhook } from './render';

/** Post-events a conversation-scoped webhook can filter on. */
const POST_EVENTS = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onConversationUpdated',
  'onConversationRemoved',
  'onConversationStateUpdated',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
];

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
  const messages = [...ctx.state.messages.values()]
    .filter((m) => m.conversationSid === c.sid && m.index >= (w.replayAfter ?? 0))
    .sort((a, b) => a.index - b.index);
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

function conversationOf(req: Parameters<Handler>[0]): ConversationRecord {
  return findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
}

function findWebhook(req: Parameters<Handler>[0], c: ConversationRecord): ScopedWebhookRecord {
  const w = req.ctx.state.webhooks.get(req.pathParams.Sid);
  if (!w || w.conversationSid !== c.sid) throw new TwilioApiError(404, 20404, `The requested resource ${req.path} was not found`);
  return w;
}

export function addScopedWebhook(
  ctx: Ctx,
  c: ConversationRecord,
  input: Omit<ScopedWebhookRecord, 'sid' | 'conversationSid' | 'serviceSid' | 'dateCreated' | 'dateUpdated'>,
): ScopedWebhookRecord {
  checkConfiguration(input);
  const count = [...ctx.state.webhooks.values()].filter((w) => w.conversationSid === c.sid).length;
  if (count >= ctx.limits.webhooksPerConversation) {
    // GUESS: the code for "too many scoped webhooks" is undocumented.
    throw new TwilioApiError(400, 50367, `Conversation ${c.sid} already has ${count} webhooks (at most ${ctx.limits.webhooksPerConversation})`);
  }
  const now = ctx.clock.now();
  const w: ScopedWebhookRecord = { ...input, sid: newSid('WH'), conversationSid: c.sid, serviceSid: c.serviceSid, dateCreated: now, dateUpdated: now };
  ctx.state.webhooks.set(w.sid, w);
  replay(ctx, c, w);
  return w;
}

const create: Handler = (req) => {
  const c = conversationOf(req);
  const method = (str(req.params, 'Configuration.Method') ?? 'post').toUpperCase() as 'GET' | 'POST';
  const w = addScopedWebhook(req.ctx, c, {
    target: str(req.params, 'Target') as ScopedWebhookTarget,
    url: str(req.params, 'Configuration.Url') ?? null,
    method,
    filters: listParam(req.params, 'Configuration.Filters') ?? [],
    triggers: listParam(req.params, 'Configuration.Triggers') ?? [],
    flowSid: str(req.params, 'Configuration.FlowSid') ?? null,
    replayAfter: int(req.params, 'Configuration.ReplayAfter') ?? null,
  });
  return { status: 201, body: renderScopedWebhook(req.ctx.state, req.scope, w) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderScopedWebhook(req.ctx.state, req.scope, findWebhook(req, conversationOf(req))) });

const update: Handler = (req) => {
  const w = findWebhook(req, conversationOf(req));
  const next = {
    ...w,
    url: str(req.params, 'Configuration.Url') ?? w.url,
    method: (str(req.params, 'Configuration.Method') ?? w.method).toUpperCase() as 'GET' | 'POST',
    filters: listParam(req.params, 'Configuration.Filters') ?? w.filters,
    triggers: listParam(req.params, 'Configuration.Triggers') ?? w.triggers,
    flowSid: str(req.params, 'Configuration.FlowSid') ?? w.flowSid,
  };
  checkConfiguration(next);
  Object.assign(w, next, { dateUpdated: req.ctx.clock.now() });
  return { status: 200, body: renderScopedWebhook(req.ctx.state, req.scope, w) };
};

const remove: Handler = (req) => {
  req.ctx.state.webhooks.delete(findWebhook(req, conversationOf(req)).sid);
  return { status: 204 };
};

const list: Handler = (req) => {
  const c = conversationOf(req);
  const items = [...req.ctx.state.webhooks.values()].filter((w) => w.conversationSid === c.sid);
  const body = page(items, { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Webhooks`, key: 'webhooks', filters: [] }, (w) =>
    renderScopedWebhook(req.ctx.state, req.scope, w),
  );
  return { status: 200, body };
};

export const scopedWebhookHandlers: Record<string, Handler> = {
  CreateConversationScopedWebhook: create,
  CreateServiceConversationScopedWebhook: create,
  FetchConversationScopedWebhook: fetch,
  FetchServiceConversationScopedWebhook: fetch,
  UpdateConversationScopedWebhook: update,
  UpdateServiceConversationScopedWebhook: update,
  DeleteConversationScopedWebhook: remove,
  DeleteServiceConversationScopedWebhook: remove,
  ListConversationScopedWebhook: list,
  ListServiceConversationScopedWebhook: list,
};
