// Adding one participant so that retries and duplicates are harmless: Twilio answers
// 50433 (identity present) or 50416 naming THIS conversation (binding present) when the
// participant is already there, which is success. Creates are not retried by the client
// after a 5xx (Twilio may have applied them); here they are, because a duplicate is detectable.
import type { NormalisedParticipant } from '../onboard/input';
import type { ConversationsService } from './service';
import { boundConversationSid, classifyTwilioFailure, isNotFound, mayHaveBeenApplied, TwilioErrorCodes, twilioErrorCode } from '../platform/twilio-errors';

export type ParticipantError = { code: string; message: string; twilioCode?: number; retriable?: boolean };

export type AddResult =
  { kind: 'added' | 'existing'; participantSid?: string } | { kind: 'bound-elsewhere'; conversationSid?: string } | { kind: 'failed'; error: ParticipantError };

/** A safe description of why a participant could not be added (never the upstream text). */
export function describeParticipantError(error: unknown): ParticipantError {
  const failure = classifyTwilioFailure(error);
  const twilioCode = failure?.code !== undefined ? { twilioCode: failure.code } : {};
  if (failure?.code === TwilioErrorCodes.conversationInitializing) {
    return { code: 'twilio_unavailable', message: 'Twilio is still creating the conversation; retry.', ...twilioCode, retriable: true };
  }
  if (failure?.code === TwilioErrorCodes.conversationClosed) {
    return { code: 'conversation_closed', message: 'The conversation is closed: nothing can be added to it.', ...twilioCode };
  }
  switch (failure?.kind) {
    case 'limit':
      return { code: 'participant_limit', message: 'The conversation has reached a participant limit.', ...twilioCode };
    case 'busy':
      return { code: 'twilio_busy', message: 'Twilio is rate limiting; retry.', ...twilioCode, retriable: true };
    case 'ambiguous':
    case 'unavailable':
    case 'in_flight':
      return { code: 'twilio_unavailable', message: 'Twilio did not answer; retry.', retriable: true, ...twilioCode };
    case 'not_found':
      return { code: 'conversation_not_found', message: 'The conversation does not exist.', ...twilioCode };
    case 'conflict':
    case 'rejected':
      return { code: 'twilio_rejected', message: `Twilio rejected the participant (error ${failure.code ?? failure.status}).`, ...twilioCode };
    default:
      return { code: 'internal_error', message: 'The participant could not be added.' };
  }
}

function participantCreateOptions(participant: NormalisedParticipant) {
  const attributes = Object.keys(participant.attributes).length > 0 ? { attributes: JSON.stringify(participant.attributes) } : {};
  if ('identity' in participant) return { identity: participant.identity, ...attributes };
  return { 'messagingBinding.address': participant.address, 'messagingBinding.proxyAddress': participant.proxyAddress, ...attributes };
}

const MAX_ATTEMPTS = 3;

export async function addParticipant(
  service: ConversationsService,
  conversationSid: string,
  participant: NormalisedParticipant,
  deadlineAt: number,
): Promise<AddResult> {
  let resent = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const created = await service.conversations(conversationSid).participants.create(participantCreateOptions(participant));
      return { kind: 'added', participantSid: created.sid };
    } catch (error) {
      const code = twilioErrorCode(error);
      // After a resend, "already there" means our first attempt went through.
      const present = resent ? 'added' : 'existing';
      if (code === TwilioErrorCodes.participantExists || code === TwilioErrorCodes.groupParticipantExists) return { kind: present };
      if (code === TwilioErrorCodes.addressInUse) {
        const bound = boundConversationSid(error);
        return bound === conversationSid ? { kind: present } : { kind: 'bound-elsewhere', conversationSid: bound };
      }
      if (mayHaveBeenApplied(error) && attempt < MAX_ATTEMPTS && Date.now() < deadlineAt - 1_000) {
        resent = true;
        continue;
      }
      return { kind: 'failed', error: describeParticipantError(error) };
    }
  }
}

/** The conversation (not closed) where this address+proxy pair is bound, found with one read. */
export async function findBoundConversation(service: ConversationsService, address: string, proxyAddress: string): Promise<string | undefined> {
  const found = await service.participantConversations.list({ address, limit: 50 });
  const bound = found.find(
    (entry) => entry.conversationState !== 'closed' && (entry.participantMessagingBinding as { proxy_address?: string } | null)?.proxy_address === proxyAddress,
  );
  return bound?.conversationSid;
}

/** Creates or updates the Conversations User of a chat participant (friendly name, attributes). */
export async function upsertUser(
  service: ConversationsService,
  identity: string,
  friendlyName: string | undefined,
  attributes: Record<string, unknown>,
): Promise<void> {
  const fields = {
    ...(friendlyName ? { friendlyName } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes: JSON.stringify(attributes) } : {}),
  };
  if (Object.keys(fields).length === 0) return;
  try {
    await service.users(identity).update(fields);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await service.users.create({ identity, ...fields });
    } catch (createError) {
      // Created meanwhile (adding the participant creates the user): update it instead.
      if (classifyTwilioFailure(createError)?.kind !== 'conflict') throw createError;
      await service.users(identity).update(fields);
    }
  }
}
