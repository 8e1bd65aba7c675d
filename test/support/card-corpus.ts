// Generated texts for the card-number redaction: card renderings (every brand's lengths and
// groupings, every kind of separator, digit scripts, invisible characters, words and numbers
// around them, several cards in one text) and texts full of numbers that are NOT cards
// (phone numbers, order numbers, dates, times, amounts, side by side). Shared by the unit
// test of the detector and the reliability suite that sends them through the webhook.
import fc from 'fast-check';

/** Appends the Luhn check digit to a payload of digits. */
function withCheckDigit(payload: string): string {
  let sum = 0;
  for (let index = 0; index < payload.length; index += 1) {
    let digit = Number(payload[payload.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return payload + String((10 - (sum % 10)) % 10);
}

// Brand prefixes and lengths (ISO/IEC 7812 issuer ranges as the brands publish them).
const BRANDS: Array<{ prefixes: string[]; lengths: number[]; shape?: number[] }> = [
  { prefixes: ['4'], lengths: [13, 16, 19] },
  { prefixes: ['51', '52', '53', '54', '55', '2221', '2720'], lengths: [16] },
  { prefixes: ['34', '37'], lengths: [15], shape: [4, 6, 5] },
  { prefixes: ['36', '38'], lengths: [14], shape: [4, 6, 4] },
  { prefixes: ['6011', '65', '644'], lengths: [16, 19] },
  { prefixes: ['3528', '3589'], lengths: [16, 19] },
  { prefixes: ['62'], lengths: [16, 17, 18, 19] },
  { prefixes: ['6759', '5018'], lengths: [13, 16, 19] },
];

type Card = { pan: string; groups: number[] };

const card: fc.Arbitrary<Card> = fc
  .record({
    brand: fc.constantFrom(...BRANDS),
    pick: fc.nat(),
    length: fc.nat(),
    body: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
    // How people (and people trying to slip one through) write card numbers.
    grouping: fc.constantFrom('none', 'fours', 'fours', 'fours', 'brand', 'single'),
  })
  .map(({ brand, pick, length, body, grouping }) => {
    const prefix = brand.prefixes[pick % brand.prefixes.length]!;
    const size = brand.lengths[length % brand.lengths.length]!;
    const pan = withCheckDigit(prefix + body.join('').slice(0, size - prefix.length - 1));
    const sizes = (every: number) => Array.from({ length: Math.ceil(size / every) }, (_, i) => Math.min(every, size - i * every));
    const groups = grouping === 'none' ? [size] : grouping === 'fours' ? sizes(4) : grouping === 'single' ? sizes(1) : (brand.shape ?? sizes(4));
    return { pan, groups };
  });

// Between the groups of a card: every kind of space, line break, dash, dot, slash, underscore.
const SEPARATORS = [
  ' ',
  '  ',
  '-',
  '–',
  '—',
  '.',
  '/',
  '_',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\u2009',
  '\u202f',
  '\u2007',
  '\u3000',
  ' - ',
  '\u200b',
  '·',
  '\u200b \u200b',
];
// Invisible characters slipped anywhere between digits.
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u0301'];
// The zero of each script's decimal digits.
const DIGIT_ZEROS = [0x30, 0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50, 0x0ae6, 0x1d7ce, 0x1d7ec];

const inScript = (digits: string, zero: number) => [...digits].map((digit) => String.fromCodePoint(zero + Number(digit))).join('');

const renderCard = fc
  .record({
    card,
    separator: fc.constantFrom(...SEPARATORS),
    zero: fc.constantFrom(...DIGIT_ZEROS),
    invisible: fc.option(fc.record({ char: fc.constantFrom(...INVISIBLES), at: fc.nat() }), { nil: undefined, freq: 4 }),
  })
  .map(({ card: { pan, groups }, separator, zero, invisible }) => {
    let position = 0;
    const parts = groups.map((size) => {
      const part = inScript(pan.slice(position, position + size), zero);
      position += size;
      return part;
    });
    let text = parts.join(separator);
    if (invisible) {
      // Between two code points of the rendering, never inside a surrogate pair.
      const points = [...text];
      const at = 1 + (invisible.at % (points.length - 1));
      text = [...points.slice(0, at), invisible.char, ...points.slice(at)].join('');
    }
    return { pan, text };
  });

const BEFORE = ['', 'card ', 'my card is ', 'ref-', 'ID:', '(', 'Karte: ', 'رقم البطاقة ', 'n°', 'pay with\n', 'order 12 card '];
BEFORE.push('call +1 415 555 0123, card ');
const AFTER = ['', '.', ')', ' thanks', ' exp 12/27', ' 12/27', ' 0827', ' cvv 123', ' 123', ',', '\nexp 01/29', 'x'];
const BETWEEN = [' and ', ' ', '\n', ', ', ' / ', ' or my other card '];

export type CardText = { text: string; pans: string[] };

/** One to three cards in a text, with words and numbers around them. */
export const cardText: fc.Arbitrary<CardText> = fc
  .record({
    cards: fc.array(renderCard, { minLength: 1, maxLength: 3 }),
    before: fc.constantFrom(...BEFORE),
    after: fc.constantFrom(...AFTER),
    between: fc.constantFrom(...BETWEEN),
  })
  .map(({ cards, before, after, between }) => ({ text: before + cards.map((c) => c.text).join(between) + after, pans: cards.map((c) => c.pan) }));

const digits = (count: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: count, maxLength: count }).map((list) => list.join(''));
const nonZero = fc.integer({ min: 2, max: 9 }).map(String);

const phoneNumber = fc.oneof(
  fc.tuple(nonZero, digits(2), digits(3), digits(4)).map(([a, b, c, d]) => `+1 ${a}${b} ${c} ${d}`),
  fc.tuple(nonZero, digits(2), digits(3), digits(4)).map(([a, b, c, d]) => `(${a}${b}) ${c}-${d}`),
  fc.tuple(nonZero, digits(2), digits(3), digits(4)).map(([a, b, c, d]) => `${a}${b}-${c}-${d}`),
  fc.tuple(nonZero, digits(2), digits(3), digits(4)).map(([a, b, c, d]) => `${a}${b}.${c}.${d}`),
  fc.tuple(nonZero, digits(9)).map(([a, b]) => `+1${a}${b}`),
  fc.tuple(nonZero, digits(9)).map(([a, b]) => `${a}${b}`),
  fc.tuple(digits(4), digits(6)).map(([a, b]) => `+44 20 ${a} ${b.slice(0, 4)}`),
  fc.tuple(digits(4), digits(6)).map(([a, b]) => `07${a.slice(0, 3)} ${b}`),
  fc.tuple(digits(3), digits(4), digits(4)).map(([a, b, c]) => `+86 1${a.slice(0, 2)} ${b} ${c}`),
  fc.tuple(digits(5), digits(5)).map(([a, b]) => `+91 9${a.slice(1)} ${b}`),
  fc.tuple(digits(2), digits(2), digits(2), digits(2)).map(([a, b, c, d]) => `01 ${a} ${b} ${c} ${d}`),
  fc.tuple(digits(3), digits(6)).map(([a, b]) => `+49 30 ${a}${b.slice(0, 3)}`),
  fc.tuple(digits(4), digits(4)).map(([a, b]) => `0044 20 ${a} ${b}`),
  fc.tuple(digits(3), digits(4)).map(([a, b]) => `whatsapp:+5511${a}${b}${a.slice(0, 2)}`),
);

const orderNumber = fc.oneof(
  digits(6).map((d) => `order #${d}`),
  digits(6).map((d) => `ORD-2026-${d}`),
  digits(5).map((d) => `INV/2026/${d}`),
  fc.tuple(digits(5), digits(2)).map(([a, b]) => `PO ${a}-${b}`),
  digits(8).map((d) => `ticket ${d}`),
  digits(10).map((d) => `tracking ${d}`),
  digits(12).map((d) => `ref ${d}`),
  fc.tuple(digits(3), digits(3)).map(([a, b]) => `A${a}B${b}`),
);

const date = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1990, max: 2035 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2035 }))
    .map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`),
  fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2035 }))
    .map(([d, m, y]) => `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`),
  fc
    .tuple(fc.integer({ min: 2000, max: 2035 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([y, m, h, min]) => `${y}-${String(m).padStart(2, '0')}-01T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00Z`),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 24, max: 35 })).map(([m, y]) => `${String(m).padStart(2, '0')}/${y}`),
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
);

const amount = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 999 }), digits(3), digits(2)).map(([a, b, c]) => `$${a},${b}.${c}`),
  fc.tuple(fc.integer({ min: 1, max: 999 }), digits(3), digits(2)).map(([a, b, c]) => `€ ${a}.${b},${c}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), digits(3), digits(3), digits(2)).map(([a, b, c, d]) => `${a} ${b} ${c},${d} ₽`),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), digits(2)).map(([a, b]) => `USD ${a}.${b}`),
  fc.integer({ min: 100, max: 9_999_999 }).map((n) => `¥${n}`),
);

const JOINS = [' ', ', ', ' and ', ' / ', '\n', ' - ', '; ', ' or '];

/** Texts with one to three numbers that are not card numbers, side by side. */
export const nonCardText: fc.Arbitrary<string> = fc
  .record({
    parts: fc.array(fc.oneof(phoneNumber, orderNumber, date, amount), { minLength: 1, maxLength: 3 }),
    join: fc.constantFrom(...JOINS),
    lead: fc.constantFrom('', 'Hi, ', 'call me at ', 'paid on ', 'Re: '),
  })
  .map(({ parts, join, lead }) => lead + parts.join(join));

/** Every decimal digit of `text` as ASCII, in order (any script). */
function asciiDigits(text: string): string {
  let found = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const zero =
      DIGIT_ZEROS.find((start) => codePoint >= start && codePoint < start + 10) ?? (codePoint >= 0x1d7ce && codePoint <= 0x1d7ff ? 0x1d7ce : undefined);
    if (zero !== undefined) found += String((codePoint - zero) % 10);
  }
  return found;
}

const MARKER = /\[card •••• \d{4}\]/g;

/** Whether a redacted text still shows any of the cards' numbers (markers removed). */
export function showsAnyCard(redacted: string, pans: readonly string[]): boolean {
  const digitsLeft = asciiDigits(redacted.replace(MARKER, ' '));
  return pans.some((pan) => digitsLeft.includes(pan));
}

export const markersIn = (text: string) => (text.match(MARKER) ?? []).length;
