// Outbound traffic: every message added to a conversation goes out, by SMS or WhatsApp, to
// each participant bound to an address other than the author. Each send is recorded as a
// delivery (what a carrier would have received) and reported like Twilio's delivery
// receipts: onDeliveryUpdated "sent", then "delivered" — or "failed"/"undelivered" with
// an ErrorCode for addresses configured to fail.
import type { Clock } from '../clock';
import { participantsOf } from './indexes';
import { isoDate } from '../clock';
import type { Events } from './events';
import { newSid } from '../sids';
import type { ConversationRecord, DeliveryRecord, DeliveryStatus, MessageRecord, ParticipantRecord, SandboxState } from '../state';

export type DeliveryFailure = { status: Extract<DeliveryStatus, 'failed' | 'undelivered'>; errorCode: number };

export class Deliveries {
  /** Addresses whose deliveries fail, e.g. { '+15550000000': { status: 'undelivered', errorCode: 30003 } }. */
  failures: Record<string, DeliveryFailure>;

  constructor(
    private readonly state: SandboxState,
    private readonly clock: Clock,
    private readonly events: Events,
    failures: Record<string, DeliveryFailure> = {},
  ) {
    this.failures = { ...failures };
  }

  dispatch(conversation: ConversationRecord, message: MessageRecord): DeliveryRecord[] {
    const recipients = participantsOf(this.state, conversation.sid).filter(
      (p): p is ParticipantRecord & { binding: { type: 'sms' | 'whatsapp'; address: string; proxyAddress: string } } =>
        p.binding !== null && 'address' in p.binding && p.sid !== message.participantSid,
    );
    return recipients.map((p) => {
      const now = this.clock.now();
      const delivery: DeliveryRecord = {
        sid: newSid('DY'),
        messageSid: message.sid,
        conversationSid: conversation.sid,
        participantSid: p.sid,
        channel: p.binding.type,
        to: p.binding.address,
        from: p.binding.proxyAddress,
        body: message.body,
        mediaSids: (message.media ?? []).map((m) => m.sid),
        channelMessageSid: newSid('SM'),
        status: 'sent',
        errorCode: null,
        dateCreated: now,
        dateUpdated: now,
      };
      this.state.deliveries.push(delivery);
      this.report(conversation, delivery);
      const failure = this.failures[p.binding.address];
      delivery.status = failure ? failure.status : 'delivered';
      delivery.errorCode = failure ? failure.errorCode : null;
      delivery.dateUpdated = this.clock.now();
      this.report(conversation, delivery);
      return delivery;
    });
  }

  /** The recipient's WhatsApp client reported the message read: a delivered receipt becomes `read`. */
  markRead(conversation: ConversationRecord, delivery: DeliveryRecord): void {
    if (delivery.channel !== 'whatsapp' || delivery.status !== 'delivered') return;
    delivery.status = 'read';
    delivery.dateUpdated = this.clock.now();
    this.report(conversation, delivery);
  }

  private report(conversation: ConversationRecord, d: DeliveryRecord): void {
    // Receipts come from the channel, not from a REST call: they always fire.
    this.events.post(
      conversation,
      conversation.serviceSid,
      'onDeliveryUpdated',
      {
        ConversationSid: d.conversationSid,
        ChatServiceSid: conversation.serviceSid,
        MessageSid: d.messageSid,
        DeliveryReceiptSid: d.sid,
        ChannelMessageSid: d.channelMessageSid,
        ParticipantSid: d.participantSid,
        Status: d.status,
        ErrorCode: d.errorCode === null ? undefined : String(d.errorCode),
        DateCreated: isoDate(d.dateCreated),
        DateUpdated: isoDate(d.dateUpdated),
      },
      { source: d.channel === 'whatsapp' ? 'WHATSAPP' : 'SMS', fire: true },
    );
  }
}
