// Identities and unique names are REST path segments: generated SID look-alikes, path and
// URL characters, invisible and bidi characters, and reserved names are all refused.
import { runCount } from '../../support/run-counts';
import fc from 'fast-check';
import { isReservedIdentity, isSidShaped, validateIdentity, validateUniqueName } from '../../../assets/lib/conversations/identifiers';

const PROPERTY_RUNS = runCount('PROPERTY_RUNS', 300);

const refusedIdentity = (identity: unknown, options = {}) => {
  expect(() => validateIdentity(identity, options)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_identity' }));
};
const refusedName = (name: string) => {
  expect(() => validateUniqueName(name)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_request' }));
};

const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
const sidShaped = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    fc.array(hex, { minLength: 32, maxLength: 32 }),
  )
  .map(([a, b, digits]) => `${a}${b}${digits.join('')}`);
// Zero-width, joiners, bidi embeddings/overrides/isolates/marks, BOM, soft hyphen, Hangul filler, braille blank, controls.
const INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202a',
  '\u202b',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u3164',
  '\u2800',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\u2009',
  '\ud800',
];
const plain = fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/);

describe('validateIdentity', () => {
  it('accepts ordinary identities, in NFC form', () => {
    expect(validateIdentity('alice_01-ops.team')).toBe('alice_01-ops.team');
    expect(validateIdentity('Zoë')).toBe('Zoë');
    expect(validateIdentity('Zoe\u0308')).toBe('Zoë');
    expect(validateIdentity('a'.repeat(256))).toHaveLength(256);
  });

  it.each([
    [''],
    [42],
    [undefined],
    ['a'.repeat(257)],
    ['alice@example.com'],
    ['a b'],
    ['a/b'],
    ['a\\b'],
    ['tab\there'],
    ['x#1'],
    ['line\nbreak'],
    ['.'],
    ['..'],
    ['50%2D'],
  ])('refuses %j', (identity) => {
    refusedIdentity(identity);
  });

  it('refuses every generated SID look-alike', () => {
    fc.assert(
      fc.property(sidShaped, (identity) => refusedIdentity(identity)),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses an invisible or bidi character anywhere', () => {
    fc.assert(
      fc.property(plain, fc.constantFrom(...INVISIBLES), fc.nat(), (base, invisible, at) => {
        const position = at % (base.length + 1);
        refusedIdentity(base.slice(0, position) + invisible + base.slice(position));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses the reserved names in any case or compatibility form', () => {
    for (const identity of ['system', 'System', 'SYSTEM', 'ｓｙｓｔｅｍ', 'assistant', 'Assistant', 'guest-1234', 'Guest-abc']) refusedIdentity(identity);
    expect(isReservedIdentity('systems')).toBe(false);
  });

  it('lets a guest session name a guest identity, and nothing else reserved', () => {
    expect(validateIdentity('guest-4f1c', { allowGuest: true })).toBe('guest-4f1c');
    refusedIdentity('system', { allowGuest: true });
  });
});

describe('validateUniqueName', () => {
  it('accepts names of letters, digits and - _ . ~ : @ + =', () => {
    for (const name of ['order-42', 'order_42.a', 'crm:case@7', 'commande-été', 'x'.repeat(256)]) expect(validateUniqueName(name)).toBe(name);
  });

  it.each([['order-N#x'], ['a/b'], ['a?b'], ['%2D'], ['a%2Db'], ['..'], ['.hidden'], ['a b'], ['a\\b'], ['x'.repeat(257)], ['']])('refuses %j', (name) => {
    refusedName(name);
  });

  it('refuses every generated SID look-alike (Twilio refuses them too, with 50390)', () => {
    fc.assert(
      fc.property(sidShaped, (name) => refusedName(name)),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('refuses every path, query, fragment or escape character anywhere', () => {
    fc.assert(
      fc.property(plain, fc.constantFrom(...'/?#%\\ &[]"<>{}|^`', '\u200b', '\n'), fc.nat(), (base, bad, at) => {
        const position = 1 + (at % base.length);
        refusedName(base.slice(0, position) + bad + base.slice(position));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('isSidShaped', () => {
  it('is two letters and 32 hex digits', () => {
    expect(isSidShaped('CH' + 'a'.repeat(32))).toBe(true);
    expect(isSidShaped('CH' + 'a'.repeat(31))).toBe(false);
    expect(isSidShaped('order-' + 'a'.repeat(32))).toBe(false);
  });
});
