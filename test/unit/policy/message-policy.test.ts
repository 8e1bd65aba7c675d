// The one message policy: cards (see card-numbers.test), configured patterns in RE2, length, blocked content.
import { applyMessagePolicy, judgeMessage, redactPatterns } from '../../../assets/lib/policy/message-policy';
import { compilePattern } from '../../../assets/lib/policy/text-patterns';

const policy = { maxLength: 50, redact: [], blocked: [] };

describe('redactPatterns', () => {
  it('replaces every match of every pattern', () => {
    expect(redactPatterns('SSN 123-45-6789 and 987-65-4321', [compilePattern('\\b\\d{3}-\\d{2}-\\d{4}\\b')])).toBe('SSN [redacted] and [redacted]');
  });
});

describe('judgeMessage', () => {
  it('leaves a clean body unchanged', () => {
    expect(judgeMessage('hello', policy)).toEqual({ action: 'unchanged' });
  });

  it('redacts card numbers and configured patterns', () => {
    expect(judgeMessage('card 4111 1111 1111 1111 code X9', { ...policy, redact: [compilePattern('code \\w+')] })).toEqual({
      action: 'redact',
      body: 'card [card •••• 1111] [redacted]',
    });
  });

  it('rejects bodies over the limit, counting characters not UTF-16 units', () => {
    expect(judgeMessage('😀'.repeat(50), policy)).toEqual({ action: 'unchanged' });
    expect(judgeMessage('x'.repeat(51), policy)).toMatchObject({ action: 'reject', reason: 'too_long' });
  });

  it('rejects blocked content, every time (no state kept between messages)', () => {
    const blocked = [compilePattern('forbidden')];
    expect(judgeMessage('this is forbidden', { ...policy, blocked })).toMatchObject({ action: 'reject', reason: 'blocked' });
    expect(judgeMessage('forbidden again', { ...policy, blocked })).toMatchObject({ action: 'reject', reason: 'blocked' });
  });

  it('finds configured words hidden by compatibility forms or invisible characters', () => {
    const blocked = [compilePattern('forbidden')];
    expect(judgeMessage('ｆｏｒｂｉｄｄｅｎ', { ...policy, blocked })).toMatchObject({ action: 'reject', reason: 'blocked' });
    expect(judgeMessage('for\u200bbidden', { ...policy, blocked })).toMatchObject({ action: 'reject', reason: 'blocked' });
    expect(judgeMessage('code\u200b X9', { ...policy, redact: [compilePattern('code \\w+')] })).toEqual({ action: 'redact', body: '[redacted]' });
  });
});

describe('applyMessagePolicy', () => {
  it('answers the body to publish, or refuses with 422 and the same codes as the webhook', () => {
    expect(applyMessagePolicy('pay 4111 1111 1111 1111', policy)).toBe('pay [card •••• 1111]');
    expect(() => applyMessagePolicy('x'.repeat(51), policy)).toThrow(expect.objectContaining({ status: 422, code: 'message_too_long' }));
    expect(() => applyMessagePolicy('bad', { ...policy, blocked: [compilePattern('bad')] })).toThrow(
      expect.objectContaining({ status: 422, code: 'message_blocked' }),
    );
  });
});
