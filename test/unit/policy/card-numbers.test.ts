// Card numbers however they are written, and numbers that are not cards left alone: the
// reviewers' probes, then a generated corpus of >= 500 card renderings (100% redacted) and
// >= 500 texts full of other numbers (false positives <= 1%). Both figures are printed.
import { runCount } from '../../support/run-counts';
import fc from 'fast-check';
import { decimalDigitValue, findCardNumbers, isCardShape, isLuhnValid, redactCardNumbers } from '../../../assets/lib/policy/card-numbers';
import { cardText, markersIn, nonCardText, showsAnyCard } from '../../support/card-corpus';

const CARD = '4111111111111111';
const SEED = 20261201;
const CORPUS_SIZE = runCount('CARD_CORPUS_SIZE', 600);

describe('isLuhnValid', () => {
  it('checks the Luhn sum', () => {
    expect(isLuhnValid(CARD)).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('378282246310005')).toBe(true);
  });
});

describe('decimalDigitValue', () => {
  it('reads the digits of every script as 0-9', () => {
    for (const zero of [0x30, 0xff10, 0x0660, 0x06f0, 0x0966, 0x0e50, 0x1d7ce, 0x1d7d8, 0x1d7f6]) {
      expect(Array.from({ length: 10 }, (_, n) => decimalDigitValue(zero + n))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });
});

describe('isCardShape', () => {
  it.each([[[16]], [[4, 4, 4, 4]], [[4, 4, 4, 4, 3]], [[4, 6, 5]], [[4, 6, 4]], [Array(16).fill(1)]])('accepts %j', (sizes) =>
    expect(isCardShape(sizes)).toBe(true),
  );
  it.each([[[4, 2, 2, 4, 2, 2]], [[3, 3, 4, 3, 3]], [[2, 2, 4, 2, 2, 4]], [[4, 4, 4, 5]], [[12, 4]], [[10, 3]], [[2, 2, 2, 2, 2, 2, 2]]])(
    'refuses %j',
    (sizes) => expect(isCardShape(sizes)).toBe(false),
  );
});

describe('redactCardNumbers: the probes that got through before', () => {
  it.each([
    ['a card followed by an expiry', `4111 1111 1111 1111 12/27`, '[card •••• 1111] 12/27'],
    ['a card followed by a CVV', `card 4111 1111 1111 1111 cvv 123`, 'card [card •••• 1111] cvv 123'],
    ['a leading word joined by a dash', `ref-${CARD}`, 'ref-[card •••• 1111]'],
    ['dots', '4111.1111.1111.1111', '[card •••• 1111]'],
    ['slashes', '4111/1111/1111/1111', '[card •••• 1111]'],
    ['underscores', '4111_1111_1111_1111', '[card •••• 1111]'],
    ['double spaces', '4111  1111  1111  1111', '[card •••• 1111]'],
    ['newlines', '4111\n1111\n1111\n1111', '[card •••• 1111]'],
    ['tabs', '4111\t1111\t1111\t1111', '[card •••• 1111]'],
    ['NBSP', '4111\u00a01111\u00a01111\u00a01111', '[card •••• 1111]'],
    ['thin spaces', '4111\u20091111\u20091111\u20091111', '[card •••• 1111]'],
    ['zero-width spaces', '4111\u200b1111\u200b1111\u200b1111', '[card •••• 1111]'],
    ['zero-width spaces inside a group', '41\u200b11 1111 1111 1111', '[card •••• 1111]'],
    ['fullwidth digits', '４１１１ １１１１ １１１１ １１１１', '[card •••• 1111]'],
    ['Arabic-Indic digits', '٤١١١ ١١١١ ١١١١ ١١١١', '[card •••• 1111]'],
    ['a second card', `${CARD} and 5555 5555 5555 4444`, '[card •••• 1111] and [card •••• 4444]'],
    ['two cards written digit by digit', `${[...CARD].join(' ')} ${[...'5555555555554444'].join(' ')}`, '[card •••• 1111] [card •••• 4444]'],
    ['a 19-digit card whose first 16 digits pass Luhn too', '6011 0009 9013 9424 009', '[card •••• 4009]'],
    ['mathematical bold digits', '𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏', '[card •••• 1111]'],
  ])('%s', (_what, text, expected) => {
    expect(redactCardNumbers(text)).toBe(expected);
    expect(findCardNumbers(text)).toHaveLength(expected.split('[card').length - 1);
  });

  it.each([
    ['order 4111111111111112 (not Luhn)'],
    ['call +1 415 555 0123'],
    ['+4111111111111111 is a phone number in international form'],
    ['short 123456789012'],
    ['too long 41111111111111111111111'],
    ['dates 2026-12-01 - 2026-12-05'],
    ['two phones 415-555-0123 / 415-555-0199'],
    ['a reference next to a year ref 741126740345 - 2025-05-01'],
    ['a phone written in pairs next to a time 01 90 08 95 86 / 07:57'],
  ])('leaves %j alone', (text) => {
    expect(redactCardNumbers(text)).toBe(text);
  });
});

describe('redactCardNumbers: generated corpus', () => {
  it(`redacts 100% of ${CORPUS_SIZE} generated card renderings (separators, digit scripts, invisibles, neighbours, several cards)`, () => {
    const samples = fc.sample(cardText, { numRuns: CORPUS_SIZE, seed: SEED });
    const missed = samples.filter(({ text, pans }) => {
      const redacted = redactCardNumbers(text);
      return showsAnyCard(redacted, pans) || markersIn(redacted) < pans.length;
    });
    const cards = samples.reduce((sum, sample) => sum + sample.pans.length, 0);
    process.stdout.write(
      `card corpus: ${samples.length - missed.length}/${samples.length} texts (${cards} cards) redacted: ` +
        `${(((samples.length - missed.length) / samples.length) * 100).toFixed(1)}%\n`,
    );
    expect(missed.slice(0, 5)).toEqual([]);
  });

  it(`leaves at least 99% of ${CORPUS_SIZE} generated texts of other numbers alone (phones, orders, dates, amounts)`, () => {
    const samples = fc.sample(nonCardText, { numRuns: CORPUS_SIZE, seed: SEED });
    const changed = samples.filter((text) => redactCardNumbers(text) !== text);
    const rate = changed.length / samples.length;
    process.stdout.write(`non-card corpus: ${changed.length}/${samples.length} texts changed: false positives ${(rate * 100).toFixed(2)}%\n`);
    expect(rate).toBeLessThanOrEqual(0.01);
  });

  it('takes linear time: 32,768 characters of digits and separators in well under a second', () => {
    const text = '4 '.repeat(16_384);
    const started = performance.now();
    redactCardNumbers(text);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
