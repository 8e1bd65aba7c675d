// Conversations as state: create, update, remove, State and Timers, and the lookups the HTTP
// handlers and inbound traffic share. Every change fires its pre- and post-events.
import type { ConversationRecord, ConversationState } from '../state';
import type { Origin } from './events';
import { conversationClosed, conversationInitializing, notFound, TwilioApiError } from '../errors';
import { isoDate, parseIsoDuration } from '../clock';
import { newSid } from '../sids';
import { conversationByUniqueName, dropConversation, putConversation, renameConversation } from './indexes';
import { throwIfRejected } from './rejection';
import type { Ctx, Scope } from './context';
import { checkAttributes } from './attributes';

export type ConversationInput = {
  friendlyName?: string;
  uniqueName?: string;
  attributes?: string;
  messagingServiceSid?: string;
  state?: ConversationState;
  timersInactive?: string;
  timersClosed?: string;
  dateCreated?: string;
  dateUpdated?: string;
};

/**
 * Timers.Inactive >= 1 minute, Timers.Closed >= 10 minutes, as ISO-8601 durations, with Twilio's
 * codes: 50375 / 50376 below the minimum, 50379 / 50380 malformed (https://www.twilio.com/docs/api/errors/50375 ...).
 * The HTTP status (400) is not documented.
 */
const TIMERS = {
  'Timers.Inactive': { minimumMs: 60_000, tooShort: 50375, malformed: 50379 },
  'Timers.Closed': { minimumMs: 600_000, tooShort: 50376, malformed: 50380 },
} as const;

function timerMs(value: string | undefined, name: keyof typeof TIMERS): number | undefined {
  if (value === undefined || value === '') return undefined;
  const timer = TIMERS[name];
  const ms = parseIsoDuration(value);
  if (ms === undefined) throw new TwilioApiError(400, timer.malformed, `${name} format is invalid: ${value} is not an ISO-8601 duration such as PT5M`);
  if (ms < timer.minimumMs)
    throw new TwilioApiError(400, timer.tooShort, `${name} should be greater or equal to ${timer.minimumMs / 60000} minutes, got ${value}`);
  return ms;
}

export function findConversation(ctx: Ctx, scope: Scope, sidOrUniqueName: string, path: string): ConversationRecord {
  const direct = ctx.state.conversations.get(sidOrUniqueName);
  const found = direct ?? conversationByUniqueName(ctx.state, scope.serviceSid, sidOrUniqueName);
  if (!found || found.serviceSid !== scope.serviceSid) throw notFound('conversation', path);
  return found;
}

/** Recomputes the timer due dates from the last activity. */
function scheduleTimers(c: ConversationRecord): void {
  c.timers.dateInactive = c.timers.inactiveMs !== undefined ? c.lastActivity + c.timers.inactiveMs : undefined;
  c.timers.dateClosed = c.timers.closedMs !== undefined ? c.lastActivity + c.timers.closedMs : undefined;
}

/** Closed refuses everything (50377); initializing refuses updates, messages and participants (50386) until it is active. */
export function assertWritable(c: ConversationRecord, what: string): void {
  if (c.state === 'closed') throw conversationClosed(c.sid, what);
  if (c.state === 'initializing') throw conversationInitializing(c.sid, what);
}

export function changeState(ctx: Ctx, c: ConversationRecord, to: ConversationState, reason: 'API' | 'TIMER' | 'EVENT', origin: Origin): void {
  if (c.state === to) return;
  if (c.state === 'closed') throw conversationClosed(c.sid, `cannot change state to ${to}`);
  const from = c.state;
  c.state = to;
  c.dateUpdated = ctx.clock.now();
  ctx.events.post(
    c,
    c.serviceSid,
    'onConversationStateUpdated',
    {
      ConversationSid: c.sid,
      ChatServiceSid: c.serviceSid,
      MessagingServiceSid: c.messagingServiceSid,
      StateFrom: from,
      StateTo: to,
      StateUpdated: isoDate(c.dateUpdated),
      Reason: reason,
    },
    origin,
  );
}

/** Moves conversations whose timers are due, and starts due background work (checked on every request and every second). */
export function applyTimers(ctx: Ctx): void {
  ctx.background.runDue();
  const now = ctx.clock.now();
  const origin: Origin = { source: 'API', fire: true };
  for (const c of ctx.state.conversations.values()) {
    if (c.state === 'closed' || c.state === 'initializing') continue;
    if (c.timers.dateClosed !== undefined && c.timers.dateClosed <= now) changeState(ctx, c, 'closed', 'TIMER', origin);
    else if (c.state === 'active' && c.timers.dateInactive !== undefined && c.timers.dateInactive <= now) changeState(ctx, c, 'inactive', 'TIMER', origin);
  }
}

/** A message is activity: timers restart and an inactive conversation becomes active again. */
export function touchConversation(ctx: Ctx, c: ConversationRecord, origin: Origin): void {
  c.lastActivity = ctx.clock.now();
  scheduleTimers(c);
  if (c.state === 'inactive') changeState(ctx, c, 'active', 'EVENT', origin);
}

function conversationParams(c: ConversationRecord): Record<string, string | undefined> {
  return {
    ConversationSid: c.sid,
    FriendlyName: c.friendlyName ?? undefined,
    UniqueName: c.uniqueName ?? undefined,
    Attributes: c.attributes,
    ChatServiceSid: c.serviceSid,
    MessagingServiceSid: c.messagingServiceSid,
    State: c.state,
    DateCreated: isoDate(c.dateCreated),
    DateUpdated: isoDate(c.dateUpdated),
  };
}

function uniqueNameTaken(ctx: Ctx, serviceSid: string, uniqueName: string | undefined, except?: string): boolean {
  if (!uniqueName) return false;
  const holder = conversationByUniqueName(ctx.state, serviceSid, uniqueName);
  return holder !== undefined && holder.sid !== except;
}

const uniqueNameConflict = (name: string) => new TwilioApiError(409, 50353, `Conversation with provided unique name already exists: ${name}`);

/** Validates everything a create needs, without side effects (ConversationWithParticipants checks first, then acts). */
export function checkConversationInput(ctx: Ctx, serviceSid: string, input: ConversationInput): void {
  checkAttributes('conversation', input.attributes);
  timerMs(input.timersInactive, 'Timers.Inactive');
  timerMs(input.timersClosed, 'Timers.Closed');
  if (uniqueNameTaken(ctx, serviceSid, input.uniqueName)) throw uniqueNameConflict(input.uniqueName ?? '');
}

export async function createConversation(
  ctx: Ctx,
  serviceSid: string,
  input: ConversationInput,
  origin: Origin,
  extraParams: Record<string, string | undefined> = {},
  /** Fields only the pre-event carries (inbound autocreation: the first message's MessageBody and Media). */
  preOnlyParams: Record<string, string | undefined> = {},
): Promise<ConversationRecord> {
  checkConversationInput(ctx, serviceSid, input);
  const outcome = await ctx.events.pre(
    serviceSid,
    'onConversationAdd',
    {
      FriendlyName: input.friendlyName,
      UniqueName: input.uniqueName,
      Attributes: input.attributes ?? '{}',
      ChatServiceSid: serviceSid,
      MessagingServiceSid: input.messagingServiceSid ?? ctx.state.messagingServiceSid,
      State: input.state ?? 'active',
      ...extraParams,
      ...preOnlyParams,
    },
    origin,
  );
  throwIfRejected(outcome);
  const changes = outcome.kind === 'modified' ? outcome.changes : {};
  const uniqueName = changes.unique_name ?? input.uniqueName ?? null;
  if (uniqueNameTaken(ctx, serviceSid, uniqueName ?? undefined)) throw uniqueNameConflict(uniqueName ?? '');
  const now = ctx.clock.now();
  const created = input.dateCreated ? Date.parse(input.dateCreated) : now;
  const c: ConversationRecord = {
    sid: newSid('CH'),
    serviceSid,
    messagingServiceSid: input.messagingServiceSid ?? ctx.state.messagingServiceSid,
    friendlyName: changes.friendly_name ?? input.friendlyName ?? null,
    uniqueName,
    attributes: changes.attributes ?? input.attributes ?? '{}',
    state: input.state ?? 'active',
    dateCreated: created,
    dateUpdated: input.dateUpdated ? Date.parse(input.dateUpdated) : created,
    timers: {
      inactiveMs: timerMs(input.timersInactive ?? ctx.state.configuration.defaultInactiveTimer ?? undefined, 'Timers.Inactive'),
      closedMs: timerMs(input.timersClosed ?? ctx.state.configuration.defaultClosedTimer ?? undefined, 'Timers.Closed'),
    },
    createdBy: origin.source === 'SDK' ? (origin.clientIdentity ?? 'system') : 'system',
    nextIndex: 0,
    lastActivity: now,
  };
  scheduleTimers(c);
  putConversation(ctx.state, c);
  ctx.events.post(c, serviceSid, 'onConversationAdded', { ...conversationParams(c), ...extraParams }, origin);
  return c;
}

export async function updateConversation(ctx: Ctx, c: ConversationRecord, input: ConversationInput, origin: Origin): Promise<void> {
  checkAttributes('conversation', input.attributes);
  const inactiveMs = timerMs(input.timersInactive, 'Timers.Inactive');
  const closedMs = timerMs(input.timersClosed, 'Timers.Closed');
  if (uniqueNameTaken(ctx, c.serviceSid, input.uniqueName, c.sid)) throw uniqueNameConflict(input.uniqueName ?? '');
  // Closed is final: no update at all (name, attributes, timers, state); initializing: not yet.
  assertWritable(c, 'no update is possible');
  const outcome = await ctx.events.pre(
    c.serviceSid,
    'onConversationUpdate',
    {
      ...conversationParams(c),
      FriendlyName: input.friendlyName ?? c.friendlyName ?? undefined,
      UniqueName: input.uniqueName ?? c.uniqueName ?? undefined,
      Attributes: input.attributes ?? c.attributes,
      State: input.state ?? c.state,
    },
    origin,
  );
  throwIfRejected(outcome);
  const changes = outcome.kind === 'modified' ? outcome.changes : {};
  const friendlyName = changes.friendly_name ?? input.friendlyName;
  const attributes = changes.attributes ?? input.attributes;
  const uniqueName = changes.unique_name ?? input.uniqueName;
  if (friendlyName !== undefined) c.friendlyName = friendlyName;
  if (attributes !== undefined) c.attributes = attributes;
  if (uniqueName !== undefined) renameConversation(ctx.state, c, uniqueName || null);
  if (input.messagingServiceSid !== undefined) c.messagingServiceSid = input.messagingServiceSid;
  if (input.timersInactive !== undefined) c.timers.inactiveMs = inactiveMs;
  if (input.timersClosed !== undefined) c.timers.closedMs = closedMs;
  if (input.dateCreated) c.dateCreated = Date.parse(input.dateCreated);
  c.dateUpdated = input.dateUpdated ? Date.parse(input.dateUpdated) : ctx.clock.now();
  scheduleTimers(c);
  if (input.state) changeState(ctx, c, input.state, 'API', origin);
  ctx.events.post(c, c.serviceSid, 'onConversationUpdated', conversationParams(c), origin);
}

export async function removeConversation(ctx: Ctx, c: ConversationRecord, origin: Origin): Promise<void> {
  throwIfRejected(await ctx.events.pre(c.serviceSid, 'onConversationRemove', conversationParams(c), origin));
  const params = { ...conversationParams(c), DateRemoved: isoDate(ctx.clock.now()) };
  ctx.events.post(c, c.serviceSid, 'onConversationRemoved', params, origin);
  dropConversation(ctx.state, c);
}
