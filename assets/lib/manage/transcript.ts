// A conversation's transcript, as JSON or as text (manage/transcript-text): its participants
// with channel labels and every message in order, with time, author label, body and media
// names. Twilio's Messages list is read in pages of 100, one after the other, while the answer
// stays under TRANSCRIPT_MAX_BYTES (a Function answers at most 4 MB; every byte built is
// counted) and the Function has time left. A transcript that does not fit is never cut short
// silently: without a cursor the answer is the whole transcript or 413 transcript_too_large,
// whose `details.cursor` reads it in parts; a request with a cursor answers one part and the
// cursor of the next (messages/page-cursor: signed, for this conversation only).
// The caller is a server: addresses are answered in full.
import * as v from 'valibot';
import type { MessageInstance, MessagePage } from 'twilio/lib/rest/conversations/v1/service/conversation/message';
import type { ParticipantInstance } from 'twilio/lib/rest/conversations/v1/service/conversation/participant';
import { channelOfAddress } from '../conversations/addresses';
import { channelOfParticipant } from '../conversations/channels';
import { conversationMissing, conversationNotFound } from '../conversations/errors';
import { validateUniqueName } from '../conversations/identifiers';
import { AGENT_AUTHOR, isAgentStoredMessage, isOwnStoredMessage, OWN_AUTHOR } from '../conversations/own-messages';
import { conversationsService, fetchByUniqueName } from '../conversations/service';
import { utf8Bytes } from '../common/bounded-json';
import { HttpError } from '../http/errors';
import { TextBody } from '../http/response';
import { parseInput } from '../http/validation';
import { cursorRefused, decodePageCursor, encodePageCursor, firstPageUrl, PAGE_SIZE, type CursorBinding, type PageCursor } from '../messages/page-cursor';
import type { TwilioClient } from '../platform/twilio-client';
import { transcriptLine } from './transcript-text';

/** Under Twilio's 4 MB response limit, with room for the headers and the JSON envelope's own growth. */
export const TRANSCRIPT_MAX_BYTES = 4_000_000;
// No page read starts with less than this left before the deadline: it, and sending up to 4 MB, must fit.
const PAGE_READ_MARGIN_MS = 1_500;

export const transcriptSchema = v.object({
  conversationSid: v.optional(v.pipe(v.string('conversationSid must be text'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID'))),
  uniqueName: v.optional(v.pipe(v.string('uniqueName must be text'), v.minLength(1, 'uniqueName must not be empty'), v.maxLength(256))),
  format: v.optional(v.picklist(['json', 'text'], 'format must be json or text'), 'json'),
  cursor: v.optional(v.pipe(v.string('cursor must be text'), v.maxLength(2_048, 'cursor is too long'))),
});

export type TranscriptRequest = v.InferOutput<typeof transcriptSchema>;

export function readTranscriptRequest(params: Record<string, unknown>): TranscriptRequest {
  const request = parseInput(transcriptSchema, params);
  if ((request.conversationSid === undefined) === (request.uniqueName === undefined)) {
    const message = 'give exactly one of conversationSid and uniqueName';
    throw new HttpError('invalid_request', `Invalid request: ${message}.`, {
      details: { fields: ['conversationSid', 'uniqueName'].map((field) => ({ field, message })) },
    });
  }
  if (request.uniqueName !== undefined) validateUniqueName(request.uniqueName);
  return request;
}

export type TranscriptChannel = 'sms' | 'whatsapp' | 'chat' | 'other';

export type TranscriptParticipant = {
  participantSid: string;
  channel: TranscriptChannel;
  identity: string | null;
  address: string | null;
  /** `sms +14155550123`, `whatsapp +14155550124`, `chat agent-zoe`: how its messages are labelled. */
  label: string;
};

export type TranscriptMedia = { sid: string | null; filename: string | null; contentType: string | null };

export type TranscriptMessage = {
  sid: string;
  index: number;
  dateCreated: string;
  author: string;
  /** The author's participant label; `system` for our own messages; `api <author>` for other REST messages. */
  label: string;
  participantSid: string | null;
  /** The author's channel; null for a message no participant wrote (REST). */
  channel: TranscriptChannel | null;
  body: string | null;
  media: TranscriptMedia[];
};

export type Transcript = {
  conversationSid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  state: 'initializing' | 'active' | 'inactive' | 'closed';
  participants: TranscriptParticipant[];
  messages: TranscriptMessage[];
  /** Only when reading in parts (a request with a cursor): where the next part starts; null at the end. */
  nextCursor: string | null;
};

const asChannel = (channel: string): TranscriptChannel => (channel === 'sms' || channel === 'whatsapp' || channel === 'chat' ? channel : 'other');
// The label shows the number; the full address (with its `whatsapp:` prefix) is in `address`.
const withoutPrefix = (address: string) => address.replace(/^whatsapp:/i, '');

function toParticipant(participant: ParticipantInstance): TranscriptParticipant {
  const channel = asChannel(channelOfParticipant(participant));
  const binding = (participant.messagingBinding ?? null) as { address?: unknown; projected_address?: unknown } | null;
  const rawAddress = typeof binding?.address === 'string' ? binding.address : typeof binding?.projected_address === 'string' ? binding.projected_address : null;
  const identity = participant.identity ?? null;
  const who = channel === 'chat' ? (identity ?? rawAddress ?? participant.sid) : rawAddress ? withoutPrefix(rawAddress) : (identity ?? participant.sid);
  return { participantSid: participant.sid, channel, identity, address: rawAddress, label: `${channel} ${who}` };
}

const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

/** Media as Twilio lists it, reduced to its names (customers name their files). */
function mediaOf(media: unknown): TranscriptMedia[] {
  if (!Array.isArray(media)) return [];
  return media.map((item: Record<string, unknown> | null) => ({
    sid: textOrNull(item?.sid),
    filename: textOrNull(item?.filename),
    contentType: textOrNull(item?.content_type),
  }));
}

function toMessage(message: MessageInstance, participants: Map<string, TranscriptParticipant>): TranscriptMessage {
  const author = message.author ?? '';
  const participant = message.participantSid ? participants.get(message.participantSid) : undefined;
  let channel: TranscriptChannel | null;
  let label: string;
  if (participant) {
    channel = participant.channel;
    label = participant.label;
  } else if (message.participantSid) {
    // A participant who has left: the author is their address or identity.
    channel = channelOfAddress(author) === 'other' ? 'chat' : channelOfAddress(author);
    label = `${channel} ${withoutPrefix(author)}`;
  } else {
    channel = null;
    label = isOwnStoredMessage(message) ? OWN_AUTHOR : isAgentStoredMessage(message) ? AGENT_AUTHOR : `api ${author}`;
  }
  return {
    sid: message.sid,
    index: message.index,
    dateCreated: message.dateCreated.toISOString(),
    author,
    label,
    participantSid: message.participantSid ?? null,
    channel,
    body: message.body ?? null,
    media: mediaOf(message.media),
  };
}

export type TranscriptOptions = {
  /** Signs the cursors (any secret of the deployment: the auth token). */
  cursorKey: string;
  /** When the request must have answered (the endpoint's deadline). */
  deadlineAt: number;
  maxBytes?: number;
  now?: () => number;
};

/** The answer: the transcript's JSON, or its text with the next part's cursor (if any) in the `Next-Cursor` header. */
export type TranscriptAnswer = Transcript | { status: 200; body: TextBody; headers: Record<string, string> };

type Stop = { reason: 'size' | 'time'; at: PageCursor };

export async function readTranscript(
  serviceSid: string,
  client: TwilioClient,
  request: TranscriptRequest,
  options: TranscriptOptions,
): Promise<TranscriptAnswer> {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? TRANSCRIPT_MAX_BYTES;
  const service = conversationsService(client, serviceSid);

  const named = request.uniqueName !== undefined ? await fetchByUniqueName(service, request.uniqueName) : undefined;
  if (request.uniqueName !== undefined && !named) throw conversationNotFound(request.uniqueName);
  const conversationSid = named?.sid ?? request.conversationSid!;
  const binding: CursorBinding = { purpose: 'transcript', conversationSid, key: options.cursorKey };
  const cursor = request.cursor ? decodePageCursor(request.cursor, serviceSid, binding) : undefined;
  const start: PageCursor = cursor ?? { url: firstPageUrl(serviceSid, conversationSid, 'asc'), offset: 0 };
  const conversation = service.conversations(conversationSid);
  const missing = conversationMissing(conversationSid);

  const [found, participantList, firstPage] = await Promise.all([
    named ?? conversation.fetch().catch(missing),
    conversation.participants.list({ pageSize: PAGE_SIZE, limit: 1_000 }).catch(missing),
    (cursor ? conversation.messages.getPage(cursor.url).catch(cursorRefused) : conversation.messages.page({ order: 'asc', pageSize: PAGE_SIZE })).catch(
      missing,
    ),
  ]);
  const participants = participantList.map(toParticipant);
  const byParticipantSid = new Map(participants.map((participant) => [participant.participantSid, participant]));
  const transcript: Transcript = {
    conversationSid,
    uniqueName: found.uniqueName ?? null,
    friendlyName: found.friendlyName ?? null,
    state: found.state,
    participants,
    messages: [],
    nextCursor: null,
  };

  // Bytes of the answer as it will be sent: the JSON envelope (with room for a cursor) and each message's share.
  const costOf =
    request.format === 'text'
      ? (message: TranscriptMessage) => utf8Bytes(transcriptLine(message))
      : (message: TranscriptMessage) => utf8Bytes(JSON.stringify(message)) + 1;
  let used = request.format === 'text' ? 0 : utf8Bytes(JSON.stringify({ ...transcript, nextCursor: 'c'.repeat(2_048) }));

  let stop: Stop | undefined;
  let page: MessagePage = firstPage;
  let pageUrl = start.url;
  let offset = start.offset;
  reading: for (;;) {
    const items = page.instances;
    for (; offset < items.length; offset += 1) {
      const message = toMessage(items[offset]!, byParticipantSid);
      const cost = costOf(message);
      if (used + cost > maxBytes) {
        stop = { reason: 'size', at: { url: pageUrl, offset } };
        break reading;
      }
      used += cost;
      transcript.messages.push(message);
    }
    if (!page.nextPageUrl) break;
    if (now() > options.deadlineAt - PAGE_READ_MARGIN_MS) {
      stop = { reason: 'time', at: { url: page.nextPageUrl, offset: 0 } };
      break;
    }
    const nextUrl = page.nextPageUrl;
    try {
      page = (await page.nextPage()) as MessagePage;
    } catch (error) {
      // A page that could not be read in the time left: the part so far is the answer.
      if (now() <= options.deadlineAt - PAGE_READ_MARGIN_MS) throw error;
      stop = { reason: 'time', at: { url: nextUrl, offset: 0 } };
      break;
    }
    pageUrl = nextUrl;
    offset = 0;
  }

  if (stop && !cursor) {
    throw new HttpError(
      'transcript_too_large',
      `The transcript does not fit in one answer (${stop.reason === 'size' ? `over ${maxBytes} bytes` : 'more than one request can read'}): ` +
        'read it in parts, starting with `cursor` = details.cursor; each part answers the cursor of the next.',
      { details: { cursor: encodePageCursor(start, binding), reason: stop.reason, messagesRead: transcript.messages.length } },
    );
  }
  if (stop) transcript.nextCursor = encodePageCursor(stop.at, binding);
  if (request.format === 'json') return transcript;
  return {
    status: 200,
    body: new TextBody(transcript.messages.map(transcriptLine).join('')),
    headers: transcript.nextCursor ? { 'Next-Cursor': transcript.nextCursor } : {},
  };
}
