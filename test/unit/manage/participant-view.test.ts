// A participant as our answers show it: channel, who, role, attributes within bounds.
import { participantView, roleOf, whoIs } from '../../../assets/lib/manage/participant-view';

const sms = { identity: null, messagingBinding: { type: 'sms', address: '+14155550123', proxy_address: '+14155550100' } };

describe('whoIs', () => {
  it('tells the channel and the address or identity', () => {
    expect(whoIs(sms)).toEqual({ channel: 'sms', identity: null, address: '+14155550123', proxyAddress: '+14155550100' });
    expect(whoIs({ identity: 'alice', messagingBinding: null })).toEqual({ channel: 'chat', identity: 'alice', address: null, proxyAddress: null });
    expect(whoIs({ messagingBinding: { type: 'whatsapp', address: 'whatsapp:+14155550123', proxy_address: 'whatsapp:+14155238886' } }).channel).toBe(
      'whatsapp',
    );
    expect(whoIs({ messagingBinding: { address: 'messenger:123', proxy_address: 'messenger:456' } }).channel).toBe('other');
    expect(whoIs({ messagingBinding: { type: 'sms', projected_address: '+14155550100' } })).toEqual({
      channel: 'sms',
      identity: null,
      address: null,
      proxyAddress: '+14155550100',
    });
  });
});

describe('roleOf', () => {
  it('takes AGENT_IDENTITIES first, then the role attribute, then the channel', () => {
    expect(roleOf({ identity: 'zoe' }, { role: 'customer' }, ['zoe'])).toBe('agent');
    expect(roleOf({ identity: 'zoe' }, { role: 'agent' }, [])).toBe('agent');
    expect(roleOf({ identity: 'helper' }, { role: 'bot' }, [])).toBe('bot');
    expect(roleOf(sms, {}, [])).toBe('customer');
    expect(roleOf({ identity: 'guest-42' }, {}, [])).toBe('customer');
    expect(roleOf({ identity: 'pat' }, { guest: true }, [])).toBe('customer');
  });

  it('calls another chat participant a customer only when AGENT_IDENTITIES gives a list to go by', () => {
    expect(roleOf({ identity: 'pat' }, {}, ['zoe'])).toBe('customer');
    expect(roleOf({ identity: 'pat' }, {}, [])).toBeNull();
    expect(roleOf({ identity: 'pat' }, { role: 'admin' }, [])).toBeNull();
    expect(roleOf({}, {}, ['zoe'])).toBeNull();
  });
});

describe('participantView', () => {
  it('reads attributes within bounds, and shows unsafe ones as raw text with a flag', () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    expect(participantView({ sid: 'MB1', ...sms, attributes: '{"role":"customer"}', lastReadMessageIndex: 3, dateCreated: new Date(0) }, [])).toEqual({
      sid: 'MB1',
      channel: 'sms',
      identity: null,
      address: '+14155550123',
      proxyAddress: '+14155550100',
      role: 'customer',
      attributes: { role: 'customer' },
      lastReadMessageIndex: 3,
      dateCreated: '1970-01-01T00:00:00.000Z',
    });
    expect(participantView({ sid: 'MB2', identity: 'pat', attributes: deep, dateCreated: 'not a date' }, [])).toMatchObject({
      attributes: deep,
      attributesRaw: true,
      role: null,
      lastReadMessageIndex: null,
      dateCreated: null,
    });
  });
});
