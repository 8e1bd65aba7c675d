// The input of /participants/onboard, checked and normalised before any Twilio call:
// numbers to E.164, `whatsapp:` prefixes, default proxy addresses, identities, duplicates
// collapsed, and the Conversations participant limits.
import * as v from 'valibot';
import { addressField, MAX_ADDRESS_LENGTH, toE164, toWhatsAppAddress } from '../conversations/addresses';
import { validateIdentity, validateUniqueName } from '../conversations/identifiers';
import type { Config } from '../platform/config';
import { ATTRIBUTE_LIMITS, type Attributes } from '../conversations/attributes';
import { HttpError } from '../http/errors';
import { boundedText, jsonObjectField, parseInput } from '../http/validation';

// Twilio's limits: 1,000 participants per conversation, at most 50 of them non-chat.
export const MAX_PARTICIPANTS = 1_000;
export const MAX_NON_CHAT_PARTICIPANTS = 50;

const text = (max: number, what: string) => v.optional(boundedText(max, what));

const participantSchema = v.object({
  channel: v.pipe(
    v.string('channel must be text'),
    v.trim(),
    v.toLowerCase(),
    v.regex(/^[a-z][a-z0-9_-]{0,31}$/, 'channel must be sms, whatsapp, chat or another channel name like messenger'),
  ),
  address: addressField,
  identity: v.optional(v.string('identity must be text')),
  proxyAddress: text(MAX_ADDRESS_LENGTH, 'proxyAddress'),
  attributes: v.optional(jsonObjectField('attributes', ATTRIBUTE_LIMITS.participant)),
  friendlyName: text(256, 'friendlyName'),
});

export const onboardSchema = v.object({
  conversationSid: v.optional(v.pipe(v.string(), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID'))),
  uniqueName: text(256, 'uniqueName'),
  friendlyName: text(256, 'friendlyName'),
  attributes: v.optional(jsonObjectField('attributes', ATTRIBUTE_LIMITS.conversation)),
  onConflict: v.optional(v.picklist(['reuse', 'move', 'fail'], 'onConflict must be reuse, move or fail'), 'reuse'),
  participants: v.pipe(
    v.array(participantSchema, 'participants must be a list'),
    v.minLength(1, 'participants must list at least one participant'),
    v.maxLength(MAX_PARTICIPANTS, `participants must list at most ${MAX_PARTICIPANTS}`),
  ),
});

export type OnConflict = 'reuse' | 'move' | 'fail';

export type NormalisedParticipant =
  | { channel: 'chat'; identity: string; attributes: Attributes; friendlyName?: string }
  | { channel: string; address: string; proxyAddress: string; attributes: Attributes };

export type OnboardRequest = {
  conversationSid?: string;
  uniqueName?: string;
  friendlyName?: string;
  attributes?: Attributes;
  onConflict: OnConflict;
  participants: NormalisedParticipant[];
};

/**
 * Form bodies (Studio, curl -d) are flat: `participants` may be a JSON string, or bracket
 * keys like `participants[0][channel]`. JSON bodies arrive nested already.
 */
export function unflattenForm(params: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const indexed: Record<number, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(params)) {
    const bracket = /^participants\[(\d{1,4})\]\[([A-Za-z]+)\]$/.exec(key);
    if (bracket) {
      (indexed[Number(bracket[1])] ??= {})[bracket[2]!] = value;
    } else result[key] = value;
  }
  if (typeof result.participants === 'string') {
    try {
      result.participants = JSON.parse(result.participants);
    } catch {
      throw new HttpError('invalid_request', 'participants must be a JSON list (or use participants[0][channel]=... form keys).');
    }
  }
  const indexes = Object.keys(indexed)
    .map(Number)
    .sort((a, b) => a - b);
  if (indexes.length > 0) {
    if (result.participants !== undefined)
      throw new HttpError('invalid_request', 'Send participants either as a list or as participants[i][field] keys, not both.');
    result.participants = indexes.map((index) => indexed[index]);
  }
  return result;
}

type ParsedParticipant = v.InferOutput<typeof participantSchema>;

function normaliseParticipant(participant: ParsedParticipant, position: number, config: Config): NormalisedParticipant {
  const where = `participants.${position}`;
  const fail = (message: string) => new HttpError('invalid_participant', `${where}: ${message}`, { details: { field: where } });
  const attributes = participant.attributes ?? {};
  const withField = (error: unknown) =>
    error instanceof HttpError && error.code !== 'invalid_participant'
      ? new HttpError(error.code, `${where}: ${error.message}`, { details: { field: where } })
      : error;
  try {
    if (participant.channel === 'chat') {
      if (participant.address) throw fail('a chat participant has an identity, not an address');
      return { channel: 'chat', identity: validateIdentity(participant.identity), attributes, friendlyName: participant.friendlyName };
    }
    if (participant.identity !== undefined) throw fail(`a ${participant.channel} participant has an address, not an identity`);
    if (!participant.address) throw fail('address is required');
    let address: string;
    let proxyAddress: string | undefined;
    if (participant.channel === 'sms') {
      address = toE164(participant.address, config.DEFAULT_COUNTRY);
      proxyAddress = participant.proxyAddress ? toE164(participant.proxyAddress, config.DEFAULT_COUNTRY) : config.SMS_PROXY_NUMBER;
      if (!proxyAddress) throw fail('proxyAddress is required (or set SMS_PROXY_NUMBER)');
    } else if (participant.channel === 'whatsapp') {
      address = toWhatsAppAddress(participant.address, config.DEFAULT_COUNTRY);
      proxyAddress = participant.proxyAddress ? toWhatsAppAddress(participant.proxyAddress, config.DEFAULT_COUNTRY) : config.WHATSAPP_SENDER;
      if (!proxyAddress) throw fail('proxyAddress is required (or set WHATSAPP_SENDER)');
    } else {
      // Other channels (messenger:, gbm:, ...) pass through as Twilio addresses.
      address = participant.address;
      proxyAddress = participant.proxyAddress;
      if (!proxyAddress) throw fail(`proxyAddress is required for channel ${participant.channel}`);
      if (/\p{Cc}/u.test(address + proxyAddress)) throw fail('address contains control characters');
    }
    if (address === proxyAddress) throw fail('address and proxyAddress must differ');
    return { channel: participant.channel, address, proxyAddress, attributes };
  } catch (error) {
    throw withField(error);
  }
}

/** Who a participant is within one conversation: its identity, or its address + proxy pair. */
export function participantKey(participant: { identity?: string | null; address?: string; proxyAddress?: string }): string {
  return participant.identity ? `identity:${participant.identity}` : `binding:${participant.address}|${participant.proxyAddress}`;
}

export function readOnboardRequest(params: Record<string, unknown>, config: Config): OnboardRequest {
  const parsed = parseInput(onboardSchema, unflattenForm(params));
  if (parsed.conversationSid && parsed.uniqueName) {
    throw new HttpError('invalid_request', 'Give conversationSid or uniqueName, not both.');
  }
  // A key into a REST path: never a SID look-alike or anything that changes the path.
  const uniqueName = parsed.uniqueName === undefined ? undefined : validateUniqueName(parsed.uniqueName);
  const unique = new Map<string, NormalisedParticipant>();
  parsed.participants.forEach((participant, position) => {
    const normalised = normaliseParticipant(participant, position, config);
    // The same person twice in one request is one participant (the first mention wins).
    const key = participantKey(normalised);
    if (!unique.has(key)) unique.set(key, normalised);
  });
  const participants = [...unique.values()];
  const nonChat = participants.filter((participant) => participant.channel !== 'chat').length;
  if (nonChat > MAX_NON_CHAT_PARTICIPANTS) {
    throw new HttpError(
      'too_many_participants',
      `A conversation holds at most ${MAX_NON_CHAT_PARTICIPANTS} non-chat participants; this request has ${nonChat}.`,
    );
  }
  return {
    conversationSid: parsed.conversationSid,
    uniqueName,
    friendlyName: parsed.friendlyName,
    attributes: parsed.attributes,
    onConflict: parsed.onConflict,
    participants,
  };
}
