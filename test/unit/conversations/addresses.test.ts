import { channelOfAddress, describeAddress, toE164, toWhatsAppAddress } from '../../../assets/lib/conversations/addresses';

describe('toE164', () => {
  it.each([
    ['(415) 555-0123', 'US', '+14155550123'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['  +1 415.555.0123 ', 'US', '+14155550123'],
  ])('normalises %s (%s) to %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([['555-CALL-ME'], ['+1'], [''], ['   '], ['12'], ['+999 123'], ['1'.repeat(40)]])('answers 400 invalid_address for %j', (raw) => {
    expect(() => toE164(raw, 'US')).toThrow(expect.objectContaining({ status: 400, code: 'invalid_address' }));
  });
});

describe('toWhatsAppAddress', () => {
  it('adds the whatsapp: prefix once', () => {
    expect(toWhatsAppAddress('+14155550123', 'US')).toBe('whatsapp:+14155550123');
    expect(toWhatsAppAddress('whatsapp:+14155550123', 'US')).toBe('whatsapp:+14155550123');
    expect(toWhatsAppAddress('4155550123', 'US')).toBe('whatsapp:+14155550123');
  });
});

describe('channelOfAddress', () => {
  it('detects the channel from the address form', () => {
    expect(channelOfAddress('whatsapp:+14155550123')).toBe('whatsapp');
    expect(channelOfAddress('+14155550123')).toBe('sms');
    expect(channelOfAddress('messenger:123456')).toBe('other');
  });
});

describe('describeAddress', () => {
  it('labels the channel and shows only the last 4 digits', () => {
    expect(describeAddress('whatsapp:+14155554567')).toBe('WhatsApp •••• 4567');
    expect(describeAddress('+14155550123')).toBe('SMS •••• 0123');
  });
});
