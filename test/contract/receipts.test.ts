// Message Receipts and read status with the real twilio 6 client: one receipt per SMS/WhatsApp
// participant from the delivery log, configured failures with their error code, WhatsApp
// reads, the message's `delivery` summary agreeing, and chat participants' read horizon.
import { restError, useSandbox } from './helpers';

const SMS = '+14155550170';
const WHATSAPP = 'whatsapp:+14155550171';
const FAILING = '+14155550172';

describe('Message Receipts', () => {
  const t = useSandbox({ deliveryFailures: { [FAILING]: { status: 'undelivered', errorCode: 30003 } } });

  async function conversationWithEveryone() {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({});
    const participants = service.conversations(c.sid).participants;
    const sms = await participants.create({ 'messagingBinding.address': SMS, 'messagingBinding.proxyAddress': '+14155550100' });
    const whatsapp = await participants.create({ 'messagingBinding.address': WHATSAPP, 'messagingBinding.proxyAddress': 'whatsapp:+14155238886' });
    const failing = await participants.create({ 'messagingBinding.address': FAILING, 'messagingBinding.proxyAddress': '+14155550101' });
    const chat = await participants.create({ identity: 'agent-rae' });
    return { service, c, sms, whatsapp, failing, chat };
  }

  it('lists one receipt per SMS/WhatsApp participant, failures with their code, and the delivery summary agrees', async () => {
    const { service, c, sms, whatsapp, failing } = await conversationWithEveryone();
    const m = await service.conversations(c.sid).messages.create({ author: 'agent-rae', body: 'Your order shipped' });
    const receipts = await service.conversations(c.sid).messages(m.sid).deliveryReceipts.list();
    expect(receipts).toHaveLength(3);
    const byParticipant = new Map(receipts.map((r) => [r.participantSid, r]));
    expect(byParticipant.get(sms.sid)).toMatchObject({ status: 'delivered', errorCode: 0, messageSid: m.sid, conversationSid: c.sid });
    expect(byParticipant.get(whatsapp.sid)).toMatchObject({ status: 'delivered', errorCode: 0 });
    expect(byParticipant.get(failing.sid)).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    expect(receipts.every((r) => /^DY[0-9a-f]{32}$/.test(r.sid) && /^SM[0-9a-f]{32}$/.test(r.channelMessageSid))).toBe(true);
    expect((await service.conversations(c.sid).messages(m.sid).fetch()).delivery).toEqual({
      total: 3,
      sent: 'some',
      delivered: 'some',
      read: 'none',
      failed: 'none',
      undelivered: 'some',
    });
    const one = await service.conversations(c.sid).messages(m.sid).deliveryReceipts(receipts[0]!.sid).fetch();
    expect(one.sid).toBe(receipts[0]!.sid);
    // The default-service paths answer the same receipts.
    expect(await t.client.conversations.v1.conversations(c.sid).messages(m.sid).deliveryReceipts.list()).toHaveLength(3);
    // Frees the address bindings for the next test.
    await service.conversations(c.sid).update({ state: 'closed' });
  });

  it('turns a WhatsApp receipt into read when the user reads it; SMS cannot be read', async () => {
    const { service, c, whatsapp } = await conversationWithEveryone();
    const first = await service.conversations(c.sid).messages.create({ body: 'one' });
    const second = await service.conversations(c.sid).messages.create({ body: 'two' });
    t.sandbox.readUpTo({ conversationSid: c.sid, who: WHATSAPP, index: first.index });
    const read = await service.conversations(c.sid).messages(first.sid).deliveryReceipts.list();
    expect(read.find((r) => r.participantSid === whatsapp.sid)?.status).toBe('read');
    expect((await service.conversations(c.sid).messages(first.sid).fetch()).delivery).toMatchObject({ read: 'some', delivered: 'some' });
    const unread = await service.conversations(c.sid).messages(second.sid).deliveryReceipts.list();
    expect(unread.find((r) => r.participantSid === whatsapp.sid)?.status).toBe('delivered');
    const reported = t.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onDeliveryUpdated' && d.params.Status === 'read');
    expect(reported.every((d) => d.params.MessageSid === first.sid)).toBe(true);
    expect(() => t.sandbox.readUpTo({ conversationSid: c.sid, who: SMS, index: 1 })).toThrow(/SMS has no read receipts/);
  });

  it('gives a chat-only message no receipts and delivery null; a chat reader moves its read horizon', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({});
    const chat = await service.conversations(c.sid).participants.create({ identity: 'reader-1' });
    const m = await service.conversations(c.sid).messages.create({ body: 'hello' });
    expect(await service.conversations(c.sid).messages(m.sid).deliveryReceipts.list()).toEqual([]);
    expect((await service.conversations(c.sid).messages(m.sid).fetch()).delivery).toBeNull();
    expect((await service.conversations(c.sid).participants(chat.sid).fetch()).lastReadMessageIndex).toBeNull();
    t.sandbox.readUpTo({ conversationSid: c.sid, who: 'reader-1', index: m.index });
    const after = await service.conversations(c.sid).participants(chat.sid).fetch();
    expect(after.lastReadMessageIndex).toBe(m.index);
    expect(Date.parse(after.lastReadTimestamp)).not.toBeNaN();
  });

  it('answers 404 for an unknown message or receipt', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({});
    const m = await service.conversations(c.sid).messages.create({ body: 'x' });
    expect(
      (
        await restError(
          service
            .conversations(c.sid)
            .messages('IM' + '0'.repeat(32))
            .deliveryReceipts.list(),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await restError(
          service
            .conversations(c.sid)
            .messages(m.sid)
            .deliveryReceipts('DY' + '0'.repeat(32))
            .fetch(),
        )
      ).status,
    ).toBe(404);
  });
});
