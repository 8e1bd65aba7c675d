// Changing a participant's attributes by merge patch (RFC 7396). Twilio has no conditional
// update of a participant (no If-Match), so our writers of one participant take turns under
// its lock in Sync (`lock:participant:<MB>`): lock, read, write, release (4 round trips).
// Named by identity or address, the participant is found first in the participants list
// (one read more), and that read settles a repeat that changes nothing, without the lock.
import * as v from 'valibot';
import type { ParticipantInstance } from 'twilio/lib/rest/conversations/v1/service/conversation/participant';
import { ATTRIBUTE_LIMITS, type Attributes } from '../conversations/attributes';
import { channelOfParticipant } from '../conversations/channels';
import { conversationMissing, refusedIfClosed } from '../conversations/errors';
import { conversationsService, type ConversationsService } from '../conversations/service';
import { HttpError } from '../http/errors';
import { jsonObjectField, parseInput } from '../http/validation';
import { requireConfig, type Config } from '../platform/config';
import type { TwilioClient } from '../platform/twilio-client';
import { isNotFound } from '../platform/twilio-errors';
import { whenLocked } from '../state/lock';
import { stateNames } from '../state/names';
import { syncServiceSid, syncStore } from '../state/sync-store';
import { checkAttributeSize, patchAttributes, refuseListAttributes } from './attribute-patch';
import { addressOf, isSelected, readSelector, selectorEntries, type ParticipantSelector } from './participant-selector';

export const updateParticipantSchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  ...selectorEntries,
  attributes: jsonObjectField('attributes', ATTRIBUTE_LIMITS.participant),
});

export type UpdateParticipantRequest = { conversationSid: string; participant: ParticipantSelector; attributes: Attributes };

export type ParticipantUpdated = {
  conversationSid: string;
  participantSid: string;
  identity: string | null;
  address: string | null;
  channel: string;
  /** The attributes after the update. */
  attributes: Attributes;
  changed: boolean;
};

export function readUpdateParticipantRequest(params: Record<string, unknown>, config: Pick<Config, 'DEFAULT_COUNTRY'>): UpdateParticipantRequest {
  // The required fields are always there, so that their absence is reported with their own message.
  refuseListAttributes(params);
  const input = parseInput(updateParticipantSchema, { conversationSid: undefined, attributes: undefined, ...params });
  return { conversationSid: input.conversationSid, participant: readSelector(input, '', config), attributes: input.attributes };
}

function participantNotFound(conversationSid: string, selector: ParticipantSelector) {
  const named =
    'participantSid' in selector ? selector.participantSid : 'identity' in selector ? `identity ${selector.identity}` : `that ${selector.channel} address`;
  return new HttpError('participant_not_found', `Conversation ${conversationSid} has no participant ${named}.`);
}

function answerOf(conversationSid: string, participant: ParticipantInstance, attributes: Attributes, changed: boolean): ParticipantUpdated {
  return {
    conversationSid,
    participantSid: participant.sid,
    identity: participant.identity ?? null,
    address: addressOf(participant),
    channel: channelOfParticipant(participant),
    attributes,
    changed,
  };
}

/** The participant `selector` names, from one read of the participants list. */
async function findParticipant(service: ConversationsService, request: UpdateParticipantRequest): Promise<ParticipantInstance> {
  const listed = await service
    .conversations(request.conversationSid)
    .participants.list({ pageSize: 100, limit: 1_000 })
    .catch(conversationMissing(request.conversationSid));
  const matches = listed.filter((participant) => isSelected(participant, request.participant));
  if (matches.length === 0) throw participantNotFound(request.conversationSid, request.participant);
  if (matches.length > 1) {
    const message = `matches ${matches.length} participants (one per proxy address): name one by participantSid`;
    throw new HttpError('invalid_request', `Invalid request: address: ${message}.`, { details: { fields: [{ field: 'address', message }] } });
  }
  return matches[0]!;
}

export async function updateParticipantAttributes(
  config: Config,
  client: TwilioClient,
  request: UpdateParticipantRequest,
  deadlineAt: number,
): Promise<ParticipantUpdated> {
  const { CONVERSATIONS_SERVICE_SID } = requireConfig(config, ['CONVERSATIONS_SERVICE_SID']);
  const ctx = { service: conversationsService(client, CONVERSATIONS_SERVICE_SID), state: syncStore(client, syncServiceSid(config)), deadlineAt };
  const { conversationSid } = request;
  const conversation = ctx.service.conversations(conversationSid);
  const patch = (participant: ParticipantInstance) => patchAttributes(participant.attributes, request.attributes, `participant ${participant.sid}`);
  let participantSid: string;
  if ('participantSid' in request.participant) participantSid = request.participant.participantSid;
  else {
    const found = await findParticipant(ctx.service, request);
    const patched = patch(found);
    if (!patched.changed) return answerOf(conversationSid, found, patched.attributes, false);
    participantSid = found.sid;
  }
  // A 404 of the participant may mean the conversation is gone: one read, on that path only, tells which.
  const absent = async (error: unknown): Promise<never> => {
    if (!isNotFound(error)) throw error;
    await conversation.fetch().catch(conversationMissing(conversationSid));
    throw participantNotFound(conversationSid, request.participant);
  };
  const locked = await whenLocked(ctx.state, stateNames.participantAttributes(participantSid), ctx.deadlineAt, async () => {
    const current = await conversation.participants(participantSid).fetch().catch(absent);
    const patched = patch(current);
    if (!patched.changed) return answerOf(conversationSid, current, patched.attributes, false);
    const text = checkAttributeSize(patched.attributes, ATTRIBUTE_LIMITS.participant);
    const updated = await conversation
      .participants(participantSid)
      .update({ attributes: text })
      .catch(absent)
      // Twilio refuses changes in a closed conversation (50377): 409 conversation_closed.
      .catch(refusedIfClosed(ctx.service, conversationSid));
    return answerOf(conversationSid, updated, patched.attributes, true);
  });
  if (!locked.locked) {
    throw new HttpError('request_in_progress', `Participant ${participantSid} is being changed by another request; retry shortly.`, {
      headers: { 'Retry-After': '1' },
    });
  }
  return locked.value;
}
