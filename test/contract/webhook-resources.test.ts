// Webhook configuration resources with the real twilio 6 client: conversation-scoped
// webhooks (flat 'configuration.*' keys), the global and per-service configuration, and
// Address Configurations.
import { restError, useSandbox } from './helpers';

const FLOW = 'FW0123456789abcdef0123456789abcdef';

describe('Conversation-scoped webhooks', () => {
  const t = useSandbox();

  it('creates a studio webhook from the FLAT configuration.flowSid key', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const w = await t.client.conversations.v1
      .conversations(c.sid)
      .webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW, 'configuration.replayAfter': 0 });
    expect(w.sid).toMatch(/^WH[0-9a-f]{32}$/);
    expect(w.target).toBe('studio');
    expect(w.configuration).toEqual({ flow_sid: FLOW, replay_after: 0 });
    expect(t.sandbox.state.webhooks.get(w.sid)?.flowSid).toBe(FLOW);
  });

  it('documents the pitfall: a NESTED configuration object is dropped by twilio-node, so the webhook has no flow', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    // twilio-node 4+ reads only flat option keys; `configuration` is not one, so nothing of it is sent.
    const nested = { target: 'studio', configuration: { flowSid: FLOW } };
    const w = await t.client.conversations.v1.conversations(c.sid).webhooks.create(nested as never);
    expect(w.configuration).toEqual({});
    expect(t.sandbox.state.webhooks.get(w.sid)?.flowSid).toBeNull();
  });

  it('creates webhook and trigger targets with Url, Method, Filters and Triggers; fetches, updates, lists, deletes', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const webhooks = t.client.conversations.v1.conversations(c.sid).webhooks;
    const hook = await webhooks.create({
      target: 'webhook',
      'configuration.url': 'https://example.com/hook',
      'configuration.method': 'post',
      'configuration.filters': ['onMessageAdded', 'onParticipantAdded'],
    });
    expect(hook.configuration).toEqual({ url: 'https://example.com/hook', method: 'post', filters: ['onMessageAdded', 'onParticipantAdded'] });
    const trigger = await webhooks.create({
      target: 'trigger',
      'configuration.url': 'https://example.com/trigger',
      'configuration.triggers': ['help', 'agent'],
    });
    expect((trigger.configuration as { triggers: string[] }).triggers).toEqual(['help', 'agent']);
    expect((await webhooks(hook.sid).fetch()).target).toBe('webhook');
    const updated = await webhooks(hook.sid).update({ 'configuration.filters': ['onMessageUpdated'] });
    expect((updated.configuration as { filters: string[] }).filters).toEqual(['onMessageUpdated']);
    expect((await webhooks.list()).map((w) => w.sid).sort()).toEqual([hook.sid, trigger.sid].sort());
    await webhooks(trigger.sid).remove();
    expect(t.sandbox.state.webhooks.has(trigger.sid)).toBe(false);
  });

  it('rejects a webhook target without Filters (50370), an unknown filter (50365), an unknown Target (400)', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const webhooks = t.client.conversations.v1.conversations(c.sid).webhooks;
    expect((await restError(webhooks.create({ target: 'webhook', 'configuration.url': 'https://example.com' }))).code).toBe(50370);
    expect(
      (await restError(webhooks.create({ target: 'webhook', 'configuration.url': 'https://example.com', 'configuration.filters': ['onNothing'] }))).code,
    ).toBe(50365);
    const badTarget = await restError(webhooks.create({ target: 'flex' as never }));
    expect([badTarget.status, badTarget.code]).toEqual([400, 20001]);
  });

  it('allows at most 5 webhooks per conversation', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const webhooks = t.client.conversations.v1.conversations(c.sid).webhooks;
    for (let i = 0; i < 5; i += 1) await webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW });
    const sixth = await restError(webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW }));
    expect(sixth.status).toBe(400);
    expect(await webhooks.list()).toHaveLength(5);
  });

  it('serves the service-scoped webhook paths', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({});
    const w = await service.conversations(c.sid).webhooks.create({ target: 'studio', 'configuration.flowSid': FLOW });
    expect((await service.conversations(c.sid).webhooks(w.sid).fetch()).sid).toBe(w.sid);
    expect(await service.conversations(c.sid).webhooks.list()).toHaveLength(1);
    await service.conversations(c.sid).webhooks(w.sid).update({ 'configuration.flowSid': 'FW11111111111111111111111111111111' });
    await service.conversations(c.sid).webhooks(w.sid).remove();
  });
});

describe('Webhook configuration', () => {
  const t = useSandbox();

  it('reads and writes the global configuration (/v1/Configuration/Webhooks)', async () => {
    const updated = await t.client.conversations.v1.configuration.webhooks().update({
      preWebhookUrl: 'https://example.com/pre',
      postWebhookUrl: 'https://example.com/post',
      filters: ['onMessageAdd', 'onMessageAdded'],
      method: 'POST',
    });
    expect([updated.preWebhookUrl, updated.postWebhookUrl, updated.filters, updated.method]).toEqual([
      'https://example.com/pre',
      'https://example.com/post',
      ['onMessageAdd', 'onMessageAdded'],
      'POST',
    ]);
    expect((await t.client.conversations.v1.configuration.webhooks().fetch()).target).toBe('webhook');
    expect(t.sandbox.state.globalWebhooks.postWebhookUrl).toBe('https://example.com/post');
  });

  it('reads and writes the service configuration (/v1/Services/{IS}/Configuration/Webhooks)', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const updated = await service.configuration
      .webhooks()
      .update({ postWebhookUrl: 'https://example.com/svc-post', filters: ['onMessageAdded'], method: 'GET' });
    expect([updated.postWebhookUrl, updated.method, updated.chatServiceSid]).toEqual(['https://example.com/svc-post', 'GET', t.sandbox.serviceSid]);
    expect((await service.configuration.webhooks().fetch()).filters).toEqual(['onMessageAdded']);
  });

  it('reads and writes the account configuration (/v1/Configuration)', async () => {
    const configuration = await t.client.conversations.v1.configuration().fetch();
    expect(configuration.defaultChatServiceSid).toBe(t.sandbox.serviceSid);
    const updated = await t.client.conversations.v1.configuration().update({ defaultClosedTimer: 'PT1H' });
    expect(updated.defaultClosedTimer).toBe('PT1H');
  });
});

describe('Address Configurations', () => {
  const t = useSandbox();

  it('creates (with AutoCreation.*), fetches, updates, lists and deletes', async () => {
    const addresses = t.client.conversations.v1.addressConfigurations;
    const a = await addresses.create({
      type: 'sms',
      address: '+15559990030',
      friendlyName: 'Support line',
      'autoCreation.enabled': true,
      'autoCreation.type': 'webhook',
      'autoCreation.webhookUrl': 'https://example.com/auto',
      'autoCreation.webhookMethod': 'post', // the spec's enum is lowercase
      'autoCreation.webhookFilters': ['onMessageAdded'],
    });
    expect(a.sid).toMatch(/^IG[0-9a-f]{32}$/);
    expect(a.autoCreation).toEqual({
      enabled: true,
      type: 'webhook',
      conversation_service_sid: null,
      webhook_url: 'https://example.com/auto',
      webhook_method: 'POST',
      webhook_filters: ['onMessageAdded'],
    });
    expect((await addresses(a.sid).fetch()).address).toBe('+15559990030');
    const studio = await addresses(a.sid).update({ 'autoCreation.type': 'studio', 'autoCreation.studioFlowSid': FLOW });
    expect(studio.autoCreation).toMatchObject({ type: 'studio', studio_flow_sid: FLOW });
    const wa = await addresses.create({ type: 'whatsapp', address: 'whatsapp:+15559990031', 'autoCreation.enabled': true, 'autoCreation.type': 'default' });
    expect((await addresses.list({ type: 'whatsapp' })).map((x) => x.sid)).toEqual([wa.sid]);
    expect(await addresses.list()).toHaveLength(2);
    await addresses(wa.sid).remove();
    expect(t.sandbox.state.addressConfigurations.has(wa.sid)).toBe(false);
  });
});
