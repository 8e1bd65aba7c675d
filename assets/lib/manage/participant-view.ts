// A participant as our answers show it: its channel, who it is (an address with the proxy
// address it talks to, or a chat identity), its role when it can be told, and its attributes
// read within bounds (attributes are data from outside: never trusted, never recursed into).
//
// The role, first rule that applies:
// - a chat identity listed in AGENT_IDENTITIES is an `agent` (configuration outranks data);
// - attributes `"role": "agent" | "customer" | "bot"` say it (the hand-off writes `agent`);
// - an SMS, WhatsApp or other messaging participant is a `customer`;
// - a guest (`"guest": true`, or a `guest-*` identity from /webchat/start) is a `customer`;
// - with AGENT_IDENTITIES set, any other chat participant is a `customer` (as the hand-off
//   reads it); without the list there is nothing to go by: `null`.
import { readAttributes, type Attributes } from '../conversations/attributes';
import { channelOfParticipant } from '../conversations/channels';
import { GUEST_IDENTITY_PREFIX } from '../conversations/identifiers';
import { isoOrNull, textOrNull } from './shown-values';

export type ShownChannel = 'sms' | 'whatsapp' | 'chat' | 'other';
export type ParticipantRole = 'agent' | 'customer' | 'bot';

/** What Twilio gives for a participant (a Participant, or the participant of a ParticipantConversation). */
export type ParticipantSource = { identity?: string | null; messagingBinding?: unknown; attributes?: string | null };

export type Who = { channel: ShownChannel; identity: string | null; address: string | null; proxyAddress: string | null };

export type ParticipantView = Who & {
  sid: string;
  role: ParticipantRole | null;
  /** The attributes as an object; when they are not a JSON object we can render safely, their raw text. */
  attributes: Attributes | string;
  /** Present (true) when `attributes` is the raw text. */
  attributesRaw?: true;
  lastReadMessageIndex: number | null;
  dateCreated: string | null;
};

function bindingOf(participant: ParticipantSource): Record<string, unknown> | undefined {
  const binding = participant.messagingBinding;
  return binding && typeof binding === 'object' ? (binding as Record<string, unknown>) : undefined;
}

/** The channel and the address or identity of a participant. */
export function whoIs(participant: ParticipantSource): Who {
  const channel = channelOfParticipant(participant);
  const binding = bindingOf(participant);
  return {
    channel: channel === 'sms' || channel === 'whatsapp' || channel === 'chat' ? channel : 'other',
    identity: textOrNull(participant.identity),
    address: textOrNull(binding?.address),
    // A group MMS participant has a projected address in place of a proxy address.
    proxyAddress: textOrNull(binding?.proxy_address) ?? textOrNull(binding?.projected_address),
  };
}

const ROLES: readonly string[] = ['agent', 'customer', 'bot'] satisfies ParticipantRole[];

/** The role of a participant by the rules at the top of this file, or null when nothing tells. */
export function roleOf(participant: ParticipantSource, attributes: Attributes, agentIdentities: readonly string[]): ParticipantRole | null {
  const identity = textOrNull(participant.identity);
  const chat = identity !== null && !bindingOf(participant);
  if (chat && agentIdentities.includes(identity)) return 'agent';
  if (typeof attributes.role === 'string' && ROLES.includes(attributes.role)) return attributes.role as ParticipantRole;
  if (!chat) return bindingOf(participant) ? 'customer' : null;
  if (attributes.guest === true || identity.toLowerCase().startsWith(GUEST_IDENTITY_PREFIX)) return 'customer';
  return agentIdentities.length > 0 ? 'customer' : null;
}

type TwilioParticipant = ParticipantSource & { sid: string; lastReadMessageIndex?: number | null; dateCreated?: unknown };

export function participantView(participant: TwilioParticipant, agentIdentities: readonly string[]): ParticipantView {
  const read = readAttributes(participant.attributes);
  return {
    sid: participant.sid,
    ...whoIs(participant),
    role: roleOf(participant, read.parsed ? read.attributes : {}, agentIdentities),
    ...(read.parsed ? { attributes: read.attributes } : { attributes: read.raw, attributesRaw: true as const }),
    lastReadMessageIndex: Number.isInteger(participant.lastReadMessageIndex) ? participant.lastReadMessageIndex! : null,
    dateCreated: isoOrNull(participant.dateCreated),
  };
}
