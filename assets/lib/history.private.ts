// Message history with filters Twilio does not have. The Messages list supports only Order
// and paging, so dates, author, participant and channel are filtered here while paging at
// the largest page size, stopping as soon as the date range is passed. The cursor carries
// Twilio's own next-page URL (checked to belong to this conversation) and an offset in it.
import * as v from 'valibot';
import type { MessageInstance, MessagePage } from 'twilio/lib/rest/conversations/v1/service/conversation/message';
import { conversationsService, parseAttributes, type Attributes, type ConversationsService } from './conversations.private';
import { badRequest } from './http.private';
import { channelOfParticipant } from './webhook-channels.private';
import type { TwilioClient } from './twilio.private';
import { parseInput } from './validation.private';

// Twilio's largest page for Conversations lists.
export const PAGE_SIZE = 100;

const isoDate = (what: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.check((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value), `${what} must be an ISO-8601 date like 2026-01-31 or 2026-01-31T12:00:00Z`),
      v.transform((value) => new Date(value)),
    ),
  );

const historySchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  from: isoDate('from'),
  to: isoDate('to'),
  author: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
  participantSid: v.optional(v.pipe(v.string(), v.regex(/^MB[0-9a-f]{32}$/, 'participantSid must be an MB SID'))),
  channel: v.optional(v.picklist(['sms', 'whatsapp', 'chat'], 'channel must be sms, whatsapp or chat')),
  order: v.optional(v.picklist(['asc', 'desc'], 'order must be asc or desc'), 'asc'),
  limit: v.optional(
    v.pipe(
      v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/, 'limit must be a whole number'), v.transform(Number))], 'limit must be a whole number'),
      v.integer('limit must be a whole number'),
      v.minValue(1, 'limit must be at least 1'),
      v.maxValue(1_000, 'limit must be at most 1000'),
    ),
    50,
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2_048, 'cursor is too long'))),
});

export type HistoryRequest = v.InferOutput<typeof historySchema>;

export function readHistoryRequest(params: Record<string, unknown>): HistoryRequest {
  const request = parseInput(historySchema, params);
  if (request.from && request.to && request.from > request.to) throw badRequest('invalid_request', 'from must be before to.');
  return request;
}

export type HistoryChannel = 'sms' | 'whatsapp' | 'chat' | 'other';

export type HistoryMessage = {
  sid: string;
  index: number;
  author: string;
  body: string | null;
  media: unknown;
  attributes: Attributes;
  participantSid: string | null;
  channel: HistoryChannel | null;
  dateCreated: string;
};

export type History = { conversationSid: string; messages: HistoryMessage[]; nextCursor: string | null };

type Cursor = { url: string; offset: number };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** A cursor is only ever a page URL of THIS conversation's messages: never a way to call anything else. */
function decodeCursor(raw: string, serviceSid: string, conversationSid: string): Cursor {
  const invalid = () => badRequest('invalid_cursor', 'The cursor is not valid for this conversation; start again without it.');
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw invalid();
  }
  if (typeof cursor?.url !== 'string' || !Number.isInteger(cursor.offset) || cursor.offset < 0 || cursor.offset >= PAGE_SIZE) throw invalid();
  let url: URL;
  try {
    url = new URL(cursor.url);
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'https:' || url.hostname !== 'conversations.twilio.com' || url.pathname !== `/v1/Services/${serviceSid}/Conversations/${conversationSid}/Messages`) throw invalid();
  return cursor;
}

/** participantSid -> channel, from the conversation's participants (one read). */
async function channelsByParticipant(service: ConversationsService, conversationSid: string): Promise<Map<string, HistoryChannel>> {
  const participants = await service.conversations(conversationSid).participants.list({ pageSize: PAGE_SIZE, limit: 1_000 });
  return new Map(
    participants.map((participant) => {
      const channel = channelOfParticipant(participant);
      return [participant.sid, channel === 'sms' || channel === 'whatsapp' || channel === 'chat' ? channel : 'other'];
    }),
  );
}

export async function readHistory(serviceSid: string, client: TwilioClient, request: HistoryRequest): Promise<History> {
  const service = conversationsService(client, serviceSid);
  const messages = service.conversations(request.conversationSid).messages;
  const cursor = request.cursor ? decodeCursor(request.cursor, serviceSid, request.conversationSid) : undefined;
  const [channels, firstPage] = await Promise.all([
    channelsByParticipant(service, request.conversationSid),
    cursor ? messages.getPage(cursor.url) : messages.page({ order: request.order, pageSize: PAGE_SIZE }),
  ]);

  const ascending = request.order === 'asc';
  const beforeRange = (date: Date) => (ascending ? request.from && date < request.from : request.to && date > request.to);
  const pastRange = (date: Date) => (ascending ? request.to && date > request.to : request.from && date < request.from);
  const matches = (message: MessageInstance) => {
    if (request.author !== undefined && message.author !== request.author) return false;
    if (request.participantSid !== undefined && message.participantSid !== request.participantSid) return false;
    if (request.channel !== undefined && channels.get(message.participantSid ?? '') !== request.channel) return false;
    return !beforeRange(message.dateCreated);
  };

  const found: HistoryMessage[] = [];
  let page: MessagePage = firstPage;
  // The URL of the page being read: where a cursor resumes.
  let pageUrl = cursor?.url ?? `https://conversations.twilio.com/v1/Services/${serviceSid}/Conversations/${request.conversationSid}/Messages?Order=${request.order}&PageSize=${PAGE_SIZE}`;
  let offset = cursor?.offset ?? 0;
  while (page) {
    const items = page.instances;
    for (; offset < items.length; offset += 1) {
      const message = items[offset]!;
      if (pastRange(message.dateCreated)) return { conversationSid: request.conversationSid, messages: found, nextCursor: null };
      if (!matches(message)) continue;
      if (found.length === request.limit) {
        return { conversationSid: request.conversationSid, messages: found, nextCursor: encodeCursor({ url: pageUrl, offset }) };
      }
      found.push(toHistoryMessage(message, channels));
    }
    if (!page.nextPageUrl) break;
    pageUrl = page.nextPageUrl;
    page = (await page.nextPage()) as MessagePage;
    offset = 0;
  }
  return { conversationSid: request.conversationSid, messages: found, nextCursor: null };
}

function toHistoryMessage(message: MessageInstance, channels: Map<string, HistoryChannel>): HistoryMessage {
  return {
    sid: message.sid,
    index: message.index,
    author: message.author,
    body: message.body ?? null,
    media: message.media ?? null,
    attributes: parseAttributes(message.attributes),
    participantSid: message.participantSid ?? null,
    channel: channels.get(message.participantSid ?? '') ?? null,
    dateCreated: message.dateCreated.toISOString(),
  };
}
