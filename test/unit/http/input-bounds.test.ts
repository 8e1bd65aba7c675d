// Every request's parameters measured before any work: each limit, the field it names, and
// no echo of client text beyond plain key names.
import { checkInputBounds, INPUT_LIMITS } from '../../../assets/lib/http/input-bounds';

const refusal = (params: Record<string, unknown>) => {
  try {
    checkInputBounds(params);
  } catch (error) {
    return error as { status: number; code: string; details: { field: string; limit: string } };
  }
  throw new Error('expected a refusal');
};

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = { k: value };
  return value;
};

describe('checkInputBounds', () => {
  it('accepts ordinary requests, 1,000 participants as a list or as flat form keys included', () => {
    expect(() =>
      checkInputBounds({ participants: Array.from({ length: 1_000 }, (_, i) => ({ channel: 'chat', identity: `u${i}`, attributes: { a: 1 } })) }),
    ).not.toThrow();
    const flat = Object.fromEntries(
      Array.from({ length: 1_000 }, (_, i) => [
        [`participants[${i}][channel]`, 'chat'],
        [`participants[${i}][identity]`, `u${i}`],
      ]).flat(),
    );
    expect(() => checkInputBounds(flat)).not.toThrow();
  });

  it('accepts 32 levels in all and refuses 33, naming where', () => {
    // The parameters themselves are level 1.
    expect(() => checkInputBounds({ a: nested(31) })).not.toThrow();
    expect(refusal({ a: nested(32) })).toMatchObject({ status: 400, code: 'input_too_deep', details: { field: 'a.k.k.k.k.k…', limit: 'depth' } });
  });

  it('refuses 100,000 levels without a stack overflow', () => {
    expect(refusal({ a: nested(100_000) }).code).toBe('input_too_deep');
  });

  it.each([
    ['a string too long', { body: 'x'.repeat(INPUT_LIMITS.stringLength + 1) }, 'stringLength', 'body'],
    ['too many items in a list', { list: Array(INPUT_LIMITS.itemsPerList + 1).fill(1) }, 'itemsPerList', 'list'],
    ['too many values in all', { a: Array(1_500).fill(Array(15).fill(0)) }, 'values', expect.any(String)],
    ['too large in all', { a: Array(40).fill('x'.repeat(30_000)) }, 'totalSize', expect.any(String)],
  ])('refuses %s with 413 input_too_large', (_what, params, limit, field) => {
    expect(refusal(params)).toMatchObject({ status: 413, code: 'input_too_large', details: { limit, field } });
  });

  it('names a key that is not a plain name as "?"', () => {
    expect(refusal({ '<script>': nested(40) }).details.field).toMatch(/^\?\./);
  });
});
