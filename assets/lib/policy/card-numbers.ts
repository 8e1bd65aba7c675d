// Payment-card numbers in free text, however they are written: any digit script (fullwidth,
// Arabic-Indic, Devanagari... are read as 0-9), any separators between the digit groups
// (spaces of every kind, tabs, newlines, dashes, dots, slashes, underscores), invisible
// characters anywhere (zero-width spaces, joiners, soft hyphens, combining marks), words
// or other numbers around them, and several cards in one text.
//
// A card is 13-19 digits that pass the Luhn check, written as one run of digits or as
// groups joined by short separators. Groups are chosen at their boundaries only (a card is
// never the middle of a longer run of digits) and must look like a card's grouping (see
// isCardShape: fours, one digit at a time, or a brand's own). That is what keeps dates, phone
// numbers and amounts next to each other from being read as one long number. A number
// that starts right after a "+" is a phone number in international form, never a card.
// Linear in the text's length; no regular expression with backtracking.

/** Luhn checksum over a string of ASCII digits. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const CARD_MIN_DIGITS = 13;
const CARD_MAX_DIGITS = 19;
// Between two groups of one card: "  ", " - ", "\r\n", ". ".
const MAX_GAP = 4;

const DECIMAL_DIGIT = /\p{Nd}/u;
// Invisible: format characters (zero-width space, joiners, bidi marks, soft hyphen) and marks
// that combine with the character before them. They neither join nor split digit groups.
export const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]/u;
// What can never sit inside a card number: letters, other numbers (², ½), and "+".
const BREAKS_GROUPS = /[\p{L}\p{N}+]/u;

/**
 * The value 0-9 of a decimal digit of any script. Unicode assigns every script's decimal
 * digits as runs of ten consecutive code points from 0 to 9, so the value is the distance
 * from the start of the run, modulo 10 (runs of runs, like the mathematical digits, too).
 */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint >= 48 && codePoint <= 57) return codePoint - 48;
  let value = digitValues.get(codePoint);
  if (value === undefined) {
    let start = codePoint;
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
    value = (codePoint - start) % 10;
    digitValues.set(codePoint, value);
  }
  return value;
}

// A few hundred code points at most (the decimal digits of every script).
const digitValues = new Map<number, number>();

type DigitGroup = {
  /** UTF-16 offsets of the first digit and just after the last one, in the original text. */
  start: number;
  end: number;
  digits: string;
  /** Visible characters between this group and the previous one (Infinity: no previous one). */
  gapBefore: number;
  /** The gap before holds a character that cannot be inside a card. */
  brokenBefore: boolean;
  /** The visible character right before the first digit is "+". */
  afterPlus: boolean;
};

function digitGroups(text: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let current: DigitGroup | undefined;
  let gap = Number.POSITIVE_INFINITY;
  let broken = false;
  let previousVisible = '';
  for (let index = 0; index < text.length;) {
    const codePoint = text.codePointAt(index)!;
    const char = String.fromCodePoint(codePoint);
    const next = index + char.length;
    if (DECIMAL_DIGIT.test(char)) {
      if (!current) {
        current = { start: index, end: next, digits: '', gapBefore: gap, brokenBefore: broken, afterPlus: previousVisible === '+' };
        groups.push(current);
      }
      current.digits += String(decimalDigitValue(codePoint));
      current.end = next;
      previousVisible = char;
    } else if (!INVISIBLE.test(char)) {
      if (current) {
        current = undefined;
        gap = 0;
        broken = false;
      }
      gap += 1;
      if (BREAKS_GROUPS.test(char)) broken = true;
      previousVisible = char;
    }
    index = next;
  }
  return groups;
}

const joinsPrevious = (group: DigitGroup) => !group.brokenBefore && group.gapBefore <= MAX_GAP;

const KNOWN_SHAPES = new Set(['4,6,5', '4,6,4']);

/**
 * Whether group sizes look like a card written in groups: one run of digits; groups of four
 * with a last group of one to four (4-4-4-4, 4-4-4-4-3, 4-4-4-1); one digit at a time; or
 * the 4-6-5 and 4-6-4 of American Express and Diners. A 12-digit reference followed by a
 * year, or a phone number written in pairs next to a date, is none of these.
 */
export function isCardShape(sizes: readonly number[]): boolean {
  if (sizes.length === 1) return true;
  if (KNOWN_SHAPES.has(sizes.join(','))) return true;
  const last = sizes[sizes.length - 1]!;
  const leading = sizes.slice(0, -1);
  if (leading.every((size) => size === 4)) return last <= 4;
  return sizes.every((size) => size === 1);
}

export type CardMatch = { start: number; end: number; lastFour: string };

/** The groups first..last as a card's digits, when they form one (joined, card-shaped, Luhn-valid). */
function cardOf(groups: readonly DigitGroup[], first: number, last: number): string | undefined {
  const span = groups.slice(first, last + 1);
  const digits = span.map((group) => group.digits).join('');
  if (digits.length < CARD_MIN_DIGITS || digits.length > CARD_MAX_DIGITS) return undefined;
  return isCardShape(span.map((group) => group.digits.length)) && isLuhnValid(digits) ? digits : undefined;
}

/**
 * The card numbers in `text`, left to right, as spans of the original text. Within a chain
 * of joined groups the cards are chosen to cover the most digits (dynamic programming over
 * the groups): a 19-digit card wins over its Luhn-valid first 16 digits, and two cards
 * written digit by digit, one after the other, are both found.
 */
export function findCardNumbers(text: string): CardMatch[] {
  const groups = digitGroups(text);
  const found: CardMatch[] = [];
  for (let chainStart = 0; chainStart < groups.length;) {
    let chainEnd = chainStart;
    while (chainEnd + 1 < groups.length && joinsPrevious(groups[chainEnd + 1]!)) chainEnd += 1;
    found.push(...cardsInChain(groups, chainStart, chainEnd));
    chainStart = chainEnd + 1;
  }
  return found;
}

function cardsInChain(groups: readonly DigitGroup[], chainStart: number, chainEnd: number): CardMatch[] {
  const size = chainEnd - chainStart + 1;
  // best[i]: the most digits covered by cards within groups i.. of the chain; pick[i]: the last group of the card starting at i.
  const best = new Array<number>(size + 1).fill(0);
  const pick = new Array<number | undefined>(size).fill(undefined);
  for (let i = size - 1; i >= 0; i -= 1) {
    best[i] = best[i + 1]!;
    if (groups[chainStart + i]!.afterPlus) continue;
    let length = 0;
    for (let j = i; j < size && (length += groups[chainStart + j]!.digits.length) <= CARD_MAX_DIGITS; j += 1) {
      if (length < CARD_MIN_DIGITS || !cardOf(groups, chainStart + i, chainStart + j)) continue;
      if (length + best[j + 1]! > best[i]!) {
        best[i] = length + best[j + 1]!;
        pick[i] = j;
      }
    }
  }
  const cards: CardMatch[] = [];
  for (let i = 0; i < size;) {
    const last = pick[i];
    if (last === undefined) {
      i += 1;
      continue;
    }
    const digits = cardOf(groups, chainStart + i, chainStart + last)!;
    cards.push({ start: groups[chainStart + i]!.start, end: groups[chainStart + last]!.end, lastFour: digits.slice(-4) });
    i = last + 1;
  }
  return cards;
}

/** "4111 1111 1111 1111" -> "[card •••• 1111]"; every card in the text, nothing else. */
export function redactCardNumbers(text: string): string {
  const cards = findCardNumbers(text);
  if (cards.length === 0) return text;
  let result = '';
  let position = 0;
  for (const card of cards) {
    result += `${text.slice(position, card.start)}[card •••• ${card.lastFour}]`;
    position = card.end;
  }
  return result + text.slice(position);
}
