// The work of GET /conversations/list: one page of conversations in one read, then the latest
// message of each in one parallel round.
//   by customer: ParticipantConversations (Address or Identity), which also names the
//                customer's participant in each conversation; Twilio's pages hold at most 50
//   the Service: the Conversations list with Twilio's own State, StartDate and EndDate filters
// Twilio's date filters work on whole days (StartDate at T00:00:00Z, EndDate at T23:59:59Z,
// as its spec asks), so a `from` or `to` within a day is applied here to the page read; with a
// date filter Twilio sorts newest first, so a page reaching past `from` is the last one. What
// is filtered here (every filter by customer) can leave a page short, even empty, with a
// nextCursor: follow it until it is null.
// The participant count is left out: neither list gives it, and it would cost one more read
// per conversation (a page of 100 would make 200 reads); /conversations/fetch lists them.
import type { ConversationInstance } from 'twilio/lib/rest/conversations/v1/service/conversation';
import type { ParticipantConversationInstance } from 'twilio/lib/rest/conversations/v1/service/participantConversation';
import { mapBounded } from '../common/map-bounded';
import { openCursor, signCursor } from '../common/signed-cursor';
import type { ConversationState } from '../conversations/readiness';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { HttpError } from '../http/errors';
import type { TwilioClient } from '../platform/twilio-client';
import { classifyTwilioFailure } from '../platform/twilio-errors';
import { readLatestMessage, type KnownAuthor, type LatestMessage } from './latest-message';
import type { ListRequest } from './list-input';
import { whoIs, type Who } from './participant-view';
import { isoOrNull, textOrNull } from './shown-values';

// Twilio's largest page of ParticipantConversations (Conversations take 100, our largest limit).
const CUSTOMER_PAGE_MAX = 50;
// Latest-message reads in flight at once: a default page (20) is one round, and one list never
// takes much of the account's REST concurrency (Twilio answers 429 beyond it: error 20429).
const LATEST_CONCURRENCY = 20;

export type ConversationSummary = {
  conversationSid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  state: ConversationState;
  dateCreated: string | null;
  dateUpdated: string | null;
  /** By customer: the customer's own participant in this conversation. */
  participant?: Who & { sid: string };
  latestMessage: LatestMessage | null;
};

export type ConversationList = { conversations: ConversationSummary[]; nextCursor: string | null };

type Listed = Omit<ConversationSummary, 'latestMessage'> & { created: Date | null };
type ListedPage = { items: Listed[]; nextPageUrl: string | null };

const CURSOR_PURPOSE = 'conversations-list';

/** What a cursor continues: the Service and every parameter but the cursor, normalised. */
function scopeOf(serviceSid: string, request: ListRequest): string {
  return JSON.stringify([
    serviceSid,
    request.customer ?? null,
    request.state ?? null,
    request.from?.toISOString() ?? null,
    request.to?.toISOString() ?? null,
    request.limit,
  ]);
}

const invalidCursor = () => new HttpError('invalid_cursor', 'The cursor was changed or belongs to another list request; start again without it.');

/** The Twilio page URL a cursor holds, once its signature holds for this request and the URL is the list it reads. */
function pageUrlOf(cursor: string, serviceSid: string, request: ListRequest, key: string): string {
  const data = openCursor(CURSOR_PURPOSE, scopeOf(serviceSid, request), cursor, key) as { url?: unknown } | undefined;
  if (typeof data?.url !== 'string') throw invalidCursor();
  let url: URL;
  try {
    url = new URL(data.url);
  } catch {
    throw invalidCursor();
  }
  const list = request.customer ? 'ParticipantConversations' : 'Conversations';
  if (url.protocol !== 'https:' || url.hostname !== 'conversations.twilio.com' || url.pathname !== `/v1/Services/${serviceSid}/${list}`) throw invalidCursor();
  return data.url;
}

/** A page Twilio refuses to serve from a cursor (expired, say) is the cursor's problem: 400, not 502. */
function cursorRefused(error: unknown): never {
  if (['rejected', 'conflict', 'limit'].includes(classifyTwilioFailure(error)?.kind ?? '')) throw invalidCursor();
  throw error;
}

const toDate = (value: unknown): Date | null => {
  const iso = isoOrNull(value);
  return iso === null ? null : new Date(iso);
};

function fromConversation(conversation: ConversationInstance): Listed {
  return {
    conversationSid: conversation.sid,
    uniqueName: textOrNull(conversation.uniqueName),
    friendlyName: textOrNull(conversation.friendlyName),
    state: conversation.state,
    dateCreated: isoOrNull(conversation.dateCreated),
    dateUpdated: isoOrNull(conversation.dateUpdated),
    created: toDate(conversation.dateCreated),
  };
}

function fromParticipantConversation(entry: ParticipantConversationInstance): Listed {
  return {
    conversationSid: entry.conversationSid,
    uniqueName: textOrNull(entry.conversationUniqueName),
    friendlyName: textOrNull(entry.conversationFriendlyName),
    state: entry.conversationState,
    dateCreated: isoOrNull(entry.conversationDateCreated),
    dateUpdated: isoOrNull(entry.conversationDateUpdated),
    participant: { sid: entry.participantSid, ...whoIs({ identity: entry.participantIdentity, messagingBinding: entry.participantMessagingBinding }) },
    created: toDate(entry.conversationDateCreated),
  };
}

// Twilio's date filters take whole days (its spec: "YYYY-MM-DDT00:00:00Z", "YYYY-MM-DDT23:59:59Z").
const dayStart = (date: Date) => `${date.toISOString().slice(0, 10)}T00:00:00Z`;
const dayEnd = (date: Date) => `${date.toISOString().slice(0, 10)}T23:59:59Z`;

async function readPage(service: ConversationsService, request: ListRequest, pageUrl: string | undefined): Promise<ListedPage> {
  if (request.customer) {
    const list = service.participantConversations;
    const page = pageUrl
      ? await list.getPage(pageUrl).catch(cursorRefused)
      : await list.page({ ...request.customer, pageSize: Math.min(request.limit, CUSTOMER_PAGE_MAX) });
    return { items: page.instances.map(fromParticipantConversation), nextPageUrl: page.nextPageUrl ?? null };
  }
  const list = service.conversations;
  const page = pageUrl
    ? await list.getPage(pageUrl).catch(cursorRefused)
    : await list.page({
        pageSize: request.limit,
        ...(request.state ? { state: request.state } : {}),
        ...(request.from ? { startDate: dayStart(request.from) } : {}),
        ...(request.to ? { endDate: dayEnd(request.to) } : {}),
      });
  return { items: page.instances.map(fromConversation), nextPageUrl: page.nextPageUrl ?? null };
}

const inRange = (request: ListRequest, created: Date | null) =>
  (!request.from && !request.to) || (created !== null && (!request.from || created >= request.from) && (!request.to || created <= request.to));

/** `cursorKey` signs the cursors (any secret of the deployment: the auth token). */
export async function listConversations(serviceSid: string, client: TwilioClient, request: ListRequest, cursorKey: string): Promise<ConversationList> {
  const service = conversationsService(client, serviceSid);
  const pageUrl = request.cursor === undefined ? undefined : pageUrlOf(request.cursor, serviceSid, request, cursorKey);
  const page = await readPage(service, request, pageUrl);

  const kept = page.items.filter((item) => (!request.state || item.state === request.state) && inRange(request, item.created));
  // Sorted newest first under a date filter: past `from`, no later page holds anything more.
  const pastFrom = !request.customer && request.from !== undefined && page.items.some((item) => item.created !== null && item.created < request.from!);
  const conversations = await mapBounded(kept, LATEST_CONCURRENCY, async ({ created: _created, ...item }) => {
    const known: KnownAuthor | undefined = item.participant ? { participantSid: item.participant.sid, channel: item.participant.channel } : undefined;
    return { ...item, latestMessage: await readLatestMessage(service, item.conversationSid, known) };
  });
  const next = page.nextPageUrl && !pastFrom ? signCursor(CURSOR_PURPOSE, scopeOf(serviceSid, request), { url: page.nextPageUrl }, cursorKey) : null;
  return { conversations, nextCursor: next };
}
