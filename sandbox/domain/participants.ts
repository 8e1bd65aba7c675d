// Participants as state: chat (Identity) or SMS/WhatsApp (MessagingBinding.Address + ProxyAddress),
// with Twilio's conflicts: an Address+ProxyAddress pair may be bound in only one
// conversation that is not closed (50416, naming that conversation), an identity only once
// per conversation (50433), and the participant limits (50417 all, 50422 non-chat).
import type { Channel, ConversationRecord, MessagingBinding, ParticipantRecord } from '../state';
import type { Origin } from './events';
import { checkAttributes } from './attributes';
import { assertWritable } from './conversations';
import { ensureUser } from './users';
import { invalidParameter, notFound, TwilioApiError } from '../errors';
import { isoDate } from '../clock';
import { newSid } from '../sids';
import { changeParticipant, dropParticipant, participantsOf, participantsWithBinding, putParticipant } from './indexes';
import { throwIfRejected } from './rejection';
import type { Ctx } from './context';

export type ParticipantInput = {
  identity?: string;
  address?: string;
  proxyAddress?: string;
  projectedAddress?: string;
  attributes?: string;
  roleSid?: string;
  dateCreated?: string;
  dateUpdated?: string;
};

const DEFAULT_ROLE_SID = 'RL00000000000000000000000000000000';

export function channelOf(address: string): Channel {
  return address.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
}

function bindingType(p: ParticipantRecord): 'SMS' | 'WHATSAPP' | 'CHAT' {
  if (!p.binding || 'projectedAddress' in p.binding) return 'CHAT';
  return p.binding.type === 'whatsapp' ? 'WHATSAPP' : 'SMS';
}

/** The open conversation (active or inactive) that already binds this address pair, if any. */
export function boundConversation(ctx: Ctx, address: string, proxyAddress: string): ConversationRecord | undefined {
  for (const p of participantsWithBinding(ctx.state, address, proxyAddress)) {
    const c = ctx.state.conversations.get(p.conversationSid);
    if (c && c.state !== 'closed') return c;
  }
  return undefined;
}

function checkLength(value: string | undefined, name: string): void {
  if (value !== undefined && value.length > 256) throw invalidParameter(`${name} must be at most 256 characters`);
}

/** Checks a participant could be added, without side effects. `conflictCode` is 50425 for ConversationWithParticipants. */
export function checkParticipantInput(ctx: Ctx, c: ConversationRecord | null, input: ParticipantInput, conflictCode = 50416, byTwilio = false): void {
  checkAttributes('participant', input.attributes);
  checkLength(input.identity, 'Identity');
  checkLength(input.address, 'MessagingBinding.Address');
  checkLength(input.proxyAddress, 'MessagingBinding.ProxyAddress');
  if (input.identity && input.address)
    throw invalidParameter('Identity and MessagingBinding.Address cannot both be set: a participant is either chat or SMS/WhatsApp');
  if (!input.identity && !input.address && !input.projectedAddress) throw invalidParameter('Identity or MessagingBinding.Address is required');
  if (input.address && !input.proxyAddress) throw invalidParameter('MessagingBinding.ProxyAddress is required with MessagingBinding.Address');
  if (input.address && input.proxyAddress && channelOf(input.address) !== channelOf(input.proxyAddress)) {
    throw invalidParameter('MessagingBinding.Address and MessagingBinding.ProxyAddress must use the same channel (both whatsapp: or both SMS)');
  }
  if (input.address && input.proxyAddress) {
    const bound = boundConversation(ctx, input.address, input.proxyAddress);
    if (bound) {
      throw new TwilioApiError(409, conflictCode, `A binding for this participant and proxy address already exists in Conversation ${bound.sid}`);
    }
  }
  if (!c) return;
  // Twilio itself adds the participants of an initializing conversation (ConversationWithParticipants).
  if (!(byTwilio && c.state === 'initializing')) assertWritable(c, 'no participants can be added');
  const members = participantsOf(ctx.state, c.sid);
  if (input.identity && members.some((p) => p.identity === input.identity)) {
    throw new TwilioApiError(409, 50433, `Participant already exists: ${input.identity} is already in Conversation ${c.sid}`);
  }
  if (members.length >= ctx.limits.participantsPerConversation) {
    throw new TwilioApiError(400, 50417, `Participants limit exceeded: Conversation ${c.sid} has ${members.length} participants`);
  }
  const nonChat = members.filter((p) => p.binding && !('projectedAddress' in p.binding)).length;
  if (input.address && nonChat >= ctx.limits.nonChatParticipantsPerConversation) {
    throw new TwilioApiError(400, 50422, `Non-chat conversation participants limit exceeded: Conversation ${c.sid} has ${nonChat}`);
  }
}

function participantParams(p: ParticipantRecord | (ParticipantInput & { conversationSid: string })): Record<string, string | undefined> {
  const record = 'sid' in p ? (p as ParticipantRecord) : null;
  const input = record ? null : (p as ParticipantInput & { conversationSid: string });
  const binding = record ? record.binding : null;
  const address = binding && 'address' in binding ? binding.address : input?.address;
  const proxy = binding && 'proxyAddress' in binding ? binding.proxyAddress : input?.proxyAddress;
  const projected = binding && 'projectedAddress' in binding ? binding.projectedAddress : input?.projectedAddress;
  const type = record ? bindingType(record) : address ? (channelOf(address) === 'whatsapp' ? 'WHATSAPP' : 'SMS') : 'CHAT';
  return {
    ConversationSid: p.conversationSid,
    ParticipantSid: record?.sid,
    Identity: (record ? record.identity : input?.identity) ?? undefined,
    RoleSid: record?.roleSid ?? input?.roleSid ?? DEFAULT_ROLE_SID,
    Attributes: (record ? record.attributes : input?.attributes) ?? '{}',
    'MessagingBinding.Address': address,
    'MessagingBinding.ProxyAddress': proxy,
    'MessagingBinding.ProjectedAddress': projected,
    'MessagingBinding.Type': type,
    DateCreated: record ? isoDate(record.dateCreated) : undefined,
  };
}

export async function addParticipant(
  ctx: Ctx,
  c: ConversationRecord,
  input: ParticipantInput,
  origin: Origin,
  conflictCode = 50416,
  byTwilio = false,
): Promise<ParticipantRecord> {
  checkParticipantInput(ctx, c, input, conflictCode, byTwilio);
  throwIfRejected(await ctx.events.pre(c.serviceSid, 'onParticipantAdd', participantParams({ ...input, conversationSid: c.sid }), origin));
  // The pre-event awaited: re-check conflicts another request may have created meanwhile.
  checkParticipantInput(ctx, c, input, conflictCode, byTwilio);
  const now = ctx.clock.now();
  let binding: MessagingBinding | null = null;
  if (input.address && input.proxyAddress) binding = { type: channelOf(input.address), address: input.address, proxyAddress: input.proxyAddress };
  else if (input.projectedAddress) binding = { type: 'sms', projectedAddress: input.projectedAddress };
  const created = input.dateCreated ? Date.parse(input.dateCreated) : now;
  const p: ParticipantRecord = {
    sid: newSid('MB'),
    conversationSid: c.sid,
    serviceSid: c.serviceSid,
    identity: input.identity ?? null,
    userSid: input.identity ? ensureUser(ctx, c.serviceSid, input.identity).sid : null,
    attributes: input.attributes ?? '{}',
    binding,
    roleSid: input.roleSid ?? DEFAULT_ROLE_SID,
    dateCreated: created,
    dateUpdated: input.dateUpdated ? Date.parse(input.dateUpdated) : created,
    lastReadMessageIndex: null,
    lastReadTimestamp: null,
  };
  putParticipant(ctx.state, p);
  ctx.events.post(c, c.serviceSid, 'onParticipantAdded', participantParams(p), origin);
  return p;
}

export function findParticipant(ctx: Ctx, c: ConversationRecord, sidOrIdentity: string, path: string): ParticipantRecord {
  const p = ctx.state.participants.get(sidOrIdentity) ?? participantsOf(ctx.state, c.sid).find((x) => x.identity === sidOrIdentity);
  if (!p || p.conversationSid !== c.sid) throw notFound('participant', path);
  return p;
}

export type ParticipantChanges = {
  attributes?: string;
  roleSid?: string;
  identity?: string;
  proxyAddress?: string;
  projectedAddress?: string;
  lastReadMessageIndex?: number;
  lastReadTimestamp?: string;
  dateCreated?: string;
  dateUpdated?: string;
};

/** Updates a participant: onParticipantUpdate may refuse it; identity and binding changes keep the indexes right. */
export async function updateParticipant(
  ctx: Ctx,
  c: ConversationRecord,
  p: ParticipantRecord,
  changes: ParticipantChanges,
  origin: Origin,
): Promise<ParticipantRecord> {
  checkAttributes('participant', changes.attributes);
  throwIfRejected(
    await ctx.events.pre(c.serviceSid, 'onParticipantUpdate', { ...participantParams(p), Attributes: changes.attributes ?? p.attributes }, origin),
  );
  changeParticipant(ctx.state, p, (record) => {
    if (changes.attributes !== undefined) record.attributes = changes.attributes;
    if (changes.roleSid) record.roleSid = changes.roleSid;
    if (changes.identity !== undefined && !record.binding) record.identity = changes.identity;
    if (changes.proxyAddress !== undefined && record.binding && 'proxyAddress' in record.binding) record.binding.proxyAddress = changes.proxyAddress;
    if (changes.projectedAddress !== undefined && record.binding && 'projectedAddress' in record.binding)
      record.binding.projectedAddress = changes.projectedAddress;
    if (changes.lastReadMessageIndex !== undefined) record.lastReadMessageIndex = changes.lastReadMessageIndex;
    if (changes.lastReadTimestamp !== undefined) record.lastReadTimestamp = changes.lastReadTimestamp;
    if (changes.dateCreated) record.dateCreated = Date.parse(changes.dateCreated);
    record.dateUpdated = changes.dateUpdated ? Date.parse(changes.dateUpdated) : ctx.clock.now();
  });
  ctx.events.post(c, c.serviceSid, 'onParticipantUpdated', { ...participantParams(p), DateUpdated: isoDate(p.dateUpdated) }, origin);
  return p;
}

export async function removeParticipant(ctx: Ctx, c: ConversationRecord, p: ParticipantRecord, origin: Origin): Promise<void> {
  throwIfRejected(await ctx.events.pre(c.serviceSid, 'onParticipantRemove', participantParams(p), origin));
  dropParticipant(ctx.state, p);
  ctx.events.post(c, c.serviceSid, 'onParticipantRemoved', { ...participantParams(p), DateRemoved: isoDate(ctx.clock.now()) }, origin);
}
