// The plan: wanted state from settings and the handler table, and the diff against Twilio.
import { HANDLED_WEBHOOK_EVENTS } from '../../../../assets/lib/webhook/handlers';
import { planAddress, planChanges, planWebhooks, type AutoCreation, type ExistingAddress, type WantedState } from '../../../../scripts/configure/plan';
import { wantedState } from '../../../../scripts/configure/wanted';

const SERVICE = 'IS' + 'c'.repeat(32);
const FLOW = 'FW' + 'f'.repeat(32);
const BASE = 'https://demo-1234-dev.twil.io';
const HOOK = `${BASE}/conversations/webhook`;
const SMS = '+14155550100';
const WHATSAPP = 'whatsapp:+14155238886';

const wanted = (extra: { studioFlowSid?: string; global?: boolean } = {}): WantedState =>
  wantedState(
    { serviceSid: SERVICE, smsNumber: SMS, whatsappSender: WHATSAPP, studioFlowSid: extra.studioFlowSid, scope: extra.global ? 'global' : 'service' },
    BASE,
  );

const existing = (sid: string, type: string, address: string, autoCreation: Partial<AutoCreation>): ExistingAddress => ({
  sid,
  type,
  address,
  autoCreation: {
    enabled: true,
    type: 'default',
    conversationServiceSid: SERVICE,
    webhookUrl: null,
    webhookMethod: null,
    webhookFilters: [],
    studioFlowSid: null,
    ...autoCreation,
  },
});

describe('wantedState', () => {
  it('points pre and post webhooks at /conversations/webhook with exactly the handled events', () => {
    const state = wanted();
    expect(state.webhooks).toEqual({ preWebhookUrl: HOOK, postWebhookUrl: HOOK, method: 'POST', filters: [...HANDLED_WEBHOOK_EVENTS] });
  });

  it('gives each configured sender a default autocreation into the service: the service webhooks already reach the function', () => {
    const [sms, whatsapp] = wanted().addresses;
    expect(sms).toMatchObject({ type: 'sms', address: SMS });
    expect(whatsapp).toMatchObject({ type: 'whatsapp', address: WHATSAPP });
    expect(sms!.autoCreation).toEqual({
      enabled: true,
      type: 'default',
      conversationServiceSid: SERVICE,
      webhookUrl: null,
      webhookMethod: null,
      webhookFilters: [],
      studioFlowSid: null,
    });
  });

  it('uses the Studio flow for autocreation when STUDIO_FLOW_SID is set', () => {
    expect(wanted({ studioFlowSid: FLOW }).addresses[0]!.autoCreation).toMatchObject({ type: 'studio', studioFlowSid: FLOW, conversationServiceSid: SERVICE });
  });

  it('manages no address without a sender', () => {
    expect(wantedState({ serviceSid: SERVICE, scope: 'service' }, BASE).addresses).toEqual([]);
  });

  it('derives filters from the table it is given (a new handler means a new filter)', () => {
    const state = wantedState({ serviceSid: SERVICE, smsNumber: SMS, scope: 'service' }, BASE, ['onMessageAdd', 'onConversationStateUpdated']);
    expect(state.webhooks.filters).toEqual(['onMessageAdd', 'onConversationStateUpdated']);
  });
});

describe('planWebhooks', () => {
  it('is up to date when only the method case and the filter order differ', () => {
    const state = wanted();
    const item = planWebhooks({ preWebhookUrl: HOOK, postWebhookUrl: HOOK, method: 'post', filters: [...state.webhooks.filters].reverse() }, state);
    expect(item).toMatchObject({ action: 'up to date', differences: [] });
  });

  it('lists each differing field with current and wanted values', () => {
    const item = planWebhooks({ preWebhookUrl: null, postWebhookUrl: 'https://old.example/hook', method: 'GET', filters: ['onMessageAdded'] }, wanted());
    expect(item.action).toBe('update');
    expect(item.differences.map((d) => d.field)).toEqual(['PreWebhookUrl', 'PostWebhookUrl', 'Method', 'Filters']);
    expect(item.differences[0]).toEqual({ field: 'PreWebhookUrl', current: '(none)', wanted: HOOK });
    expect(item.differences[1]).toEqual({ field: 'PostWebhookUrl', current: 'https://old.example/hook', wanted: HOOK });
  });

  it('labels the account-wide configuration', () => {
    expect(planWebhooks({ preWebhookUrl: null, postWebhookUrl: null, method: null, filters: [] }, wanted({ global: true })).label).toBe('global webhooks');
  });
});

describe('planAddress', () => {
  const [sms, whatsapp] = wanted().addresses;

  it('creates a configuration for an address Twilio does not have', () => {
    const item = planAddress([existing('IG1', 'whatsapp', SMS, {})], sms!);
    expect(item).toMatchObject({ action: 'create', sid: null });
    expect(item.differences.find((d) => d.field === 'AutoCreation.Enabled')).toEqual({ field: 'AutoCreation.Enabled', current: '(none)', wanted: 'true' });
  });

  it('updates the existing configuration of the same address and type', () => {
    const item = planAddress([existing('IG1', 'sms', SMS, { type: 'webhook', webhookUrl: 'https://old.example/conversations/webhook', enabled: false })], sms!);
    expect(item).toMatchObject({ action: 'update', sid: 'IG1' });
    expect(item.differences).toEqual([
      { field: 'AutoCreation.Enabled', current: 'false', wanted: 'true' },
      { field: 'AutoCreation.Type', current: 'webhook', wanted: 'default' },
    ]);
  });

  it('matches a WhatsApp sender configured with or without the whatsapp: prefix', () => {
    expect(planAddress([existing('IG2', 'whatsapp', '+14155238886', {})], whatsapp!)).toMatchObject({ action: 'up to date', sid: 'IG2' });
  });

  it('ignores the fields of the other autocreation kind (a studio config keeps its old webhook URL)', () => {
    const studio = wanted({ studioFlowSid: FLOW }).addresses[0]!;
    const item = planAddress([existing('IG1', 'sms', SMS, { type: 'studio', studioFlowSid: FLOW, webhookUrl: 'https://stale.example' })], studio);
    expect(item.action).toBe('up to date');
  });

  it('switches a default configuration to studio in place', () => {
    const item = planAddress([existing('IG1', 'sms', SMS, {})], wanted({ studioFlowSid: FLOW }).addresses[0]!);
    expect(item).toMatchObject({ action: 'update', sid: 'IG1' });
    expect(item.differences).toEqual([
      { field: 'AutoCreation.Type', current: 'default', wanted: 'studio' },
      { field: 'AutoCreation.StudioFlowSid', current: '(none)', wanted: FLOW },
    ]);
  });

  it('updates the first of several configurations for one address and names the others', () => {
    const item = planAddress([existing('IG1', 'sms', SMS, { enabled: false }), existing('IG9', 'sms', SMS, {})], sms!);
    expect(item).toMatchObject({ action: 'update', sid: 'IG1', otherMatches: ['IG9'] });
  });
});

describe('planChanges', () => {
  it('puts the webhooks first, then one item per sender', () => {
    const items = planChanges({ webhooks: { preWebhookUrl: null, postWebhookUrl: null, method: 'POST', filters: [] }, addresses: [] }, wanted());
    expect(items.map((i) => `${i.label}: ${i.action}`)).toEqual([
      `service webhooks ${SERVICE}: update`,
      `address sms ${SMS}: create`,
      `address whatsapp ${WHATSAPP}: create`,
    ]);
  });
});
