// Messages as state: adding (pre-event onMessageAdd first, then activity, onMessageAdded,
// the studio webhooks and the outbound deliveries), editing and removing.
import type { ConversationRecord, MediaRecord, MessageRecord, RefusedMessage } from '../state';
import type { Origin } from './events';
import { assertWritable, touchConversation } from './conversations';
import { checkAttributes } from './attributes';
import { invalidParameter, TwilioApiError } from '../errors';
import { isoDate } from '../clock';
import { newSid } from '../sids';
import { dropMessage, participantsOf, putMessage } from './indexes';
import { throwIfRejected } from './rejection';
import type { Ctx } from './context';

export type MessageInput = {
  author?: string;
  body?: string;
  attributes?: string;
  mediaSid?: string;
  mediaContentType?: string;
  /** Set by the REST create: MediaSid must name a Media Content Service upload. */
  uploadedMediaOnly?: boolean;
  contentSid?: string;
  dateCreated?: string;
  dateUpdated?: string;
};

function authorParticipantSid(ctx: Ctx, c: ConversationRecord, author: string): string | null {
  for (const p of participantsOf(ctx.state, c.sid)) {
    if (p.identity === author) return p.sid;
    if (p.binding && 'address' in p.binding && p.binding.address === author) return p.sid;
  }
  return null;
}

function messageParams(m: MessageRecord, c: ConversationRecord, added: boolean): Record<string, string | undefined> {
  return {
    ConversationSid: c.sid,
    // Not in the docs' field lists, but real message pre-events carry it (and the functions use
    // it to ignore other services' events); sent with every message event.
    ChatServiceSid: c.serviceSid,
    ...(added ? { MessageSid: m.sid, MessagingServiceSid: c.messagingServiceSid, Index: String(m.index), DateCreated: isoDate(m.dateCreated) } : {}),
    Body: m.body ?? undefined,
    Author: m.author,
    ParticipantSid: m.participantSid ?? undefined,
    Attributes: m.attributes,
    Media: m.media ? JSON.stringify(m.media.map((x) => ({ Sid: x.sid, Filename: x.filename, ContentType: x.content_type, Size: x.size }))) : undefined,
  };
}

/**
 * A REST create's MediaSid must be an upload of the conversation's Service not yet sent with a
 * message (Twilio's 50507 "Media not found", 50508 "Media already sent with another message";
 * their HTTP status is unconfirmed: 400). Media arriving inbound is Twilio's own (no upload).
 */
function mediaOf(ctx: Ctx, c: ConversationRecord, mediaSid: string, input: MessageInput): MediaRecord {
  const stored = ctx.state.media.get(mediaSid);
  // An SDK client uploads its file to the Media Content Service before sending: described by that upload.
  if (!input.uploadedMediaOnly && stored && stored.serviceSid === c.serviceSid && !stored.messageSid) {
    return { sid: stored.sid, size: stored.size, content_type: stored.content_type, filename: stored.filename };
  }
  if (!input.uploadedMediaOnly) return { sid: mediaSid, size: 0, content_type: input.mediaContentType ?? 'image/jpeg', filename: mediaSid };
  if (!stored || stored.serviceSid !== c.serviceSid) throw new TwilioApiError(400, 50507, `Media ${mediaSid} not found`);
  if (stored.messageSid) throw new TwilioApiError(400, 50508, `Media ${mediaSid} was already sent with another message`);
  return { sid: stored.sid, size: stored.size, content_type: stored.content_type, filename: stored.filename };
}

export async function addMessage(ctx: Ctx, c: ConversationRecord, input: MessageInput, origin: Origin): Promise<MessageRecord> {
  checkAttributes('message', input.attributes);
  assertWritable(c, 'no messages can be added');
  if (input.body === undefined && !input.mediaSid && !input.contentSid) throw invalidParameter('Body, MediaSid or ContentSid is required');
  const media: MediaRecord[] | null = input.mediaSid ? [mediaOf(ctx, c, input.mediaSid, input)] : null;
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
    bodyRewrittenBy: null,
  };
  draft.participantSid = authorParticipantSid(ctx, c, draft.author);
  const outcome = await ctx.events.pre(c.serviceSid, 'onMessageAdd', messageParams(draft, c, false), origin);
  if (outcome.kind === 'rejected') refuse(ctx, draft, 'rejected by the onMessageAdd pre-event');
  throwIfRejected(outcome);
  if (outcome.kind === 'modified') {
    if (outcome.changes.body !== undefined && outcome.changes.body !== draft.body) {
      draft.body = outcome.changes.body;
      draft.bodyRewrittenBy = 'pre-event';
    }
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
  putMessage(ctx.state, m);
  for (const item of m.media ?? []) {
    const stored = ctx.state.media.get(item.sid);
    if (stored) stored.messageSid = m.sid;
  }
  touchConversation(ctx, c, origin);
  ctx.events.post(c, c.serviceSid, 'onMessageAdded', messageParams(m, c, true), origin, m);
  ctx.deliveries.dispatch(c, m);
  return m;
}

/** Edits a message (REST update, or an SDK user editing their own): onMessageUpdate may change or refuse it. */
export async function updateMessage(ctx: Ctx, c: ConversationRecord, m: MessageRecord, input: MessageInput, origin: Origin): Promise<MessageRecord> {
  checkAttributes('message', input.attributes);
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
  if (body !== undefined && body !== m.body) m.bodyRewrittenBy = rewriterOf(m, origin, changes.body !== undefined);
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

export async function removeMessage(ctx: Ctx, c: ConversationRecord, m: MessageRecord, origin: Origin): Promise<void> {
  throwIfRejected(await ctx.events.pre(c.serviceSid, 'onMessageRemove', messageParams(m, c, true), origin));
  if (origin.source === 'API' && m.source !== 'API') refuse(ctx, m, 'removed by REST after publication');
  dropMessage(ctx.state, m);
  ctx.events.post(c, c.serviceSid, 'onMessageRemoved', { ...messageParams(m, c, true), DateRemoved: isoDate(ctx.clock.now()) }, origin, m);
}

function refuse(ctx: Ctx, m: MessageRecord, how: RefusedMessage['how']): void {
  ctx.state.refusedMessages.push({ at: ctx.clock.now(), conversationSid: m.conversationSid, author: m.author, source: m.source, how });
}

/**
 * Who rewrote a message's body, when someone other than its author did: the pre-event's answer,
 * or a REST update of a customer's (SMS, WhatsApp, SDK) message. An author's own edit is none.
 */
function rewriterOf(m: MessageRecord, origin: Origin, changedByPreEvent: boolean): MessageRecord['bodyRewrittenBy'] {
  if (changedByPreEvent) return 'pre-event';
  return origin.source === 'API' && m.source !== 'API' ? 'rest' : null;
}
