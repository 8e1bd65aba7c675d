// Message history with filters Twilio does not have. The Messages list supports only Order
// and paging, so dates, author, participant and channel are filtered here while paging at
// the largest page size, stopping as soon as the date range is passed. The cursor carries
// Twilio's own next-page URL (checked to belong to this conversation) and an offset in it
// (messages/page-cursor).
import * as v from 'valibot';
import type { MessageInstance, MessagePage } from 'twilio/lib/rest/conversations/v1/service/conversation/message';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { readAttributes, type Attributes } from '../conversations/attributes';
import { HttpError } from '../http/errors';
import { channelOfParticipant } from '../conversations/channels';
import { type TwilioClient } from '../platform/twilio-client';
import { parseInput } from '../http/validation';

import { readDeliverySummary, type DeliverySummary } from './delivery';
import { cursorRefused, decodePageCursor, encodePageCursor, firstPageUrl, PAGE_SIZE, type CursorBinding } from './page-cursor';

const isoDate = (what: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.check(
        (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value),
        `${what} must be an ISO-8601 date like 2026-01-31 or 2026-01-31T12:00:00Z`,
      ),
      v.transform((value) => new Date(value)),
    ),
  );

export const historySchema = v.object({
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
  if (request.from && request.to && request.from > request.to) throw new HttpError('invalid_request', 'from must be before to.');
  return request;
}

export type HistoryChannel = 'sms' | 'whatsapp' | 'chat' | 'other';

export type HistoryMedia = { sid: string | null; filename: string | null; contentType: string | null; size: number | null };

export type HistoryMessage = {
  sid: string;
  index: number;
  author: string;
  body: string | null;
  media: HistoryMedia[] | null;
  /** The attributes as an object; when they are not a JSON object we can render safely, their raw text. */
  attributes: Attributes | string;
  /** Present (true) when `attributes` is the raw text (malformed, not an object, or nested too deep). */
  attributesRaw?: true;
  participantSid: string | null;
  channel: HistoryChannel | null;
  dateCreated: string;
  /** Twilio's summary over the SMS/WhatsApp recipients; null for a chat-only message. */
  delivery: DeliverySummary | null;
  /** Chat identities whose read horizon (last read message index) has reached this message. */
  readBy: string[];
};

export type History = { conversationSid: string; messages: HistoryMessage[]; nextCursor: string | null };

type Readers = Array<{ identity: string; lastReadIndex: number }>;

/** Chat participants' read horizons (set by their SDK; null until they first read). */
function readersOf(participants: Array<{ identity?: string | null; lastReadMessageIndex?: number | null }>): Readers {
  return participants.flatMap((p) =>
    typeof p.identity === 'string' && Number.isInteger(p.lastReadMessageIndex) ? [{ identity: p.identity, lastReadIndex: p.lastReadMessageIndex! }] : [],
  );
}

/** participantSid -> channel, and who has read how far, from the conversation's participants (one read). */
async function participantsView(service: ConversationsService, conversationSid: string): Promise<{ channels: Map<string, HistoryChannel>; readers: Readers }> {
  const participants = await service.conversations(conversationSid).participants.list({ pageSize: PAGE_SIZE, limit: 1_000 });
  const channels = new Map(
    participants.map((participant): [string, HistoryChannel] => {
      const channel = channelOfParticipant(participant);
      return [participant.sid, channel === 'sms' || channel === 'whatsapp' || channel === 'chat' ? channel : 'other'];
    }),
  );
  return { channels, readers: readersOf(participants) };
}

/** `cursorKey` signs the cursors (any secret of the deployment: the auth token). */
export async function readHistory(serviceSid: string, client: TwilioClient, request: HistoryRequest, cursorKey: string): Promise<History> {
  const service = conversationsService(client, serviceSid);
  const messages = service.conversations(request.conversationSid).messages;
  const binding: CursorBinding = { purpose: 'history', conversationSid: request.conversationSid, key: cursorKey };
  const cursor = request.cursor ? decodePageCursor(request.cursor, serviceSid, binding) : undefined;
  const [{ channels, readers }, firstPage] = await Promise.all([
    participantsView(service, request.conversationSid),
    cursor ? messages.getPage(cursor.url).catch(cursorRefused) : messages.page({ order: request.order, pageSize: PAGE_SIZE }),
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
  let pageUrl = cursor?.url ?? firstPageUrl(serviceSid, request.conversationSid, request.order);
  let offset = cursor?.offset ?? 0;
  while (page) {
    const items = page.instances;
    for (; offset < items.length; offset += 1) {
      const message = items[offset]!;
      if (pastRange(message.dateCreated)) return { conversationSid: request.conversationSid, messages: found, nextCursor: null };
      if (!matches(message)) continue;
      if (found.length === request.limit) {
        return {
          conversationSid: request.conversationSid,
          messages: found,
          nextCursor: encodePageCursor({ url: pageUrl, offset }, binding),
        };
      }
      found.push(toHistoryMessage(message, channels, readers));
    }
    if (!page.nextPageUrl) break;
    pageUrl = page.nextPageUrl;
    page = (await page.nextPage()) as MessagePage;
    offset = 0;
  }
  return { conversationSid: request.conversationSid, messages: found, nextCursor: null };
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

/** Media as Twilio lists it, reduced to the fields we document (customers name their files). */
function mediaOf(media: unknown): HistoryMedia[] | null {
  if (!Array.isArray(media)) return null;
  return media.map((item: Record<string, unknown> | null) => ({
    sid: textOrNull(item?.sid),
    filename: textOrNull(item?.filename),
    contentType: textOrNull(item?.content_type),
    size: typeof item?.size === 'number' ? item.size : null,
  }));
}

function toHistoryMessage(message: MessageInstance, channels: Map<string, HistoryChannel>, readers: Readers): HistoryMessage {
  const attributes = readAttributes(message.attributes);
  return {
    sid: message.sid,
    index: message.index,
    author: message.author,
    body: message.body ?? null,
    media: mediaOf(message.media),
    ...(attributes.parsed ? { attributes: attributes.attributes } : { attributes: attributes.raw, attributesRaw: true as const }),
    participantSid: message.participantSid ?? null,
    channel: channels.get(message.participantSid ?? '') ?? null,
    dateCreated: message.dateCreated.toISOString(),
    delivery: readDeliverySummary(message.delivery),
    readBy: readers.filter((r) => r.lastReadIndex >= message.index).map((r) => r.identity),
  };
}
