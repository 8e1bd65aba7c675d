// Outbound deliveries per SMS/WhatsApp participant (never to the author), with delivery
// receipts (onDeliveryUpdated sent -> delivered, or a forced failure with an ErrorCode).
import { startWebhookReceiver, type WebhookReceiver } from '../../sandbox/testing/webhook-receiver';
import { raw, useSandbox } from '../contract/helpers';

describe('Outbound deliveries', () => {
  let receiver: WebhookReceiver;
  const t = useSandbox({ deliveryFailures: { '+15550007003': { status: 'undelivered', errorCode: 30003 } } });

  beforeAll(async () => {
    receiver = await startWebhookReceiver(t.sandbox.authToken);
    t.sandbox.setWebhooks({ postUrl: `${receiver.url}/post`, filters: ['onDeliveryUpdated'] });
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });
  afterAll(() => receiver.close());

  async function conversationWith(...addresses: string[]) {
    const c = await t.client.conversations.v1.conversations.create({});
    for (const address of addresses) {
      const proxy = address.startsWith('whatsapp:') ? 'whatsapp:+15559990200' : '+15559990200';
      await t.client.conversations.v1.conversations(c.sid).participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxy });
    }
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'agent' });
    return c;
  }

  it('records one delivery per SMS/WhatsApp participant other than the author, from the proxy address', async () => {
    const c = await conversationWith('+15550007001', 'whatsapp:+15550007002');
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent', body: 'Your order shipped' });
    const deliveries = t.sandbox.state.deliveries.filter((d) => d.messageSid === m.sid);
    expect(deliveries.map((d) => [d.channel, d.to, d.from, d.body, d.status])).toEqual([
      ['sms', '+15550007001', '+15559990200', 'Your order shipped', 'delivered'],
      ['whatsapp', 'whatsapp:+15550007002', 'whatsapp:+15559990200', 'Your order shipped', 'delivered'],
    ]);
    const reply = await t.sandbox.inbound({ from: '+15550007001', to: '+15559990200', body: 'thanks' });
    if (reply.outcome === 'dropped') throw new Error(reply.reason);
    expect(t.sandbox.state.deliveries.filter((d) => d.messageSid === reply.messageSid).map((d) => d.to)).toEqual(['whatsapp:+15550007002']);
    const fetched = await t.client.conversations.v1.conversations(c.sid).messages(m.sid).fetch();
    expect(fetched.delivery).toEqual({ total: 2, sent: 'all', delivered: 'all', read: 'none', failed: 'none', undelivered: 'none' });
  });

  it('reports onDeliveryUpdated sent then delivered when the filter includes it', async () => {
    const c = await conversationWith('+15550007004');
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent', body: 'hello' });
    await t.sandbox.idle();
    const receipts = receiver.events('onDeliveryUpdated').filter((r) => r.params.MessageSid === m.sid);
    expect(receipts.map((r) => r.params.Status)).toEqual(['sent', 'delivered']);
    expect(receipts[1].params).toMatchObject({
      ConversationSid: c.sid,
      ChatServiceSid: t.sandbox.serviceSid,
      DeliveryReceiptSid: expect.stringMatching(/^DY[0-9a-f]{32}$/),
      ChannelMessageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      ParticipantSid: expect.stringMatching(/^MB/),
    });
    expect(receipts.every((r) => r.signatureValid)).toBe(true);
  });

  it('fails deliveries to an address configured to fail, with the ErrorCode in the receipt', async () => {
    const c = await conversationWith('+15550007003');
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent', body: 'will bounce' });
    await t.sandbox.idle();
    expect(t.sandbox.state.deliveries.find((d) => d.messageSid === m.sid)).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    expect(
      receiver
        .events('onDeliveryUpdated')
        .filter((r) => r.params.MessageSid === m.sid)
        .map((r) => [r.params.Status, r.params.ErrorCode]),
    ).toEqual([
      ['sent', undefined],
      ['undelivered', '30003'],
    ]);
  });

  it('sets failures at run time (setDeliveryFailure and POST /sandbox/delivery-failures)', async () => {
    const c = await conversationWith('+15550007005');
    t.sandbox.setDeliveryFailure('+15550007005', { status: 'failed', errorCode: 30008 });
    const failed = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent', body: 'x' });
    expect(t.sandbox.state.deliveries.find((d) => d.messageSid === failed.sid)).toMatchObject({ status: 'failed', errorCode: 30008 });
    expect((await raw(t.sandbox, 'POST', '/sandbox/delivery-failures', { Address: '+15550007005', Status: 'none' })).status).toBe(200);
    const delivered = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent', body: 'y' });
    expect(t.sandbox.state.deliveries.find((d) => d.messageSid === delivered.sid)?.status).toBe('delivered');
  });
});
