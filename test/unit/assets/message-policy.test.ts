import { isLuhnValid, judgeMessage, redactCardNumbers, redactPatterns } from '../../../assets/lib/message-policy.private';

const policy = { maxLength: 50, redact: [], blocked: [] };

describe('isLuhnValid', () => {
  it('checks the Luhn sum', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('378282246310005')).toBe(true);
  });
});

describe('redactCardNumbers', () => {
  it.each([
    ['my card is 4111 1111 1111 1111 thanks', 'my card is [card •••• 1111] thanks'],
    ['4111-1111-1111-1111', '[card •••• 1111]'],
    ['amex 378282246310005.', 'amex [card •••• 0005].'],
    ['two cards 6011000990139424 and 4000056655665556', 'two cards [card •••• 9424] and [card •••• 5556]'],
  ])('redacts %j', (text, expected) => {
    expect(redactCardNumbers(text)).toBe(expected);
  });

  it.each([
    ['order 4111111111111112 (not Luhn)'],
    ['call +1 415 555 0123'],
    ['short 123456789012'],
    ['too long 41111111111111111111111'],
    ['double spaces 4111  1111  1111  1111'],
  ])('leaves %j alone', (text) => {
    expect(redactCardNumbers(text)).toBe(text);
  });
});

describe('redactPatterns', () => {
  it('replaces every match of every pattern', () => {
    expect(redactPatterns('SSN 123-45-6789 and 987-65-4321', [/\b\d{3}-\d{2}-\d{4}\b/iu])).toBe('SSN [redacted] and [redacted]');
  });
});

describe('judgeMessage', () => {
  it('leaves a clean body unchanged', () => {
    expect(judgeMessage('hello', policy)).toEqual({ action: 'unchanged' });
  });

  it('redacts card numbers and configured patterns', () => {
    expect(judgeMessage('card 4111 1111 1111 1111 code X9', { ...policy, redact: [/code \w+/iu] })).toEqual({ action: 'redact', body: 'card [card •••• 1111] [redacted]' });
  });

  it('rejects bodies over the limit, counting characters not UTF-16 units', () => {
    expect(judgeMessage('😀'.repeat(50), policy)).toEqual({ action: 'unchanged' });
    expect(judgeMessage('x'.repeat(51), policy)).toMatchObject({ action: 'reject', reason: 'too_long' });
  });

  it('rejects blocked content, and is not fooled by a global pattern’s lastIndex', () => {
    const blocked = [/forbidden/giu];
    expect(judgeMessage('this is forbidden', { ...policy, blocked })).toMatchObject({ action: 'reject', reason: 'blocked' });
    expect(judgeMessage('forbidden again', { ...policy, blocked })).toMatchObject({ action: 'reject', reason: 'blocked' });
  });
});
