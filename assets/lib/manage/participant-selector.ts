// Naming one participant of a conversation: by its SID (MB…), by its chat identity, or by its
// address on a channel, normalised as onboarding normalises it (E.164, `whatsapp:`), so the
// number a caller onboarded with finds the participant it became.
import * as v from 'valibot';
import { addressField, toE164, toWhatsAppAddress } from '../conversations/addresses';
import { channelOfParticipant, type ParticipantLike } from '../conversations/channels';
import { validateIdentity } from '../conversations/identifiers';
import { HttpError } from '../http/errors';
import type { Config } from '../platform/config';

/** The fields that name a participant, for an object schema (one of participantSid, identity, address + channel). */
export const selectorEntries = {
  participantSid: v.optional(v.pipe(v.string('participantSid must be text'), v.regex(/^MB[0-9a-f]{32}$/, 'participantSid must be an MB SID'))),
  identity: v.optional(v.string('identity must be text')),
  address: addressField,
  channel: v.optional(
    v.pipe(
      v.string('channel must be text'),
      v.trim(),
      v.toLowerCase(),
      v.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'channel must be sms, whatsapp, chat or another channel name like messenger'),
    ),
  ),
};

type SelectorInput = { participantSid?: string; identity?: string; address?: string; channel?: string };

export type ParticipantSelector = { participantSid: string } | { identity: string } | { address: string; channel: string };

/**
 * The one participant `input` names, normalised; a 400 naming the field (`where` is its
 * path prefix, like `participants.2.`) when it names none, several ways, or a bad address.
 */
export function readSelector(input: SelectorInput, where: string, config: Pick<Config, 'DEFAULT_COUNTRY'>): ParticipantSelector {
  const named = (['participantSid', 'identity', 'address'] as const).filter((field) => input[field] !== undefined);
  if (named.length !== 1) {
    const field = `${where}${named[1] ?? 'participantSid'}`;
    const message = named.length === 0 ? 'name the participant by participantSid, identity or address' : `give one of ${named.join(', ')}, not several`;
    throw new HttpError('invalid_request', `Invalid request: ${field}: ${message}`, { details: { fields: [{ field, message }] } });
  }
  const withField = (field: string, run: () => ParticipantSelector): ParticipantSelector => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const path = `${where}${field}`;
      // invalid_request names its fields as parseInput does; invalid_address and invalid_identity as onboarding does.
      if (error.code === 'invalid_request')
        throw new HttpError(error.code, `Invalid request: ${path}: ${error.message}`, { details: { fields: [{ field: path, message: error.message }] } });
      throw new HttpError(error.code, `${path}: ${error.message}`, { details: { field: path } });
    }
  };
  if (input.participantSid !== undefined) return { participantSid: input.participantSid };
  if (input.identity !== undefined) {
    return withField('identity', () => {
      if (input.channel !== undefined && input.channel !== 'chat') throw invalid(`a ${input.channel} participant has an address, not an identity`);
      // Guests (guest-…) can be named too: the caller is the server.
      return { identity: validateIdentity(input.identity, { allowGuest: true }) };
    });
  }
  return withField('address', () => ({ address: normaliseAddress(input.address!, input.channel, config.DEFAULT_COUNTRY), channel: input.channel! }));
}

const invalid = (message: string) => new HttpError('invalid_request', message);

function normaliseAddress(address: string, channel: string | undefined, defaultCountry: string): string {
  if (channel === undefined) throw invalid('channel is required with an address (sms, whatsapp, or another channel name)');
  if (channel === 'chat') throw invalid('a chat participant has an identity, not an address');
  if (channel === 'sms') return toE164(address, defaultCountry);
  if (channel === 'whatsapp') return toWhatsAppAddress(address, defaultCountry);
  // Other channels (messenger:, gbm:, ...) are Twilio addresses as they are.
  if (/\p{Cc}/u.test(address)) throw invalid('address contains control characters');
  return address;
}

/** The address of a participant's messaging binding, when it has one. */
export function addressOf(participant: ParticipantLike): string | null {
  const address = (participant.messagingBinding as { address?: unknown } | null | undefined)?.address;
  return typeof address === 'string' ? address : null;
}

/** Whether `participant` is the one `selector` names. */
export function isSelected(participant: ParticipantLike & { sid: string }, selector: ParticipantSelector): boolean {
  if ('participantSid' in selector) return participant.sid === selector.participantSid;
  if ('identity' in selector) return participant.identity === selector.identity;
  return addressOf(participant) === selector.address && channelOfParticipant(participant) === selector.channel;
}
