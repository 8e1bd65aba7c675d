import { MAX_TEXT, textForPrompt } from '../../../assets/lib/agent/prompt-text';
import { compilePattern } from '../../../assets/lib/policy/text-patterns';

const plain = (text: string) => textForPrompt(text, { redact: [] }, 'US');

describe('textForPrompt', () => {
  it.each([
    ['my number is +14155550123, thanks', 'my number is •••• 0123, thanks'],
    ['call 415 555 0123 or (415) 555-0124', 'call •••• 0123 or •••• 0124'],
    ['uk +44 20 7946 0958', 'uk •••• 0958'],
    ['whatsapp:+447700900123', 'whatsapp:•••• 0123'],
  ])('masks phone numbers to their last 4 digits: %s', (text, expected) => {
    expect(plain(text)).toBe(expected);
  });

  it('leaves order numbers, dates and amounts alone: they are not phones', () => {
    expect(plain('order 12345678 of 2024-05-01 at 10:30, $1,234.56')).toBe('order 12345678 of 2024-05-01 at 10:30, $1,234.56');
  });

  it('redacts card numbers and the configured patterns, as the message policy does', () => {
    const redact = [compilePattern('secret\\s+code\\s+\\d+')];
    expect(textForPrompt('card 4111-1111-1111-1111 and secret code 998877', { redact }, 'US')).toBe('card [card •••• 1111] and [redacted]');
  });

  it('hides credentials whoever wrote them', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
    expect(plain(`token ${jwt} and Authorization: Bearer sk-live-abcdef`)).toBe('token [jwt] and Authorization: Bearer [redacted]');
  });

  it(`bounds one message to ${MAX_TEXT} characters`, () => {
    const text = plain('ab'.repeat(MAX_TEXT));
    expect([...text]).toHaveLength(MAX_TEXT + 1);
    expect(text.endsWith('…')).toBe(true);
  });

  it.each([0, 1, 5, 9, 14, 18])('never lets a cut leave part of a card number (cut %i characters into it)', (into) => {
    const card = '4111 1111 1111 1111';
    const text = plain(`${'a'.repeat(MAX_TEXT - into)}${card} more`);
    // Only the mask's last four digits may show (the cut may end inside the mask), never the number.
    expect(text.replace(/\[card •••• \d{0,4}\]?/g, '')).not.toMatch(/\d/);
  });
});
