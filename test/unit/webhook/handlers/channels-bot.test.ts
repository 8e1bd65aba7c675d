// The channels summary, autocreation detection and the one-studio-webhook rule.
import { extraStudioWebhooks, isAutocreatedByMessaging } from '../../../../assets/lib/webhook/handlers/bot';
import { channelOfParticipant } from '../../../../assets/lib/conversations/channels';
import { channelSummary } from '../../../../assets/lib/webhook/handlers/channels';
import { isFailedDelivery } from '../../../../assets/lib/webhook/handlers/deliveries';

const binding = (address: string) => ({ identity: null, messagingBinding: { type: 'sms', address, proxy_address: '+15005550006' } });

describe('channelSummary', () => {
  it('counts participants per channel, channels in alphabetical order', () => {
    const summary = channelSummary([
      binding('whatsapp:+14155550123'),
      { identity: 'ann', messagingBinding: null },
      binding('+14155550123'),
      { identity: 'bob', messagingBinding: null },
    ]);
    expect(summary).toEqual({ chat: 2, sms: 1, whatsapp: 1 });
    expect(Object.keys(summary)).toEqual(['chat', 'sms', 'whatsapp']);
  });

  it('is empty for no participants', () => {
    expect(channelSummary([])).toEqual({});
  });

  it('names other channels by their address prefix, group MMS as sms', () => {
    expect(channelOfParticipant(binding('messenger:123456'))).toBe('messenger');
    expect(channelOfParticipant({ identity: null, messagingBinding: { type: 'sms', projected_address: '+15005550006' } })).toBe('sms');
    expect(channelOfParticipant({ identity: 'ann', messagingBinding: null })).toBe('chat');
  });
});

describe('isAutocreatedByMessaging', () => {
  it('is true for inbound SMS and WhatsApp', () => {
    expect(isAutocreatedByMessaging({ source: 'SMS', messagingBinding: {} })).toBe(true);
    expect(isAutocreatedByMessaging({ source: 'WHATSAPP', messagingBinding: {} })).toBe(true);
    expect(isAutocreatedByMessaging({ source: undefined, messagingBinding: { address: 'whatsapp:+14155550123' } })).toBe(true);
  });

  it('is false for conversations made by our API or an SDK, or by other channels', () => {
    expect(isAutocreatedByMessaging({ source: 'API', messagingBinding: { address: '+14155550123' } })).toBe(false);
    expect(isAutocreatedByMessaging({ source: 'SDK', messagingBinding: {} })).toBe(false);
    expect(isAutocreatedByMessaging({ source: 'MESSENGER', messagingBinding: { address: 'messenger:1' } })).toBe(false);
  });
});

describe('extraStudioWebhooks', () => {
  const at = (ms: number) => new Date(1_700_000_000_000 + ms);

  it('keeps the oldest studio webhook and lists the others (other targets untouched)', () => {
    const hooks = [
      { sid: 'WH3', target: 'studio', dateCreated: at(20) },
      { sid: 'WH1', target: 'webhook', dateCreated: at(0) },
      { sid: 'WH2', target: 'studio', dateCreated: at(10) },
    ];
    expect(extraStudioWebhooks(hooks).map((h) => h.sid)).toEqual(['WH3']);
  });

  it('breaks ties by SID so that every invocation keeps the same one', () => {
    const hooks = [
      { sid: 'WHb', target: 'studio', dateCreated: at(0) },
      { sid: 'WHa', target: 'studio', dateCreated: at(0) },
    ];
    expect(extraStudioWebhooks(hooks).map((h) => h.sid)).toEqual(['WHb']);
  });
});

describe('isFailedDelivery', () => {
  it.each([
    ['failed', true],
    ['undelivered', true],
    ['delivered', false],
    ['sent', false],
    ['read', false],
  ])('%s -> %s', (status, failed) => {
    expect(isFailedDelivery(status)).toBe(failed);
  });
});
