// One message's delivery receipts, per SMS/WhatsApp participant, with each participant's
// channel and address (Twilio's receipt names only the participant SID). The message, its
// receipts and the participants are read in parallel: one round trip. The message read
// tells an unknown message from an unknown conversation (both are a plain 404 to Twilio).
import * as v from 'valibot';
import type { DeliveryReceiptInstance } from 'twilio/lib/rest/conversations/v1/service/conversation/message/deliveryReceipt';
import type { ParticipantInstance } from 'twilio/lib/rest/conversations/v1/service/conversation/participant';
import { conversationsService } from '../conversations/service';
import { conversationNotFound } from '../conversations/errors';
import { channelOfParticipant } from '../conversations/channels';
import { HttpError } from '../http/errors';
import { parseInput } from '../http/validation';
import { isNotFound } from '../platform/twilio-errors';
import type { TwilioClient } from '../platform/twilio-client';
import { readDeliverySummary, type DeliverySummary } from './delivery';
import { PAGE_SIZE } from './page-cursor';

export const receiptsSchema = v.object({
  conversationSid: v.pipe(v.string('conversationSid is required'), v.regex(/^CH[0-9a-f]{32}$/, 'conversationSid must be a CH SID')),
  messageSid: v.pipe(v.string('messageSid is required'), v.regex(/^IM[0-9a-f]{32}$/, 'messageSid must be an IM SID')),
});

export type ReceiptsRequest = v.InferOutput<typeof receiptsSchema>;

export const readReceiptsRequest = (params: Record<string, unknown>): ReceiptsRequest => parseInput(receiptsSchema, params);

export type ReceiptStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

export type Receipt = {
  sid: string;
  participantSid: string | null;
  /** sms, whatsapp, or another channel's prefix; null when the participant has left since. */
  channel: string | null;
  address: string | null;
  status: ReceiptStatus | null;
  /** Twilio's delivery error code (e.g. 30003); null when there is none (Twilio says 0). */
  errorCode: number | null;
  channelMessageSid: string | null;
  dateUpdated: string | null;
};

export type MessageReceipts = { conversationSid: string; messageSid: string; delivery: DeliverySummary | null; receipts: Receipt[] };

const STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed', 'undelivered'];

/** Twilio lists at most 1000 participants per conversation, and as many receipts per message. */
const LIMIT = 1_000;
const RECEIPTS_PAGE_SIZE = 50;

function messageNotFound(request: ReceiptsRequest) {
  return new HttpError('message_not_found', `Message ${request.messageSid} does not exist in conversation ${request.conversationSid}.`);
}

export async function readReceipts(serviceSid: string, client: TwilioClient, request: ReceiptsRequest): Promise<MessageReceipts> {
  const conversation = conversationsService(client, serviceSid).conversations(request.conversationSid);
  const message = conversation.messages(request.messageSid);
  const [participants, fetched, receipts] = await Promise.allSettled([
    conversation.participants.list({ pageSize: PAGE_SIZE, limit: LIMIT }),
    message.fetch(),
    // The spec caps Receipts pages at 50 (other lists take 100).
    message.deliveryReceipts.list({ pageSize: RECEIPTS_PAGE_SIZE, limit: LIMIT }),
  ]);
  if (participants.status === 'rejected') throw isNotFound(participants.reason) ? conversationNotFound(request.conversationSid) : participants.reason;
  if (fetched.status === 'rejected') throw isNotFound(fetched.reason) ? messageNotFound(request) : fetched.reason;
  if (receipts.status === 'rejected') throw isNotFound(receipts.reason) ? messageNotFound(request) : receipts.reason;
  const bySid = new Map(participants.value.map((p) => [p.sid, p]));
  return {
    conversationSid: request.conversationSid,
    messageSid: request.messageSid,
    delivery: readDeliverySummary(fetched.value.delivery),
    receipts: receipts.value.map((r) => toReceipt(r, bySid.get(r.participantSid))),
  };
}

function addressOf(participant: ParticipantInstance): string | null {
  const binding = participant.messagingBinding as { address?: unknown; projected_address?: unknown } | null;
  if (typeof binding?.address === 'string') return binding.address;
  return typeof binding?.projected_address === 'string' ? binding.projected_address : null;
}

function toReceipt(receipt: DeliveryReceiptInstance, participant: ParticipantInstance | undefined): Receipt {
  const status = String(receipt.status);
  return {
    sid: receipt.sid,
    participantSid: receipt.participantSid ?? null,
    channel: participant ? channelOfParticipant(participant) : null,
    address: participant ? addressOf(participant) : null,
    status: STATUSES.includes(status) ? (status as ReceiptStatus) : null,
    errorCode: typeof receipt.errorCode === 'number' && receipt.errorCode !== 0 ? receipt.errorCode : null,
    channelMessageSid: receipt.channelMessageSid ?? null,
    dateUpdated: receipt.dateUpdated instanceof Date && !Number.isNaN(receipt.dateUpdated.getTime()) ? receipt.dateUpdated.toISOString() : null,
  };
}
