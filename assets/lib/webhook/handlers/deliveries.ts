// onDeliveryUpdated (post-event): a failed or undelivered receipt is logged with its channel,
// Twilio's error code (e.g. 30003 unreachable, 63016 outside the WhatsApp 24-hour window)
// and the masked address, so a lost message shows up in the Functions log. One read (the
// participant, for its channel and address); if that read fails, the failure is still logged.
import { maskAddress } from '../../http/log';
import type { PostHandler } from '../context';
import { channelOfParticipant } from '../../conversations/channels';

const FAILED = new Set(['failed', 'undelivered']);

export function isFailedDelivery(status: string): boolean {
  return FAILED.has(status);
}

export const reportDelivery: PostHandler<'onDeliveryUpdated'> = async (event, { service }) => {
  const base = { deliveryStatus: event.status, messageSid: event.messageSid };
  if (!isFailedDelivery(event.status)) return { action: 'delivery_noted', details: base };
  const participant = event.participantSid
    ? await service()
        .conversations(event.conversationSid)
        .participants(event.participantSid)
        .fetch()
        .catch(() => undefined)
    : undefined;
  const binding = participant?.messagingBinding as { address?: unknown } | null | undefined;
  const address = typeof binding?.address === 'string' ? maskAddress(binding.address) : undefined;
  return {
    action: 'delivery_failed',
    details: {
      ...base,
      errorCode: event.errorCode,
      channel: participant ? channelOfParticipant(participant) : undefined,
      address,
      participantSid: event.participantSid,
    },
  };
};
