// JSON Merge Patch (RFC 7396): the RFC's own examples, then generated documents and patches
// checked against what the RFC says a merge is (named keys set or removed, the others kept),
// and against patches generated from two documents (applying diff(a, b) to a gives b).
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { applyMergePatch } from '../../../assets/lib/manage/merge-patch';
import { isJsonObject } from '../../../assets/lib/common/bounded-json';
import { runCount } from '../../support/run-counts';

const RUNS = runCount('PROPERTY_RUNS', 300);

describe('applyMergePatch', () => {
  // RFC 7396, Appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC 7396 Appendix A: %j patched with %j is %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('RFC 7396 section 3: the example document', () => {
    const target = { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
    expect(applyMergePatch(target, patch)).toEqual({
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    });
  });

  it('writes a __proto__ key as a key, never as a prototype', () => {
    const patch = JSON.parse('{"__proto__":{"admin":true},"a":{"__proto__":{"x":1}}}') as unknown;
    const merged = applyMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"admin":true},"a":{"__proto__":{"x":1}}}');
  });

  const json = fc.jsonValue({ maxDepth: 4 });
  const patchObject = fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 6, noNullPrototype: true });

  it('sets every key the patch names, removes those it names null, keeps every other key', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 6, noNullPrototype: true }), patchObject, (target, patch) => {
        const merged = applyMergePatch(target, patch) as Record<string, unknown>;
        for (const [key, value] of Object.entries(patch)) {
          if (value === null) expect(Object.hasOwn(merged, key)).toBe(false);
          else if (!isJsonObject(value)) expect(merged[key]).toEqual(value);
          else expect(merged[key]).toEqual(applyMergePatch(target[key], value));
        }
        for (const [key, value] of Object.entries(target)) if (!Object.hasOwn(patch, key)) expect(merged[key]).toEqual(value);
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent and changes neither input', () => {
    fc.assert(
      fc.property(json, fc.oneof(patchObject, json), (target, patch) => {
        const [targetBefore, patchBefore] = [structuredClone(target), structuredClone(patch)];
        const once = applyMergePatch(target, patch);
        expect(applyMergePatch(once, patch)).toEqual(once);
        expect(target).toEqual(targetBefore);
        expect(patch).toEqual(patchBefore);
      }),
      { numRuns: RUNS },
    );
  });

  // Documents a merge patch can reach: no null inside an object (null there means "remove").
  const { document } = fc.letrec<{ document: unknown; value: unknown }>((tie) => ({
    document: fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 5, noNullPrototype: true }),
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
      tie('document'),
    ),
  }));

  /** The patch that turns `from` into `to` (RFC 7396, section 1: changed keys, null for removed ones). */
  function diff(from: Record<string, unknown>, to: Record<string, unknown>): Record<string, unknown> {
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(from)) if (!Object.hasOwn(to, key)) patch[key] = null;
    for (const [key, value] of Object.entries(to)) {
      if (isJsonObject(value) && isJsonObject(from[key])) {
        const inner = diff(from[key], value);
        if (Object.keys(inner).length > 0) patch[key] = inner;
      } else if (!isDeepStrictEqual(from[key], value)) patch[key] = value;
    }
    return patch;
  }

  it('applying the patch generated from two documents turns the first into the second', () => {
    fc.assert(
      fc.property(document, document, (from, to) => {
        const patch = diff(from as Record<string, unknown>, to as Record<string, unknown>);
        expect(applyMergePatch(from, patch)).toEqual(to);
        expect(isDeepStrictEqual(applyMergePatch(to, patch), to)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
