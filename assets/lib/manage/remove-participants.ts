// Removing participants from a conversation, idempotently: one already gone is success
// (`absent`). One round of reads (the conversation, and the participants list when some are
// named by identity or address), one round of deletes in parallel; with `close: true`, one
// update more (State=closed) once every removal succeeded. Removing the last customer never
// closes the conversation by itself: the caller says so.
import * as v from 'valibot';
import type { ConversationInstance } from 'twilio/lib/rest/conversations/v1/service/conversation';
import type { ParticipantError } from '../conversations/participants';
import { conversationMissing, isClosedRefusal } from '../conversations/errors';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { parseInput } from '../http/validation';
import { unflattenForm } from '../onboard/input';
import type { Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { classifyTwilioFailure, isNotFound, TwilioErrorCodes } from '../platform/twilio-errors';
import { isSelected, readSelector, selectorEntries, type ParticipantSelector } from './participant-selector';

// Twilio's limit of non-chat participants per conversation; chat ones are named the same way.
const MAX_REMOVALS = 50;

export const removeParticipantsSchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  participants: v.pipe(
    v.array(v.object(selectorEntries, 'each participant must be an object'), 'participants must be a list'),
    v.minLength(1, 'participants must list at least one participant'),
    v.maxLength(MAX_REMOVALS, `participants must list at most ${MAX_REMOVALS}`),
  ),
  close: v.optional(
    v.union(
      [
        v.boolean(),
        v.pipe(
          v.picklist(['true', 'false']),
          v.transform((value) => value === 'true'),
        ),
      ],
      'close must be true or false',
    ),
    false,
  ),
});

export type RemoveParticipantsRequest = { conversationSid: string; participants: ParticipantSelector[]; close: boolean };

export type RemovalOutcome = (
  | { participantSid: string; removed: true; outcome: 'removed' }
  | { participantSid: string | null; removed: false; outcome: 'absent' }
  | { participantSid: string; removed: false; outcome: 'failed'; error: ParticipantError }
) & { identity?: string; address?: string; channel?: string };

export type ParticipantsRemoved = {
  conversationSid: string;
  state: ConversationInstance['state'];
  /** True when a participant was removed or the conversation closed. */
  changed: boolean;
  /** One per participant named; an address bound through two proxy numbers is two participants, two outcomes. */
  participants: RemovalOutcome[];
};

export function readRemoveParticipantsRequest(params: Record<string, unknown>, config: Pick<Config, 'DEFAULT_COUNTRY'>): RemoveParticipantsRequest {
  const input = parseInput(removeParticipantsSchema, { conversationSid: undefined, participants: undefined, ...unflattenForm(params) });
  return {
    conversationSid: input.conversationSid,
    participants: input.participants.map((participant, position) => readSelector(participant, `participants.${position}.`, config)),
    close: input.close,
  };
}

/** A safe description of why a removal failed (never the upstream text). */
function describeRemovalError(error: unknown): ParticipantError {
  const failure = classifyTwilioFailure(error);
  const twilioCode = failure?.code !== undefined ? { twilioCode: failure.code } : {};
  if (failure?.code === TwilioErrorCodes.conversationClosed) {
    return { code: 'conversation_closed', message: 'Twilio refused: the conversation is closed.', ...twilioCode };
  }
  switch (failure?.kind) {
    case 'busy':
      return { code: 'twilio_busy', message: 'Twilio is rate limiting; retry.', ...twilioCode, retriable: true };
    case 'ambiguous':
    case 'unavailable':
    case 'in_flight':
      return { code: 'twilio_unavailable', message: 'Twilio did not answer; retry.', ...twilioCode, retriable: true };
    case 'limit':
    case 'conflict':
    case 'rejected':
      return { code: 'twilio_rejected', message: `Twilio refused to remove the participant (error ${failure.code ?? failure.status}).`, ...twilioCode };
    default:
      return { code: 'internal_error', message: 'The participant could not be removed.' };
  }
}

type Deleted = 'removed' | 'absent' | { error: ParticipantError };

async function deleteParticipant(service: ConversationsService, conversationSid: string, participantSid: string): Promise<Deleted> {
  try {
    await service.conversations(conversationSid).participants(participantSid).remove();
    return 'removed';
  } catch (error) {
    // Gone already (removed by someone else, or by our own attempt whose answer was lost).
    if (isNotFound(error)) return 'absent';
    return { error: describeRemovalError(error) };
  }
}

const echoOf = (selector: ParticipantSelector) => ('participantSid' in selector ? {} : selector);

function outcomeOf(selector: ParticipantSelector, participantSid: string, deleted: Deleted): RemovalOutcome {
  const echo = echoOf(selector);
  if (deleted === 'removed') return { participantSid, removed: true, outcome: 'removed', ...echo };
  if (deleted === 'absent') return { participantSid, removed: false, outcome: 'absent', ...echo };
  return { participantSid, removed: false, outcome: 'failed', error: deleted.error, ...echo };
}

export async function removeParticipants(serviceSid: string, client: TwilioClient, request: RemoveParticipantsRequest): Promise<ParticipantsRemoved> {
  const service = conversationsService(client, serviceSid);
  const { conversationSid } = request;
  const conversation = service.conversations(conversationSid);
  const missing = conversationMissing(conversationSid);
  const bySid = request.participants.every((selector) => 'participantSid' in selector);
  const [current, listed] = await Promise.all([
    conversation.fetch().catch(missing),
    bySid ? Promise.resolve([]) : conversation.participants.list({ pageSize: 100, limit: 1_000 }).catch(missing),
  ]);
  const targets = request.participants.map((selector) =>
    'participantSid' in selector ? [selector.participantSid] : listed.filter((participant) => isSelected(participant, selector)).map((p) => p.sid),
  );
  const unique = [...new Set(targets.flat())];
  const results = await Promise.all(unique.map((participantSid) => deleteParticipant(service, conversationSid, participantSid)));
  const deleted = new Map(unique.map((participantSid, index) => [participantSid, results[index]!]));
  const participants = request.participants.flatMap((selector, index): RemovalOutcome[] =>
    targets[index]!.length === 0
      ? [{ participantSid: null, removed: false, outcome: 'absent', ...echoOf(selector) }]
      : targets[index]!.map((participantSid) => outcomeOf(selector, participantSid, deleted.get(participantSid)!)),
  );
  const removedAny = results.includes('removed');
  // Closed only once every removal succeeded: a failed one is retried with the close.
  const closing = request.close && current.state !== 'closed' && results.every((result) => typeof result === 'string');
  const closedNow = closing ? await closeConversation(service, conversationSid) : false;
  return { conversationSid, state: closing ? 'closed' : current.state, changed: removedAny || closedNow, participants };
}

/** State=closed; true when this call closed it, false when it was closed meanwhile (by a timer, say). */
async function closeConversation(service: ConversationsService, conversationSid: string): Promise<boolean> {
  try {
    await service.conversations(conversationSid).update({ state: 'closed' });
    return true;
  } catch (error) {
    if (isClosedRefusal(error)) return false;
    throw error;
  }
}
