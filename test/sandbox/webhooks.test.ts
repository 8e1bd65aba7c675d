// Webhooks like Twilio's: signed (checked with twilio-node's validateRequest), form-encoded,
// documented fields, filters and method, X-Twilio-Webhook-Enabled, pre-event
// modify/reject/timeout, conversation-scoped targets, duplicates.
import { startWebhookReceiver, type WebhookReceiver, type WebhookReply } from '../../sandbox/testing/webhook-receiver';
import { clientFor, restError, useSandbox } from '../contract/helpers';
import { startSandbox } from '../../sandbox/index';
import { EVERY_EVENT } from '../../sandbox/testing/webhook-fixtures';

const ON = { xTwilioWebhookEnabled: 'true' as const };

describe('Conversations webhooks', () => {
  const t = useSandbox({ webhookTimeoutMs: 300 });
  let receiver: WebhookReceiver;
  let reply: (hook: { params: Record<string, string> }) => WebhookReply;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(t.sandbox.authToken, (hook) => reply(hook));
  });
  beforeEach(() => {
    reply = () => ({});
    receiver.received.length = 0;
    t.sandbox.setWebhooks({ preUrl: `${receiver.url}/pre`, postUrl: `${receiver.url}/post?site=test`, filters: EVERY_EVENT, method: 'POST' });
    t.sandbox.setWebhooks({ scope: 'global', preUrl: '', postUrl: '' });
  });
  afterAll(() => receiver.close());

  it('fires nothing for REST actions without X-Twilio-Webhook-Enabled: true', async () => {
    const c = await t.client.conversations.v1.conversations.create({ friendlyName: 'quiet' });
    await t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'no hooks' });
    await t.sandbox.idle();
    expect(receiver.received).toEqual([]);
  });

  it('sends signed, form-encoded pre- and post-events with the documented fields', async () => {
    const c = await t.client.conversations.v1.conversations.create({ friendlyName: 'loud', ...ON });
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent', body: 'Hi', attributes: '{"a":1}', ...ON });
    await t.sandbox.idle();
    expect(receiver.received.map((r) => r.params.EventType)).toEqual(['onConversationAdd', 'onConversationAdded', 'onMessageAdd', 'onMessageAdded']);
    for (const hook of receiver.received) {
      expect(hook.signatureValid).toBe(true);
      expect(hook.method).toBe('POST');
      expect(hook.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    }
    const added = receiver.events('onMessageAdded')[0];
    expect(added.url).toBe(`${receiver.url}/post?site=test`);
    expect(added.params).toEqual({
      AccountSid: t.sandbox.accountSid,
      EventType: 'onMessageAdded',
      Source: 'API',
      RetryCount: '0',
      ConversationSid: c.sid,
      ChatServiceSid: t.sandbox.serviceSid,
      MessageSid: m.sid,
      MessagingServiceSid: t.sandbox.messagingServiceSid,
      Index: '0',
      DateCreated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      Body: 'Hi',
      Author: 'agent',
      Attributes: '{"a":1}',
    });
    expect(receiver.events('onConversationAdded')[0].params).toMatchObject({
      ConversationSid: c.sid,
      FriendlyName: 'loud',
      ChatServiceSid: t.sandbox.serviceSid,
      State: 'active',
    });
    const records = t.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onMessageAdded');
    expect(records[records.length - 1]).toMatchObject({ kind: 'post', scope: 'service', status: 200, outcome: 'delivered', params: { MessageSid: m.sid } });
  });

  it('sends nothing when the Filters list is empty, as Twilio does', async () => {
    t.sandbox.setWebhooks({ filters: [] });
    const c = await t.client.conversations.v1.conversations.create(ON);
    await t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'unheard', ...ON });
    await t.sandbox.idle();
    expect(receiver.received).toEqual([]);
  });

  it('honours Filters and Method GET (params in the query, signature over the full URL)', async () => {
    t.sandbox.setWebhooks({ filters: ['onParticipantAdded'], method: 'GET' });
    const c = await t.client.conversations.v1.conversations.create(ON);
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'lena', ...ON });
    await t.sandbox.idle();
    expect(receiver.received.map((r) => r.params.EventType)).toEqual(['onParticipantAdded']);
    const [hook] = receiver.received;
    expect(hook.method).toBe('GET');
    expect(hook.signatureValid).toBe(true);
    expect(hook.params).toMatchObject({
      Identity: 'lena',
      ConversationSid: c.sid,
      'MessagingBinding.Type': 'CHAT',
      ParticipantSid: expect.stringMatching(/^MB/),
    });
  });

  it('uses the global configuration when the service has none, and the service one over the global one', async () => {
    t.sandbox.setWebhooks({ preUrl: '', postUrl: '' });
    t.sandbox.setWebhooks({ scope: 'global', postUrl: `${receiver.url}/global`, filters: ['onConversationAdded'] });
    await t.client.conversations.v1.conversations.create(ON);
    await t.sandbox.idle();
    expect(receiver.received.map((r) => r.path)).toEqual(['/global']);
    t.sandbox.setWebhooks({ postUrl: `${receiver.url}/service`, filters: ['onConversationAdded'] });
    await t.client.conversations.v1.conversations.create(ON);
    await t.sandbox.idle();
    expect(receiver.received.map((r) => r.path)).toEqual(['/global', '/service']);
  });

  it('publishes the changes a pre-event answers with (200 JSON)', async () => {
    reply = (hook) => {
      if (hook.params.EventType === 'onMessageAdd') return { body: JSON.stringify({ body: 'card ****', attributes: '{"redacted":true}' }) };
      if (hook.params.EventType === 'onConversationAdd') return { body: JSON.stringify({ friendly_name: 'Renamed' }) };
      return { body: '{}' };
    };
    const c = await t.client.conversations.v1.conversations.create({ friendlyName: 'Original', ...ON });
    expect(c.friendlyName).toBe('Renamed');
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'card 4111 1111 1111 1111', ...ON });
    expect([m.body, m.attributes]).toEqual(['card ****', '{"redacted":true}']);
    expect(t.sandbox.state.messages.get(m.sid)?.body).toBe('card ****');
    await t.sandbox.idle();
    expect(receiver.events('onMessageAdded')[0].params.Body).toBe('card ****');
    expect(t.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onMessageAdd').pop()?.outcome).toBe('modified');
  });

  it('rejects the action when a pre-event answers 4xx/5xx: the REST caller gets an error, nothing is stored', async () => {
    reply = (hook) => (hook.params.EventType === 'onMessageAdd' ? { status: 403 } : {});
    const c = await t.client.conversations.v1.conversations.create(ON);
    const before = t.sandbox.state.messages.size;
    const error = await restError(t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'blocked', ...ON }));
    expect([error.status, error.code]).toEqual([400, 50000]);
    expect(t.sandbox.state.messages.size).toBe(before);
    await t.sandbox.idle();
    expect(receiver.events('onMessageAdded')).toEqual([]);
  });

  it('publishes unchanged when the pre-event does not answer in time', async () => {
    reply = (hook) => (hook.params.EventType === 'onMessageAdd' ? { delayMs: 1_000, body: '{"body":"too late"}' } : {});
    const c = await t.client.conversations.v1.conversations.create(ON);
    const started = Date.now();
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'on time', ...ON });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(m.body).toBe('on time');
    expect(t.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onMessageAdd').pop()?.outcome).toBe('timeout');
  });

  it('sends SDK actions with Source SDK and ClientIdentity, always (no header involved)', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'mia' });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'mia', body: 'from the app' });
    await t.sandbox.idle();
    expect(receiver.events('onMessageAdded')[0].params).toMatchObject({ Source: 'SDK', ClientIdentity: 'mia', Author: 'mia', Body: 'from the app' });
  });

  it('sends an SDK edit through onMessageUpdate (Source SDK), publishes its changes, and refuses editing another author', async () => {
    reply = (hook) => (hook.params.EventType === 'onMessageUpdate' ? { body: JSON.stringify({ body: 'edited, redacted' }) } : {});
    const c = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'ola' });
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'pia' });
    const m = await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'ola', body: 'first' });
    await t.sandbox.editChatMessage({ conversationSid: c.sid, messageSid: m.sid, identity: 'ola', body: 'edited 4111 1111 1111 1111' });
    await t.sandbox.idle();
    expect(receiver.events('onMessageUpdate')[0].params).toMatchObject({
      Source: 'SDK',
      ClientIdentity: 'ola',
      MessageSid: m.sid,
      Body: 'edited 4111 1111 1111 1111',
    });
    expect(t.sandbox.state.messages.get(m.sid)?.body).toBe('edited, redacted');
    await expect(t.sandbox.editChatMessage({ conversationSid: c.sid, messageSid: m.sid, identity: 'pia', body: 'not mine' })).rejects.toMatchObject({
      status: 403,
      code: 50107,
    });
    expect(t.sandbox.state.messages.get(m.sid)?.body).toBe('edited, redacted');
  });

  it('sends post-events to conversation-scoped webhook and trigger targets', async () => {
    t.sandbox.setWebhooks({ preUrl: '', postUrl: '' });
    const c = await t.client.conversations.v1.conversations.create({});
    await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'nora' });
    await t.client.conversations.v1
      .conversations(c.sid)
      .webhooks.create({ target: 'webhook', 'configuration.url': `${receiver.url}/scoped`, 'configuration.filters': ['onMessageAdded'] });
    await t.client.conversations.v1
      .conversations(c.sid)
      .webhooks.create({ target: 'trigger', 'configuration.url': `${receiver.url}/trigger`, 'configuration.triggers': ['agent'] });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'nora', body: 'hello' });
    await t.sandbox.chatMessage({ conversationSid: c.sid, identity: 'nora', body: 'I want an AGENT please' });
    await t.sandbox.idle();
    expect(receiver.received.map((r) => [r.path, r.params.Body])).toEqual([
      ['/scoped', 'hello'],
      ['/scoped', 'I want an AGENT please'],
      ['/trigger', 'I want an AGENT please'],
    ]);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it('reports state changes by timer with onConversationStateUpdated', async () => {
    const c = await t.client.conversations.v1.conversations.create({ 'timers.inactive': 'PT1M' });
    t.sandbox.advanceClock(2 * 60_000);
    await t.sandbox.idle();
    expect(receiver.events('onConversationStateUpdated').map((r) => r.params)).toEqual([
      expect.objectContaining({ ConversationSid: c.sid, StateFrom: 'active', StateTo: 'inactive', Reason: 'TIMER' }),
    ]);
  });
});

describe('duplicateWebhooks', () => {
  it('delivers every post-event twice (pre-events once), so handlers can be tested for idempotency', async () => {
    const sandbox = await startSandbox({ quiet: true, duplicateWebhooks: true });
    const receiver = await startWebhookReceiver(sandbox.authToken);
    try {
      sandbox.setWebhooks({ preUrl: `${receiver.url}/pre`, postUrl: `${receiver.url}/post`, filters: EVERY_EVENT });
      const client = clientFor(sandbox);
      await client.conversations.v1.conversations.create(ON);
      await sandbox.idle();
      expect(receiver.received.map((r) => r.params.EventType)).toEqual(['onConversationAdd', 'onConversationAdded', 'onConversationAdded']);
      expect(receiver.received[1].params).toEqual(receiver.received[2].params);
      expect(sandbox.state.webhookDeliveries.map((d) => d.copy)).toEqual([1, 1, 2]);
      sandbox.assertNoViolations();
    } finally {
      await receiver.close();
      await sandbox.close();
    }
  });
});
