import { readConfig } from '../../../assets/lib/platform/config';
import { readOnboardRequest, unflattenForm } from '../../../assets/lib/onboard/input';

const config = readConfig({ SMS_PROXY_NUMBER: '+14155550100', WHATSAPP_SENDER: '+14155238886', DEFAULT_COUNTRY: 'US' });
const read = (params: Record<string, unknown>) => readOnboardRequest(params, config);
const refusal = (params: Record<string, unknown>) => {
  try {
    read(params);
  } catch (error) {
    return error as { status: number; code: string; message: string; details?: unknown };
  }
  throw new Error('expected a 400');
};

describe('readOnboardRequest', () => {
  it('normalises numbers, adds whatsapp: prefixes and default proxies', () => {
    const request = read({
      participants: [
        { channel: 'SMS', address: '(415) 555-0123' },
        { channel: 'whatsapp', address: '+44 7911 123456' },
        { channel: 'chat', identity: 'agent-7', friendlyName: 'Agent Seven' },
        { channel: 'messenger', address: 'messenger:123456', proxyAddress: 'messenger:987654' },
      ],
    });
    expect(request.onConflict).toBe('reuse');
    expect(request.participants).toEqual([
      { channel: 'sms', address: '+14155550123', proxyAddress: '+14155550100', attributes: {} },
      { channel: 'whatsapp', address: 'whatsapp:+447911123456', proxyAddress: 'whatsapp:+14155238886', attributes: {} },
      { channel: 'chat', identity: 'agent-7', attributes: {}, friendlyName: 'Agent Seven' },
      { channel: 'messenger', address: 'messenger:123456', proxyAddress: 'messenger:987654', attributes: {} },
    ]);
  });

  it('collapses the same person given twice in one request', () => {
    const request = read({
      participants: [
        { channel: 'sms', address: '+14155550123' },
        { channel: 'sms', address: '415-555-0123' },
        { channel: 'chat', identity: 'a' },
        { channel: 'chat', identity: 'a' },
      ],
    });
    expect(request.participants).toHaveLength(2);
  });

  it('accepts attributes as an object or a JSON string, and a form body with a JSON participants list', () => {
    const request = read({ attributes: '{"order":"42"}', participants: JSON.stringify([{ channel: 'chat', identity: 'a', attributes: '{"vip":true}' }]) });
    expect(request.attributes).toEqual({ order: '42' });
    expect(request.participants[0]!.attributes).toEqual({ vip: true });
  });

  it.each([
    ['no participants', {}, 'participants'],
    ['an empty list', { participants: [] }, 'participants'],
    ['an unknown onConflict', { onConflict: 'merge', participants: [{ channel: 'chat', identity: 'a' }] }, 'onConflict'],
    ['a bad conversation SID', { conversationSid: 'CH123', participants: [{ channel: 'chat', identity: 'a' }] }, 'conversationSid'],
    ['attributes that are not an object', { attributes: '[1,2]', participants: [{ channel: 'chat', identity: 'a' }] }, 'attributes'],
    ['a non-string channel', { participants: [{ channel: 7 }] }, 'participants.0.channel'],
  ])('answers 400 invalid_request for %s, naming the field', (_what, params, field) => {
    const error = refusal(params);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(JSON.stringify(error.details)).toContain(`"field":"${field}`);
  });

  it.each([
    ['555-CALL-ME', 'invalid_address'],
    ['+1', 'invalid_address'],
  ])('refuses the number %j', (address, code) => {
    const error = refusal({ participants: [{ channel: 'sms', address }] });
    expect([error.status, error.code]).toEqual([400, code]);
    expect(error.message).toContain('participants.0');
  });

  it('refuses an empty address, an identity on an SMS participant, an address equal to its proxy, and a bad identity', () => {
    expect(refusal({ participants: [{ channel: 'sms', address: '' }] }).code).toBe('invalid_request');
    expect(refusal({ participants: [{ channel: 'sms', identity: 'x', address: '+14155550123' }] }).code).toBe('invalid_participant');
    expect(refusal({ participants: [{ channel: 'sms', address: '+14155550100' }] }).message).toMatch(/must differ/);
    expect(refusal({ participants: [{ channel: 'chat', identity: 'a/b' }] }).code).toBe('invalid_identity');
    expect(refusal({ participants: [{ channel: 'chat' }] }).code).toBe('invalid_identity');
  });

  it('needs a proxy for other channels and when no default is configured', () => {
    expect(refusal({ participants: [{ channel: 'messenger', address: 'messenger:1' }] }).message).toMatch(/proxyAddress is required/);
    const bare = readConfig({});
    expect(() => readOnboardRequest({ participants: [{ channel: 'sms', address: '+14155550123' }] }, bare)).toThrow(/SMS_PROXY_NUMBER/);
  });

  it('checks the Conversations limits before calling Twilio', () => {
    const sms = Array.from({ length: 51 }, (_, index) => ({ channel: 'sms', address: `+1415555${String(1000 + index).padStart(4, '0')}` }));
    expect(refusal({ participants: sms }).code).toBe('too_many_participants');
    const chat = Array.from({ length: 1001 }, (_, index) => ({ channel: 'chat', identity: `u${index}` }));
    expect(refusal({ participants: chat }).code).toBe('invalid_request');
  });

  it('refuses conversationSid together with uniqueName', () => {
    expect(refusal({ conversationSid: 'CH' + 'a'.repeat(32), uniqueName: 'x', participants: [{ channel: 'chat', identity: 'a' }] }).message).toMatch(
      /not both/,
    );
  });
});

describe('unflattenForm', () => {
  it('builds participants from bracket keys in index order', () => {
    expect(
      unflattenForm({
        'participants[1][channel]': 'chat',
        'participants[1][identity]': 'b',
        'participants[0][channel]': 'sms',
        'participants[0][address]': '+1',
        uniqueName: 'u',
      }),
    ).toEqual({
      uniqueName: 'u',
      participants: [
        { channel: 'sms', address: '+1' },
        { channel: 'chat', identity: 'b' },
      ],
    });
  });

  it('refuses broken JSON and mixed forms', () => {
    expect(() => unflattenForm({ participants: '[{' })).toThrow(/JSON list/);
    expect(() => unflattenForm({ participants: '[]', 'participants[0][channel]': 'sms' })).toThrow(/not both/);
  });
});
