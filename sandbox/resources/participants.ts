// Participants: chat (Identity) or SMS/WhatsApp (MessagingBinding.Address + ProxyAddress),
// with Twilio's conflicts: an Address+ProxyAddress pair may be bound in only one
// conversation that is not closed (50416, naming that conversation), an identity only once
// per conversation (50433), and the participant limits (50417 all, 50422 non-chat).
import { type Ctx, type Handler, int, str } from '../api';
import { isoDate } from '../clock';
import { invalidParameter, notFound, TwilioApiError } from '../errors';
import type { Origin } from '../events';
import { page } from '../paging';
import { throwIfRejected } from '../rejection';
import { newSid } from '../sids';
import type { Channel, ConversationRecord, MessagingBinding, ParticipantRecord } from '../state';
import { checkAttributes, findConversation } from './conversations';
import { renderParticipant } from './render';
import { ensureUser } from './users';

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
  for (const p of ctx.state.participants.values()) {
    if (!p.binding || 'projectedAddress' in p.binding) continue;
    if (p.binding.address !== address || p.binding.proxyAddress !== proxyAddress) continue;
    const c = ctx.state.conversations.get(p.conversationSid);
    if (c && c.state !== 'closed') return c;
  }
  return undefined;
}

function checkLength(value: string | undefined, name: string): void {
  if (value !== undefined && value.length > 256) throw invalidParameter(`${name} must be at most 256 characters`);
}

/** Checks a participant could be added, without side effects. `conflictCode` is 50425 for ConversationWithParticipants. */
export function checkParticipantInput(ctx: Ctx, c: ConversationRecord | null, input: ParticipantInput, conflictCode = 50416): void {
  checkAttributes(input.attributes);
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
  const members = [...ctx.state.participants.values()].filter((p) => p.conversationSid === c.sid);
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
): Promise<ParticipantRecord> {
  checkParticipantInput(ctx, c, input, conflictCode);
  throwIfRejected(await ctx.events.pre(c.serviceSid, 'onParticipantAdd', participantParams({ ...input, conversationSid: c.sid }), origin));
  // The pre-event awaited: re-check conflicts another request may have created meanwhile.
  checkParticipantInput(ctx, c, input, conflictCode);
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
  ctx.state.participants.set(p.sid, p);
  ctx.events.post(c, c.serviceSid, 'onParticipantAdded', participantParams(p), origin);
  return p;
}

function participantInput(params: Parameters<typeof str>[0]): ParticipantInput {
  return {
    identity: str(params, 'Identity'),
    address: str(params, 'MessagingBinding.Address'),
    proxyAddress: str(params, 'MessagingBinding.ProxyAddress'),
    projectedAddress: str(params, 'MessagingBinding.ProjectedAddress'),
    attributes: str(params, 'Attributes'),
    roleSid: str(params, 'RoleSid'),
    dateCreated: str(params, 'DateCreated'),
    dateUpdated: str(params, 'DateUpdated'),
  };
}

function findParticipant(ctx: Ctx, c: ConversationRecord, sidOrIdentity: string, path: string): ParticipantRecord {
  const p =
    ctx.state.participants.get(sidOrIdentity) ?? [...ctx.state.participants.values()].find((x) => x.conversationSid === c.sid && x.identity === sidOrIdentity);
  if (!p || p.conversationSid !== c.sid) throw notFound('participant', path);
  return p;
}

function conversationOf(req: Parameters<Handler>[0]): ConversationRecord {
  return findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
}

const create: Handler = async (req) => {
  const p = await addParticipant(req.ctx, conversationOf(req), participantInput(req.params), req.origin);
  return { status: 201, body: renderParticipant(req.ctx.state, req.scope, p) };
};

const fetch: Handler = (req) => {
  const p = findParticipant(req.ctx, conversationOf(req), req.pathParams.Sid, req.path);
  return { status: 200, body: renderParticipant(req.ctx.state, req.scope, p) };
};

const update: Handler = async (req) => {
  const c = conversationOf(req);
  const p = findParticipant(req.ctx, c, req.pathParams.Sid, req.path);
  const attributes = str(req.params, 'Attributes');
  checkAttributes(attributes);
  throwIfRejected(
    await req.ctx.events.pre(c.serviceSid, 'onParticipantUpdate', { ...participantParams(p), Attributes: attributes ?? p.attributes }, req.origin),
  );
  if (attributes !== undefined) p.attributes = attributes;
  const roleSid = str(req.params, 'RoleSid');
  if (roleSid) p.roleSid = roleSid;
  const identity = str(req.params, 'Identity');
  if (identity !== undefined && !p.binding) p.identity = identity;
  const proxy = str(req.params, 'MessagingBinding.ProxyAddress');
  if (proxy !== undefined && p.binding && 'proxyAddress' in p.binding) p.binding.proxyAddress = proxy;
  const projected = str(req.params, 'MessagingBinding.ProjectedAddress');
  if (projected !== undefined && p.binding && 'projectedAddress' in p.binding) p.binding.projectedAddress = projected;
  const lastRead = int(req.params, 'LastReadMessageIndex');
  if (lastRead !== undefined) p.lastReadMessageIndex = lastRead;
  const lastReadTimestamp = str(req.params, 'LastReadTimestamp');
  if (lastReadTimestamp !== undefined) p.lastReadTimestamp = lastReadTimestamp;
  const dateCreated = str(req.params, 'DateCreated');
  if (dateCreated) p.dateCreated = Date.parse(dateCreated);
  const dateUpdated = str(req.params, 'DateUpdated');
  p.dateUpdated = dateUpdated ? Date.parse(dateUpdated) : req.ctx.clock.now();
  req.ctx.events.post(c, c.serviceSid, 'onParticipantUpdated', { ...participantParams(p), DateUpdated: isoDate(p.dateUpdated) }, req.origin);
  return { status: 200, body: renderParticipant(req.ctx.state, req.scope, p) };
};

const remove: Handler = async (req) => {
  const c = conversationOf(req);
  const p = findParticipant(req.ctx, c, req.pathParams.Sid, req.path);
  throwIfRejected(await req.ctx.events.pre(c.serviceSid, 'onParticipantRemove', participantParams(p), req.origin));
  req.ctx.state.participants.delete(p.sid);
  req.ctx.events.post(c, c.serviceSid, 'onParticipantRemoved', { ...participantParams(p), DateRemoved: isoDate(req.ctx.clock.now()) }, req.origin);
  return { status: 204 };
};

const list: Handler = (req) => {
  const c = conversationOf(req);
  const items = [...req.ctx.state.participants.values()].filter((p) => p.conversationSid === c.sid);
  const body = page(items, { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Participants`, key: 'participants', filters: [] }, (p) =>
    renderParticipant(req.ctx.state, req.scope, p),
  );
  return { status: 200, body };
};

export const participantHandlers: Record<string, Handler> = {
  CreateConversationParticipant: create,
  CreateServiceConversationParticipant: create,
  FetchConversationParticipant: fetch,
  FetchServiceConversationParticipant: fetch,
  UpdateConversationParticipant: update,
  UpdateServiceConversationParticipant: update,
  DeleteConversationParticipant: remove,
  DeleteServiceConversationParticipant: remove,
  ListConversationParticipant: list,
  ListServiceConversationParticipant: list,
};
