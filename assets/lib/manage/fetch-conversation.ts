// The work of GET /conversations/fetch: one conversation with its participants.
//   by conversationSid: the conversation and its participants read in parallel, one round;
//   by uniqueName: the conversation first (fetchByUniqueName: an exact match), then its
//   participants by the SID it has: Twilio documents the unique name in place of the SID for
//   the conversation's own URL only, not for its Participants, so that is two rounds.
// Participants come 100 to a page: one more round per further 100 (a conversation holds 1,000).
import * as v from 'valibot';
import { readAttributes, type Attributes } from '../conversations/attributes';
import { conversationMissing, conversationNotFound } from '../conversations/errors';
import { validateUniqueName } from '../conversations/identifiers';
import type { ConversationState } from '../conversations/readiness';
import { conversationsService, fetchByUniqueName, type ConversationsService } from '../conversations/service';
import { HttpError } from '../http/errors';
import { parseInput } from '../http/validation';
import type { TwilioClient } from '../platform/twilio-client';
import { participantView, type ParticipantView } from './participant-view';
import { isoOrNull, textOrNull } from './shown-values';

// Twilio's largest page, and its limit of participants in one conversation.
const PARTICIPANTS_PAGE = 100;
const MAX_PARTICIPANTS = 1_000;

export const fetchSchema = v.object({
  conversationSid: v.optional(v.pipe(v.string('conversationSid must be text'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID'))),
  uniqueName: v.optional(
    v.pipe(v.string('uniqueName must be text'), v.minLength(1, 'uniqueName must not be empty'), v.maxLength(1_024, 'uniqueName is too long')),
  ),
});

export type FetchRequest = { conversationSid: string } | { uniqueName: string };

export function readFetchRequest(params: Record<string, unknown>): FetchRequest {
  const parsed = parseInput(fetchSchema, params);
  if ((parsed.conversationSid === undefined) === (parsed.uniqueName === undefined)) {
    const message = 'give exactly one of conversationSid and uniqueName';
    throw new HttpError('invalid_request', `Invalid request: ${message}.`, {
      details: {
        fields: [
          { field: 'conversationSid', message },
          { field: 'uniqueName', message },
        ],
      },
    });
  }
  // A path segment: never a SID look-alike or anything that changes the path.
  return parsed.conversationSid !== undefined ? { conversationSid: parsed.conversationSid } : { uniqueName: validateUniqueName(parsed.uniqueName!) };
}

export type ConversationDetails = {
  conversationSid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  state: ConversationState;
  /** When the timers will make it inactive or closed, as Twilio gives them; null when no timer runs. */
  timers: { dateInactive: string | null; dateClosed: string | null };
  dateCreated: string | null;
  dateUpdated: string | null;
  /** The attributes as an object; when they are not a JSON object we can render safely, their raw text. */
  attributes: Attributes | string;
  /** Present (true) when `attributes` is the raw text. */
  attributesRaw?: true;
  participants: ParticipantView[];
};

type Conversation = Awaited<ReturnType<ReturnType<ConversationsService['conversations']>['fetch']>>;

function timersOf(timers: unknown): ConversationDetails['timers'] {
  const raw = timers && typeof timers === 'object' ? (timers as Record<string, unknown>) : {};
  return { dateInactive: textOrNull(raw.date_inactive), dateClosed: textOrNull(raw.date_closed) };
}

function detailsOf(conversation: Conversation, participants: ParticipantView[]): ConversationDetails {
  const attributes = readAttributes(conversation.attributes);
  return {
    conversationSid: conversation.sid,
    uniqueName: textOrNull(conversation.uniqueName),
    friendlyName: textOrNull(conversation.friendlyName),
    state: conversation.state,
    timers: timersOf(conversation.timers),
    dateCreated: isoOrNull(conversation.dateCreated),
    dateUpdated: isoOrNull(conversation.dateUpdated),
    ...(attributes.parsed ? { attributes: attributes.attributes } : { attributes: attributes.raw, attributesRaw: true as const }),
    participants,
  };
}

export async function fetchConversation(
  serviceSid: string,
  client: TwilioClient,
  request: FetchRequest,
  agentIdentities: readonly string[],
): Promise<ConversationDetails> {
  const service = conversationsService(client, serviceSid);
  const participantsOf = (conversationSid: string) =>
    service
      .conversations(conversationSid)
      .participants.list({ pageSize: PARTICIPANTS_PAGE, limit: MAX_PARTICIPANTS })
      .then((list) => list.map((participant) => participantView(participant, agentIdentities)))
      .catch(conversationMissing(conversationSid));
  if ('conversationSid' in request) {
    const missing = conversationMissing(request.conversationSid);
    const [conversation, participants] = await Promise.all([
      service.conversations(request.conversationSid).fetch().catch(missing),
      participantsOf(request.conversationSid),
    ]);
    return detailsOf(conversation, participants);
  }
  const conversation = await fetchByUniqueName(service, request.uniqueName);
  if (!conversation) throw conversationNotFound(request.uniqueName);
  return detailsOf(conversation, await participantsOf(conversation.sid));
}
