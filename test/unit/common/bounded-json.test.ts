// Measuring untrusted JSON without recursing into it.
import { jsonTextDepth, parseBoundedJson, utf8Bytes, valueDepth } from '../../../assets/lib/common/bounded-json';

const nested = (levels: number) => {
  let value: unknown = 0;
  for (let level = 0; level < levels; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
};

describe('jsonTextDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['{"a":"[[[[{{{{"}', 1],
    ['["\\\\", ["\\"]"]]', 2],
  ])('%s nests %d levels (brackets in strings and escapes do not count)', (text, depth) => {
    expect(jsonTextDepth(text)).toBe(depth);
  });

  it('reads 100,000 levels without a stack', () => {
    expect(jsonTextDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
});

describe('parseBoundedJson', () => {
  it('parses within the limit and refuses deeper or broken text', () => {
    expect(parseBoundedJson('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseBoundedJson('['.repeat(33) + ']'.repeat(33))).toEqual({ ok: false, reason: 'too_deep' });
    expect(parseBoundedJson('['.repeat(32) + ']'.repeat(32)).ok).toBe(true);
    expect(parseBoundedJson('{"a":')).toEqual({ ok: false, reason: 'not_json' });
  });
});

describe('valueDepth', () => {
  it('counts objects and lists, and stops past the limit on values of any depth', () => {
    expect(valueDepth('x')).toBe(0);
    expect(valueDepth({ a: [1, { b: null }] })).toBe(3);
    expect(valueDepth(nested(32))).toBe(32);
    expect(valueDepth(nested(100_000), 32)).toBe(33);
  });
});

describe('utf8Bytes', () => {
  it('counts bytes as Twilio counts attribute sizes', () => {
    expect(utf8Bytes('aé中😀')).toBe(1 + 2 + 3 + 4);
  });
});
