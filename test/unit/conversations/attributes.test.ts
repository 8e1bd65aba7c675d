// Attributes are written by customers too (SDK message attributes): whatever Twilio hands
// back, reading them never throws and never recurses past the depth limit.
import fc from 'fast-check';
import { attributesOf, parseAttributes, readAttributes } from '../../../assets/lib/conversations/attributes';
import { MAX_JSON_DEPTH } from '../../../assets/lib/common/bounded-json';
import { runCount } from '../../support/run-counts';

const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('readAttributes', () => {
  it('parses a JSON object within the depth limit', () => {
    expect(readAttributes(nested(MAX_JSON_DEPTH))).toMatchObject({ parsed: true });
    expect(readAttributes('{"order":42}')).toEqual({ parsed: true, attributes: { order: 42 } });
  });

  it.each([
    ['deeper than the limit', nested(MAX_JSON_DEPTH + 1)],
    ['4,500 levels deep', '['.repeat(4_500) + ']'.repeat(4_500)],
    ['not JSON', '{"broken'],
    ['an array', '[1,2]'],
    ['a string', '"text"'],
    ['null', 'null'],
  ])('keeps what is %s as its raw text', (_what, raw) => {
    expect(readAttributes(raw)).toEqual({ parsed: false, raw });
    expect(parseAttributes(raw)).toEqual({});
  });

  it('reads nothing (no value, not a string) as empty attributes', () => {
    for (const raw of [undefined, null, '', 42, {}]) expect(readAttributes(raw)).toEqual({ parsed: true, attributes: {} });
    expect(attributesOf({})).toEqual({});
    expect(attributesOf({ attributes: null })).toEqual({});
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const read = readAttributes(raw);
        if (read.parsed) expect(typeof read.attributes).toBe('object');
        else expect(read.raw).toBe(raw);
      }),
      { numRuns: runCount('PROPERTY_RUNS', 300) },
    );
  });
});
