// Inbound SMS/WhatsApp: lands in the bound conversation, autocreates per Address
// Configuration (default, webhook, studio) with Twilio's event order, or is dropped.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { startWebhookReceiver, type WebhookReceiver } from '../../sandbox/testing/webhook-receiver';
import { EVERY_EVENT } from '../../sandbox/testing/webhook-fixtures';
import { raw, useSandbox } from '../contract/helpers';

const SUPPORT = '+15559990100';
const STUDIO_LINE = '+15559990101';
const HOOK_LINE = '+15559990102';
const WA_LINE = 'whatsapp:+15559990103';
const FLOW = 'FWbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('Inbound messages', () => {
  let receiver: WebhookReceiver;
  const t = useSandbox({
    addressConfigurations: [
      { type: 'sms', address: SUPPORT, autoCreation: { enabled: true, type: 'default' } },
      { type: 'sms', address: STUDIO_LINE, autoCreation: { enabled: true, type: 'studio', studioFlowSid: FLOW } },
      {
        type: 'sms',
        address: HOOK_LINE,
        autoCreation: { enabled: true, type: 'webhook', webhookUrl: 'http://127.0.0.1:9/placeholder', webhookFilters: ['onMessageAdded'] },
      },
      { type: 'whatsapp', address: WA_LINE, autoCreation: { enabled: true, type: 'default' } },
    ],
  });

  beforeAll(async () => {
    receiver = await startWebhookReceiver(t.sandbox.authToken);
    t.sandbox.setWebhooks({ preUrl: `${receiver.url}/pre`, postUrl: `${receiver.url}/post`, filters: EVERY_EVENT });
    // Point the webhook-type address configuration at the receiver (as a REST update would).
    const hookLine = [...t.sandbox.state.addressConfigurations.values()].find((a) => a.address === HOOK_LINE);
    await t.client.conversations.v1.addressConfigurations(hookLine?.sid ?? '').update({ 'autoCreation.webhookUrl': `${receiver.url}/scoped` });
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });
  afterAll(() => receiver.close());

  it('drops a message to an address with no conversation and no address configuration, and records it', async () => {
    const result = await t.sandbox.inbound({ from: '+15550006000', to: '+15559999999', body: 'anyone?' });
    expect(result.outcome).toBe('dropped');
    expect(t.sandbox.state.droppedInbound.at(-1)).toMatchObject({ from: '+15550006000', to: '+15559999999', body: 'anyone?' });
    expect(t.sandbox.state.conversations.size).toBe(0);
  });

  it('autocreates (type default) with Twilio event order and Source SMS, then routes replies to the same conversation', async () => {
    const first = await t.sandbox.inbound({ from: '+15550006001', to: SUPPORT, body: 'Hello' });
    expect(first.outcome).toBe('created');
    if (first.outcome !== 'created') return;
    await t.sandbox.idle();
    // Autocreation: onConversationAdd carries the first message; no onParticipantAdd or onMessageAdd.
    expect(receiver.received.map((r) => r.params.EventType)).toEqual(['onConversationAdd', 'onConversationAdded', 'onParticipantAdded', 'onMessageAdded']);
    expect(receiver.received.every((r) => r.params.Source === 'SMS' && r.signatureValid && r.params.RetryCount === '0')).toBe(true);
    expect(receiver.events('onConversationAdd')[0].params).toMatchObject({
      MessageBody: 'Hello',
      State: 'active',
      ChatServiceSid: t.sandbox.serviceSid,
      'MessagingBinding.Address': '+15550006001',
      'MessagingBinding.ProxyAddress': SUPPORT,
    });
    expect(receiver.events('onConversationAdd')[0].params.ConversationSid).toBeUndefined();
    expect(receiver.events('onConversationAdded')[0].params).toMatchObject({
      ConversationSid: first.conversationSid,
      'MessagingBinding.Address': '+15550006001',
      'MessagingBinding.ProxyAddress': SUPPORT,
    });
    expect(receiver.events('onParticipantAdded')[0].params).toMatchObject({ 'MessagingBinding.Type': 'SMS', 'MessagingBinding.Address': '+15550006001' });
    expect(receiver.events('onMessageAdded')[0].params).toMatchObject({ Author: '+15550006001', Body: 'Hello', MessageSid: first.messageSid });

    receiver.received.length = 0;
    const second = await t.sandbox.inbound({ from: '+15550006001', to: SUPPORT, body: 'Still there?' });
    expect(second).toMatchObject({ outcome: 'delivered', conversationSid: first.conversationSid });
    // Into an existing conversation, the message has its pre-event.
    await t.sandbox.idle();
    expect(receiver.received.map((r) => r.params.EventType)).toEqual(['onMessageAdd', 'onMessageAdded']);
    expect(
      conversationView(t.sandbox, first.conversationSid)
        .messages()
        .map((m) => m.body),
    ).toEqual(['Hello', 'Still there?']);
  });

  it('autocreates a new conversation once the bound one is closed', async () => {
    const first = await t.sandbox.inbound({ from: '+15550006002', to: SUPPORT, body: 'one' });
    if (first.outcome === 'dropped') throw new Error(first.reason);
    await t.client.conversations.v1.conversations(first.conversationSid).update({ state: 'closed' });
    const second = await t.sandbox.inbound({ from: '+15550006002', to: SUPPORT, body: 'two' });
    expect(second.outcome).toBe('created');
    expect(second.conversationSid).not.toBe(first.conversationSid);
  });

  it('also lands in an inactive conversation (and makes it active)', async () => {
    const first = await t.sandbox.inbound({ from: '+15550006003', to: SUPPORT, body: 'one' });
    if (first.outcome === 'dropped') throw new Error(first.reason);
    await t.client.conversations.v1.conversations(first.conversationSid).update({ state: 'inactive' });
    const second = await t.sandbox.inbound({ from: '+15550006003', to: SUPPORT, body: 'two' });
    expect(second).toMatchObject({ outcome: 'delivered', conversationSid: first.conversationSid });
    expect(t.sandbox.state.conversations.get(first.conversationSid)?.state).toBe('active');
  });

  it('autocreates (type studio) with a studio webhook, and records the execution for the first message', async () => {
    const result = await t.sandbox.inbound({ from: '+15550006004', to: STUDIO_LINE, body: 'menu' });
    if (result.outcome === 'dropped') throw new Error(result.reason);
    const webhooks = conversationView(t.sandbox, result.conversationSid).webhooks();
    expect(webhooks.map((w) => [w.target, w.flowSid])).toEqual([['studio', FLOW]]);
    const execution = conversationView(t.sandbox, result.conversationSid).executions()[0];
    expect(execution).toMatchObject({ flowSid: FLOW, status: 'active', contactChannelAddress: '+15550006004', messageSids: [result.messageSid] });
    expect(execution?.context.trigger.conversation).toMatchObject({ Body: 'menu', Source: 'SMS', From: '+15550006004' });
  });

  it('autocreates (type webhook) with a conversation-scoped webhook to AutoCreation.WebhookUrl', async () => {
    const result = await t.sandbox.inbound({ from: '+15550006005', to: HOOK_LINE, body: 'ping' });
    if (result.outcome === 'dropped') throw new Error(result.reason);
    await t.sandbox.idle();
    const scoped = receiver.received.filter((r) => r.path === '/scoped');
    expect(scoped.map((r) => [r.params.EventType, r.params.Body, r.params.ConversationSid])).toEqual([['onMessageAdded', 'ping', result.conversationSid]]);
  });

  it('handles WhatsApp (Source WHATSAPP, whatsapp binding)', async () => {
    const result = await t.sandbox.inbound({ from: 'whatsapp:+15550006006', to: WA_LINE, body: 'hola' });
    if (result.outcome === 'dropped') throw new Error(result.reason);
    await t.sandbox.idle();
    expect(receiver.events('onMessageAdded')[0].params.Source).toBe('WHATSAPP');
    const participant = conversationView(t.sandbox, result.conversationSid).participants()[0];
    expect(participant?.binding).toEqual({ type: 'whatsapp', address: 'whatsapp:+15550006006', proxyAddress: WA_LINE });
  });

  it('drops the first message, and creates nothing, when the onConversationAdd pre-event rejects the autocreation', async () => {
    const previous = receiver.answer;
    receiver.answer = (hook) => (hook.params.EventType === 'onConversationAdd' ? { status: 422 } : {});
    try {
      const conversations = t.sandbox.state.conversations.size;
      const result = await t.sandbox.inbound({ from: '+15550006007', to: SUPPORT, body: 'spam' });
      expect(result.outcome).toBe('dropped');
      expect(t.sandbox.state.droppedInbound.at(-1)?.reason).toMatch(/50000/);
      expect(t.sandbox.state.conversations.size).toBe(conversations);
    } finally {
      receiver.answer = previous;
    }
  });

  it('drops a message to an existing conversation when its onMessageAdd pre-event rejects it', async () => {
    const first = await t.sandbox.inbound({ from: '+15550006009', to: SUPPORT, body: 'first' });
    if (first.outcome === 'dropped') throw new Error(first.reason);
    const previous = receiver.answer;
    receiver.answer = (hook) => (hook.params.EventType === 'onMessageAdd' ? { status: 500 } : {});
    try {
      const result = await t.sandbox.inbound({ from: '+15550006009', to: SUPPORT, body: 'spam' });
      expect(result).toMatchObject({ outcome: 'dropped', conversationSid: first.conversationSid });
      expect(conversationView(t.sandbox, first.conversationSid).bodies()).toEqual(['first']);
    } finally {
      receiver.answer = previous;
    }
  });

  it('is reachable as POST /sandbox/inbound, chat as POST /sandbox/chat and edits as POST /sandbox/chat-edit', async () => {
    const response = await raw(t.sandbox, 'POST', '/sandbox/inbound', { From: '+15550006008', To: SUPPORT, Body: 'via route' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'created', conversationSid: expect.stringMatching(/^CH/) });
    const conversationSid = String(response.body?.conversationSid);
    await t.client.conversations.v1.conversations(conversationSid).participants.create({ identity: 'olga' });
    const chat = await raw(t.sandbox, 'POST', '/sandbox/chat', { ConversationSid: conversationSid, Identity: 'olga', Body: 'agent here' });
    expect(chat.body).toMatchObject({ outcome: 'delivered', messageSid: expect.stringMatching(/^IM/) });
    const stranger = await raw(t.sandbox, 'POST', '/sandbox/chat', { ConversationSid: conversationSid, Identity: 'stranger', Body: 'hi' });
    expect([stranger.status, stranger.body?.code]).toEqual([403, 50430]);
    const edit = await raw(t.sandbox, 'POST', '/sandbox/chat-edit', {
      ConversationSid: conversationSid,
      MessageSid: String(chat.body?.messageSid),
      Identity: 'olga',
      Body: 'agent here, edited',
    });
    expect(edit.body).toMatchObject({ outcome: 'edited', body: 'agent here, edited' });
    const state = await raw(t.sandbox, 'GET', '/sandbox/state');
    expect((state.body?.conversations as unknown[]).length).toBe(t.sandbox.state.conversations.size);
  });
});
