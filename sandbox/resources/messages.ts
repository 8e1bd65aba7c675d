// Messages: create/fetch/update/delete/list (Order asc|desc, paging). Adding a message is
// activity (timers restart, an inactive conversation becomes active), fires onMessageAdd /
// onMessageAdded, feeds studio-target webhooks and goes out as deliveries.
import { type Ctx, type Handler, str } from '../api';
import { isoDate } from '../clock';
import { invalidParameter, notFound, TwilioApiError } from '../errors';
import type { Origin } from '../events';
import { page } from '../paging';
import { throwIfRejected } from '../rejection';
import { newSid } from '../sids';
import type { ConversationRecord, MediaRecord, MessageRecord } from '../state';
import { checkAttributes, findConversation, touchConversation } from './conversations';
import { renderMessage } from './render';

export type MessageInput = {
  author?: string;
  body?: string;
  attributes?: string;
  mediaSid?: string;
  mediaContentType?: string;
  contentSid?: string;
  dateCreated?: string;
  dateUpdated?: string;
};

function authorParticipantSid(ctx: Ctx, c: ConversationRecord, author: string): string | null {
  for (const p of ctx.state.participants.values()) {
    if (p.conversationSid !== c.sid) continue;
    if (p.identity === author) return p.sid;
    if (p.binding && 'address' in p.binding && p.binding.address === author) return p.sid;
  }
  return null;
}

function messageParams(m: MessageRecord, c: ConversationRecord, added: boolean): Record<string, string | undefined> {
  return {
    ConversationSid: c.sid,
    ...(added ? { MessageSid: m.sid, MessagingServiceSid: c.messagingServiceSid, Index: String(m.index), DateCreated: isoDate(m.dateCreated) } : {}),
    Body: m.body ?? undefined,
    Author: m.author,
    ParticipantSid: m.participantSid ?? undefined,
    Attributes: m.attributes,
    Media: m.media ? JSON.stringify(m.media.map((x) => ({ Sid: x.sid, Filename: x.filename, ContentType: x.content_type, Size: x.size }))) : undefined,
  };
}

export async function addMessage(ctx: Ctx, c: ConversationRecord, input: MessageInput, origin: Origin): Promise<MessageRecord> {
  checkAttributes(input.attributes);
  if (c.state === 'closed') throw new TwilioApiError(400, 50404, `Conversation ${c.sid} is closed: no messages can be added`);
  if (input.body === undefined && !input.mediaSid && !input.contentSid) throw invalidParameter('Body, MediaSid or ContentSid is required');
  const media: MediaRecord[] | null = input.mediaSid
    ? [{ sid: input.mediaSid, size: 0, content_type: input.mediaContentType ?? 'image/jpeg', filename: `${input.mediaSid}` }]
    : null;
  const draft: MessageRecord = {
    sid: '',
    conversationSid: c.sid,
    serviceSid: c.serviceSid,
    index: c.nextIndex,
    author: input.author ?? 'system',
    body: input.body ?? null,
    media,
    attributes: input.attributes ?? '{}',
    participantSid: null,
    contentSid: input.contentSid ?? null,
    dateCreated: input.dateCreated ? Date.parse(input.dateCreated) : ctx.clock.now(),
    dateUpdated: 0,
    source: origin.source,
  };
  draft.participantSid = authorParticipantSid(ctx, c, draft.author);
  const outcome = await ctx.events.pre(c.serviceSid, 'onMessageAdd', messageParams(draft, c, false), origin);
  throwIfRejected(outcome);
  if (outcome.kind === 'modified') {
    if (outcome.changes.body !== undefined) draft.body = outcome.changes.body;
    if (outcome.changes.attributes !== undefined) draft.attributes = outcome.changes.attributes;
    if (outcome.changes.author !== undefined) {
      draft.author = outcome.changes.author;
      draft.participantSid = authorParticipantSid(ctx, c, draft.author);
    }
  }
  const m: MessageRecord = {
    ...draft,
    sid: newSid('IM'),
    index: c.nextIndex++,
    dateUpdated: input.dateUpdated ? Date.parse(input.dateUpdated) : draft.dateCreated,
  };
  ctx.state.messages.set(m.sid, m);
  touchConversation(ctx, c, origin);
  ctx.events.post(c, c.serviceSid, 'onMessageAdded', messageParams(m, c, true), origin, m);
  ctx.deliveries.dispatch(c, m);
  return m;
}

function messageInput(params: Parameters<typeof str>[0]): MessageInput {
  return {
    author: str(params, 'Author'),
    body: str(params, 'Body'),
    attributes: str(params, 'Attributes'),
    mediaSid: str(params, 'MediaSid'),
    contentSid: str(params, 'ContentSid'),
    dateCreated: str(params, 'DateCreated'),
    dateUpdated: str(params, 'DateUpdated'),
  };
}

function conversationOf(req: Parameters<Handler>[0]): ConversationRecord {
  return findConversation(req.ctx, req.scope, req.pathParams.ConversationSid, req.path);
}

function findMessage(req: Parameters<Handler>[0], c: ConversationRecord): MessageRecord {
  const m = req.ctx.state.messages.get(req.pathParams.Sid);
  if (!m || m.conversationSid !== c.sid) throw notFound('message', req.path);
  return m;
}

const create: Handler = async (req) => {
  const m = await addMessage(req.ctx, conversationOf(req), messageInput(req.params), req.origin);
  return { status: 201, body: renderMessage(req.ctx.state, req.scope, m) };
};

const fetch: Handler = (req) => ({ status: 200, body: renderMessage(req.ctx.state, req.scope, findMessage(req, conversationOf(req))) });

/** Edits a message (REST update, or an SDK user editing their own): onMessageUpdate may change or refuse it. */
export async function updateMessage(ctx: Ctx, c: ConversationRecord, m: MessageRecord, input: MessageInput, origin: Origin): Promise<MessageRecord> {
  checkAttributes(input.attributes);
  const outcome = await ctx.events.pre(
    c.serviceSid,
    'onMessageUpdate',
    {
      ...messageParams(m, c, true),
      Body: input.body ?? m.body ?? undefined,
      Author: input.author ?? m.author,
      Attributes: input.attributes ?? m.attributes,
    },
    origin,
  );
  throwIfRejected(outcome);
  const changes = outcome.kind === 'modified' ? outcome.changes : {};
  const body = changes.body ?? input.body;
  const author = changes.author ?? input.author;
  const attributes = changes.attributes ?? input.attributes;
  if (body !== undefined) m.body = body;
  if (author !== undefined) {
    m.author = author;
    m.participantSid = authorParticipantSid(ctx, c, author);
  }
  if (attributes !== undefined) m.attributes = attributes;
  if (input.dateCreated) m.dateCreated = Date.parse(input.dateCreated);
  m.dateUpdated = input.dateUpdated ? Date.parse(input.dateUpdated) : ctx.clock.now();
  ctx.events.post(c, c.serviceSid, 'onMessageUpdated', { ...messageParams(m, c, true), DateUpdated: isoDate(m.dateUpdated) }, origin, m);
  return m;
}

const update: Handler = async (req) => {
  const c = conversationOf(req);
  const m = await updateMessage(req.ctx, c, findMessage(req, c), messageInput(req.params), req.origin);
  return { status: 200, body: renderMessage(req.ctx.state, req.scope, m) };
};

const remove: Handler = async (req) => {
  const c = conversationOf(req);
  const m = findMessage(req, c);
  throwIfRejected(await req.ctx.events.pre(c.serviceSid, 'onMessageRemove', messageParams(m, c, true), req.origin));
  req.ctx.state.messages.delete(m.sid);
  req.ctx.events.post(c, c.serviceSid, 'onMessageRemoved', { ...messageParams(m, c, true), DateRemoved: isoDate(req.ctx.clock.now()) }, req.origin, m);
  return { status: 204 };
};

const list: Handler = (req) => {
  const c = conversationOf(req);
  const order = str(req.params, 'Order');
  const items = [...req.ctx.state.messages.values()].filter((m) => m.conversationSid === c.sid).sort((a, b) => a.index - b.index);
  if (order === 'desc') items.reverse();
  const body = page(
    items,
    { params: req.params, url: `${req.scope.base}/Conversations/${c.sid}/Messages`, key: 'messages', filters: [['Order', order]] },
    (m) => renderMessage(req.ctx.state, req.scope, m),
  );
  return { status: 200, body };
};

export const messageHandlers: Record<string, Handler> = {
  CreateConversationMessage: create,
  CreateServiceConversationMessage: create,
  FetchConversationMessage: fetch,
  FetchServiceConversationMessage: fetch,
  UpdateConversationMessage: update,
  UpdateServiceConversationMessage: update,
  DeleteConversationMessage: remove,
  DeleteServiceConversationMessage: remove,
  ListConversationMessage: list,
  ListServiceConversationMessage: list,
};
