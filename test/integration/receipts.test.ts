// Delivery and read status through the real local runtime against the sandbox:
// GET /conversations/messages/receipts, history's `delivery` and `readBy`, and media-only
// messages (no Body) through the post-event policy and the auto-reply.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { SERVER_API_TOKEN } from '../../sandbox/testing/fixtures';
import { call } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const SMS_CUSTOMER = '+14155550182';
const WHATSAPP_CUSTOMER = 'whatsapp:+14155550183';
const FAILING = '+14155550184';
const SUPPORT_SMS = '+15005550006';
const AUTO_REPLY = 'Thanks for your message! Someone will answer shortly.';

let stack: Stack;
let conversationSid: string;
let participants: Record<'sms' | 'whatsapp' | 'failing', string>;

beforeAll(async () => {
  stack = await startStack({
    env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER, AUTO_REPLY_TEXT: AUTO_REPLY, BLOCKED_PATTERNS: '["\\\\bfree crypto\\\\b"]' },
    webhooks: true,
    sandbox: {
      deliveryFailures: { [FAILING]: { status: 'undelivered', errorCode: 30003 } },
      addressConfigurations: [{ type: 'sms', address: SUPPORT_SMS, autoCreation: { enabled: true, type: 'default' as const } }],
    },
  });
  const onboard = await stack.post('/participants/onboard', {
    participants: [
      { channel: 'sms', address: SMS_CUSTOMER },
      { channel: 'whatsapp', address: WHATSAPP_CUSTOMER },
      { channel: 'sms', address: FAILING },
      { channel: 'chat', identity: 'agent-ivy' },
      { channel: 'chat', identity: 'agent-joe' },
    ],
  });
  conversationSid = onboard.body.conversationSid;
  const all = conversationView(stack.sandbox, conversationSid).participants();
  const byAddress = (address: string) => all.find((p) => p.binding && 'address' in p.binding && p.binding.address === address)!.sid;
  participants = { sms: byAddress(SMS_CUSTOMER), whatsapp: byAddress(WHATSAPP_CUSTOMER), failing: byAddress(FAILING) };
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

const receipts = (query: Record<string, string>) => stack.get('/conversations/messages/receipts', { conversationSid, ...query });
const send = async (body: string) => (await stack.post('/conversations/messages/send', { conversationSid, body })).body.messageSid as string;

describe('GET /conversations/messages/receipts', () => {
  it('answers one receipt per SMS/WhatsApp participant with channel, address, status and error code, and the summary', async () => {
    const messageSid = await send('Your order shipped');
    const answer = await receipts({ messageSid });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      conversationSid,
      messageSid,
      delivery: { total: 3, sent: 'some', delivered: 'some', read: 'none', failed: 'none', undelivered: 'some' },
    });
    const byParticipant = new Map(answer.body.receipts.map((r: { participantSid: string }) => [r.participantSid, r]));
    expect(byParticipant.get(participants.sms)).toMatchObject({ channel: 'sms', address: SMS_CUSTOMER, status: 'delivered', errorCode: null });
    expect(byParticipant.get(participants.whatsapp)).toMatchObject({ channel: 'whatsapp', address: WHATSAPP_CUSTOMER, status: 'delivered' });
    expect(byParticipant.get(participants.failing)).toMatchObject({ channel: 'sms', address: FAILING, status: 'undelivered', errorCode: 30003 });
    expect(answer.body.receipts.every((r: { channelMessageSid: string }) => /^SM[0-9a-f]{32}$/.test(r.channelMessageSid))).toBe(true);
  });

  it('shows a WhatsApp read, and answers the same again while nothing changed (a read changes nothing)', async () => {
    const messageSid = await send('Your parcel is at the door');
    const index = stack.sandbox.state.messages.get(messageSid)!.index;
    stack.sandbox.readUpTo({ conversationSid, who: WHATSAPP_CUSTOMER, index });
    const first = await receipts({ messageSid });
    expect(first.body.receipts.find((r: { channel: string }) => r.channel === 'whatsapp').status).toBe('read');
    expect(first.body.delivery.read).toBe('some');
    const before = JSON.stringify(stack.sandbox.state.deliveries);
    const again = await receipts({ messageSid });
    expect(again.body).toEqual(first.body);
    expect(JSON.stringify(stack.sandbox.state.deliveries)).toBe(before);
  });

  it('answers a chat-only message with no receipts and delivery null', async () => {
    const chatOnly = (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'agent-kim' }] })).body.conversationSid;
    const sent = await stack.post('/conversations/messages/send', { conversationSid: chatOnly, body: 'note to self' });
    const answer = await stack.get('/conversations/messages/receipts', { conversationSid: chatOnly, messageSid: sent.body.messageSid });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ delivery: null, receipts: [] });
  });

  it.each([
    ['no messageSid', {}, 'messageSid'],
    ['a messageSid that is not an IM SID', { messageSid: 'MB' + '0'.repeat(32) }, 'messageSid'],
    ['a conversationSid that is not a CH SID', { conversationSid: 'order-42', messageSid: 'IM' + '0'.repeat(32) }, 'conversationSid'],
  ])('answers 400 naming the field for %s', async (_what, query, field) => {
    const answer = await receipts(query as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    expect(JSON.stringify(answer.body.error.details)).toContain(field);
  });

  it('answers 404 conversation_not_found for an unknown conversation, message_not_found for an unknown message', async () => {
    const unknownConversation = await receipts({ conversationSid: 'CH' + '0'.repeat(32), messageSid: 'IM' + '0'.repeat(32) });
    expect([unknownConversation.status, unknownConversation.body.error.code]).toEqual([404, 'conversation_not_found']);
    const unknownMessage = await receipts({ messageSid: 'IM' + '0'.repeat(32) });
    expect([unknownMessage.status, unknownMessage.body.error.code]).toEqual([404, 'message_not_found']);
  });

  it('refuses a missing or wrong server token (401)', async () => {
    const url = `${stack.functions.url}/conversations/messages/receipts?conversationSid=${conversationSid}&messageSid=IM${'0'.repeat(32)}`;
    expect((await call(url, { method: 'GET' })).status).toBe(401);
    expect((await call(url, { method: 'GET', headers: { Authorization: `Bearer ${SERVER_API_TOKEN}x` } })).status).toBe(401);
  });
});

describe('GET /conversations/messages/history: delivery and read status', () => {
  it('gives each message its delivery summary and the chat identities that have read it', async () => {
    const older = await send('first of two');
    const newer = await send('second of two');
    stack.sandbox.readUpTo({ conversationSid, who: 'agent-ivy', index: stack.sandbox.state.messages.get(newer)!.index });
    stack.sandbox.readUpTo({ conversationSid, who: 'agent-joe', index: stack.sandbox.state.messages.get(older)!.index });
    const answer = await stack.get('/conversations/messages/history', { conversationSid, order: 'desc', limit: '2' });
    expect(answer.status).toBe(200);
    const [second, first] = answer.body.messages;
    expect(second).toMatchObject({ sid: newer, readBy: ['agent-ivy'], delivery: { total: 3, undelivered: 'some' } });
    expect(first).toMatchObject({ sid: older, delivery: { total: 3 } });
    expect([...first.readBy].sort()).toEqual(['agent-ivy', 'agent-joe']);
  });

  it('answers media with its fields, delivery null and nobody in readBy for a chat-only media message', async () => {
    const chatOnly = (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'agent-lou' }] })).body.conversationSid;
    await stack.sandbox.chatMessage({ conversationSid: chatOnly, identity: 'agent-lou', mediaSid: 'ME' + 'a'.repeat(32) });
    await stack.sandbox.idle();
    const answer = await stack.get('/conversations/messages/history', { conversationSid: chatOnly });
    const media = answer.body.messages.find((m: { media: unknown }) => m.media);
    expect(media).toMatchObject({ body: null, delivery: null, readBy: [], media: [{ sid: 'ME' + 'a'.repeat(32), contentType: expect.any(String) }] });
  });
});

describe('media-only post-events (onMessageAdded with Media and no Body)', () => {
  it('passes the policy after publication and gets the one auto-reply, with no failed webhook', async () => {
    const customer = '+14155550186';
    const result = await stack.sandbox.inbound({ from: customer, to: SUPPORT_SMS, mediaSid: 'ME' + 'b'.repeat(32), mediaContentType: 'image/png' });
    await stack.sandbox.idle();
    expect(result.outcome).toBe('created');
    const sid = (result as { conversationSid: string }).conversationSid;
    const messages = conversationView(stack.sandbox, sid).messages();
    expect(messages[0]).toMatchObject({ body: null, media: [expect.objectContaining({ sid: 'ME' + 'b'.repeat(32), content_type: 'image/png' })] });
    expect(messages.filter((m) => m.body === AUTO_REPLY)).toHaveLength(1);
    const added = stack.sandbox.state.webhookDeliveries.filter((d) => d.params.ConversationSid === sid && d.kind === 'post');
    expect(added.some((d) => d.eventType === 'onMessageAdded' && d.params.Media !== undefined && d.params.Body === undefined)).toBe(true);
    expect(added.every((d) => d.status === 200)).toBe(true);
    const logs = stack.functions.requestLogs().filter((l) => l.fn === 'conversations/webhook' && l.conversationSid === sid);
    expect(logs.every((l) => l.status === 200)).toBe(true);
    // The media message itself was not removed or changed by the policy.
    expect(stack.sandbox.state.messages.get(messages[0]!.sid)).toMatchObject({ body: null });
  });
});
