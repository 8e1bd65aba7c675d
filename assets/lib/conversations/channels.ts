// Which channel a participant is on, from its messaging binding (Twilio gives no channel field).
import { channelOfAddress } from './addresses';

/** A participant as Twilio lists it, or as an event describes it: only what the decisions read. */
export type ParticipantLike = { identity?: string | null; attributes?: string | null; messagingBinding?: unknown };

type Binding = { type?: unknown; address?: unknown; projected_address?: unknown };

/** chat, sms, whatsapp, or the address prefix of another channel (messenger, gbm, ...). */
export function channelOfParticipant(participant: ParticipantLike): string {
  const binding = participant.messagingBinding as Binding | null | undefined;
  if (!binding || typeof binding !== 'object') return participant.identity ? 'chat' : 'other';
  if (typeof binding.address === 'string') {
    const channel = channelOfAddress(binding.address);
    if (channel !== 'other') return channel;
    const prefix = /^([a-z][a-z0-9_-]*):/i.exec(binding.address)?.[1];
    if (prefix) return prefix.toLowerCase();
  }
  // A group MMS participant has only a projected address.
  if (typeof binding.projected_address === 'string') return 'sms';
  return typeof binding.type === 'string' ? binding.type.toLowerCase() : 'other';
}
