// What the console page shows, read from the sandbox's state: the list of conversations,
// one conversation whole, and the webhook log. Pure functions of the state, bounded, so the
// page can ask for them every second however much a long session has piled up.
import { isoDate } from '../clock';
import type { Ctx } from '../domain/context';
import { messagesOf, participantsOf, scopedWebhooksOf } from '../domain/indexes';
import type { ConversationRecord, DeliveryRecord, MessageRecord, SandboxState, Source, WebhookDeliveryRecord } from '../state';
import { authorBadges, type Badge, participantBadge, participantLabel } from './badges';

const LIST_LIMIT = 100;
const THREAD_LIMIT = 200;
const LOG_LIMIT = 200;
/** Bodies and answers longer than this are cut in lists (the thread and the log entry show more). */
const PREVIEW_CHARS = 160;
const ANSWER_CHARS = 4_000;

const preview = (text: string | null, max = PREVIEW_CHARS) => (text === null || text.length <= max ? text : `${text.slice(0, max)}…`);

type ConversationSummary = {
  sid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  state: ConversationRecord['state'];
  channels: Badge[];
  latest: { author: string; body: string | null; at: string } | null;
  lastActivity: string;
};

/** Texts that reached no conversation (refused, or nowhere to go); their bodies stay out of the list. */
type DroppedText = { at: string; from: string; to: string; reason: string };

export type ConversationList = { total: number; conversations: ConversationSummary[]; dropped: DroppedText[] };

const DROPPED_LIMIT = 20;

function channelsOf(state: SandboxState, c: ConversationRecord): Badge[] {
  const badges = new Set(participantsOf(state, c.sid).map(participantBadge));
  if (scopedWebhooksOf(state, c.sid).some((w) => w.target === 'studio')) badges.add('bot');
  return [...badges].sort();
}

/** What the page's forms need: the autocreating addresses (the To choices), whether a hand-off can be sent, the clock, the failing addresses. */
export function setupView(ctx: Ctx, handoff: boolean) {
  return {
    addresses: [...ctx.state.addressConfigurations.values()].filter((a) => a.autoCreation.enabled).map((a) => ({ type: a.type, address: a.address })),
    handoff,
    now: new Date(ctx.clock.now()).toISOString(),
    deliveryFailures: { ...ctx.deliveries.failures },
  };
}

export type Setup = ReturnType<typeof setupView>;

export function conversationList(state: SandboxState): ConversationList {
  const newest = [...state.conversations.values()].sort((a, b) => b.lastActivity - a.lastActivity || b.dateCreated - a.dateCreated).slice(0, LIST_LIMIT);
  return {
    total: state.conversations.size,
    conversations: newest.map((c) => {
      const messages = messagesOf(state, c.sid);
      const last = messages[messages.length - 1];
      return {
        sid: c.sid,
        friendlyName: c.friendlyName,
        uniqueName: c.uniqueName,
        state: c.state,
        channels: channelsOf(state, c),
        latest: last ? { author: last.author, body: preview(last.body), at: isoDate(last.dateCreated) } : null,
        lastActivity: isoDate(c.lastActivity),
      };
    }),
    dropped: state.droppedInbound
      .slice(-DROPPED_LIMIT)
      .reverse()
      .map((d) => ({ at: isoDate(d.at), from: d.from, to: d.to, reason: preview(d.reason) ?? '' })),
  };
}

/**
 * What the message policy did, as far as the sandbox can tell: a customer's message (SMS,
 * WhatsApp, chat SDK) whose body the pre-event's answer rewrote, or that the REST API rewrote
 * after publication (the functions' moderation of an autocreated first message); one the
 * REST API sent is the functions' own (judged before it was sent), or another backend's.
 */
type PolicyOutcome = 'passed' | 'redacted' | 'redacted after publication' | 'sent by REST';

function policyOf(m: MessageRecord): PolicyOutcome {
  if (m.bodyRewrittenBy === 'pre-event') return 'redacted';
  if (m.bodyRewrittenBy === 'rest') return 'redacted after publication';
  return m.source === 'API' ? 'sent by REST' : 'passed';
}

export type MessageView = {
  sid: string;
  index: number;
  author: string;
  badge: Badge;
  source: Source;
  at: string;
  body: string | null;
  media: { filename: string; contentType: string; size: number }[];
  policy: PolicyOutcome;
  deliveries: { to: string; channel: string; status: DeliveryRecord['status']; errorCode: number | null }[];
  /** Chat participants whose read horizon reached this message. */
  readBy: string[];
};

export type ConversationDetail = {
  sid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  state: ConversationRecord['state'];
  attributes: string;
  dateCreated: string;
  timers: { inactiveAt: string | null; closedAt: string | null };
  participants: { sid: string; badge: Badge; label: string; proxyAddress: string | null; attributes: string; lastReadMessageIndex: number | null }[];
  /** The latest THREAD_LIMIT messages, oldest first; `earlier` counts the ones left out. */
  messages: MessageView[];
  earlier: number;
  refused: { at: string; author: string; source: Source; how: string }[];
  webhooks: { sid: string; target: string; url: string | null; filters: string[]; triggers: string[]; flowSid: string | null }[];
  executions: { sid: string; flowSid: string; status: string; dateCreated: string; messages: number }[];
};

function deliveriesByMessage(state: SandboxState, conversationSid: string): Map<string, DeliveryRecord[]> {
  const byMessage = new Map<string, DeliveryRecord[]>();
  for (const d of state.deliveries) {
    if (d.conversationSid !== conversationSid) continue;
    const list = byMessage.get(d.messageSid) ?? [];
    list.push(d);
    byMessage.set(d.messageSid, list);
  }
  return byMessage;
}

export function conversationDetail(state: SandboxState, sid: string): ConversationDetail | undefined {
  const c = state.conversations.get(sid);
  if (!c) return undefined;
  const participants = participantsOf(state, c.sid);
  const shownParticipants = participants.map((p) => ({
    sid: p.sid,
    badge: participantBadge(p),
    label: participantLabel(p),
    proxyAddress: p.binding && 'proxyAddress' in p.binding ? p.binding.proxyAddress : null,
    attributes: p.attributes,
    lastReadMessageIndex: p.lastReadMessageIndex,
  }));
  const badgeOf = authorBadges(shownParticipants);
  const deliveries = deliveriesByMessage(state, c.sid);
  const all = messagesOf(state, c.sid);
  const shown = all.slice(-THREAD_LIMIT);
  return {
    sid: c.sid,
    friendlyName: c.friendlyName,
    uniqueName: c.uniqueName,
    state: c.state,
    attributes: c.attributes,
    dateCreated: isoDate(c.dateCreated),
    timers: {
      inactiveAt: c.timers.dateInactive ? isoDate(c.timers.dateInactive) : null,
      closedAt: c.timers.dateClosed ? isoDate(c.timers.dateClosed) : null,
    },
    participants: shownParticipants,
    messages: shown.map((m) => ({
      sid: m.sid,
      index: m.index,
      author: m.author,
      badge: badgeOf(m),
      source: m.source,
      at: isoDate(m.dateCreated),
      body: m.body,
      media: (m.media ?? []).map((x) => ({ filename: x.filename, contentType: x.content_type, size: x.size })),
      policy: policyOf(m),
      deliveries: (deliveries.get(m.sid) ?? []).map((d) => ({ to: d.to, channel: d.channel, status: d.status, errorCode: d.errorCode })),
      readBy: participants
        .filter((p) => p.identity && p.identity !== m.author && p.lastReadMessageIndex !== null && p.lastReadMessageIndex >= m.index)
        .map((p) => p.identity as string),
    })),
    earlier: all.length - shown.length,
    refused: state.refusedMessages
      .filter((r) => r.conversationSid === c.sid)
      .slice(-THREAD_LIMIT)
      .map((r) => ({ at: isoDate(r.at), author: r.author, source: r.source, how: r.how })),
    webhooks: scopedWebhooksOf(state, c.sid).map((w) => ({
      sid: w.sid,
      target: w.target,
      url: w.url,
      filters: w.filters,
      triggers: w.triggers,
      flowSid: w.flowSid,
    })),
    executions: [...state.executions.values()]
      .filter((e) => e.conversationSid === c.sid)
      .map((e) => ({ sid: e.sid, flowSid: e.flowSid, status: e.status, dateCreated: isoDate(e.dateCreated), messages: e.messageSids.length })),
  };
}

export type WebhookLogFilter = { conversationSid?: string; eventType?: string };

export type WebhookLogEntry = {
  id: number;
  at: string;
  kind: 'pre' | 'post';
  eventType: string;
  scope: WebhookDeliveryRecord['scope'];
  conversationSid: string | null;
  url: string;
  method: string;
  params: Record<string, string>;
  signature: string;
  status: number | null;
  answer: string | null;
  error: string | null;
  outcome: WebhookDeliveryRecord['outcome'];
  copy: number;
  ms: number;
};

export type WebhookLog = { total: number; eventTypes: string[]; entries: WebhookLogEntry[] };

/** Newest first, at most LOG_LIMIT entries matching the filter; `eventTypes` lists every type sent so far. */
export function webhookLog(state: SandboxState, filter: WebhookLogFilter): WebhookLog {
  const entries: WebhookLogEntry[] = [];
  const eventTypes = new Set<string>();
  let total = 0;
  for (let i = state.webhookDeliveries.length - 1; i >= 0; i -= 1) {
    const d = state.webhookDeliveries[i]!;
    eventTypes.add(d.eventType);
    const conversationSid = d.params.ConversationSid ?? null;
    if (filter.conversationSid && conversationSid !== filter.conversationSid) continue;
    if (filter.eventType && d.eventType !== filter.eventType) continue;
    total += 1;
    if (entries.length >= LOG_LIMIT) continue;
    entries.push({
      id: d.id,
      at: new Date(d.at).toISOString(),
      kind: d.kind,
      eventType: d.eventType,
      scope: d.scope,
      conversationSid,
      url: d.url,
      method: d.method,
      params: d.params,
      signature: d.signature,
      status: d.status,
      answer: preview(d.answer, ANSWER_CHARS),
      error: d.error,
      outcome: d.outcome,
      copy: d.copy,
      ms: d.ms,
    });
  }
  return { total, eventTypes: [...eventTypes].sort(), entries };
}
