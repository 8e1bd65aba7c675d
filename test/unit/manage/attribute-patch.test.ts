// A merge patch applied to attributes as Twilio stores them: text a customer may have written.
import { ERROR_CODES } from '../../../assets/lib/http/error-codes';
import { HttpError } from '../../../assets/lib/http/errors';
import { checkAttributeSize, patchAttributes } from '../../../assets/lib/manage/attribute-patch';

const thrown = (run: () => unknown): HttpError => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
};

describe('patchAttributes', () => {
  it('merges into the stored object and says whether anything changed', () => {
    expect(patchAttributes('{"a":1,"b":{"c":2}}', { b: { c: null, d: 3 } }, 'x')).toEqual({ attributes: { a: 1, b: { d: 3 } }, changed: true });
    expect(patchAttributes('{"a":1}', { a: 1, gone: null }, 'x')).toEqual({ attributes: { a: 1 }, changed: false });
    expect(patchAttributes('{"a":1}', {}, 'x')).toEqual({ attributes: { a: 1 }, changed: false });
  });

  it('starts from {} when nothing is stored', () => {
    for (const stored of [undefined, null, '']) expect(patchAttributes(stored, { a: 1 }, 'x')).toEqual({ attributes: { a: 1 }, changed: true });
  });

  it('replaces stored JSON that is no object (RFC 7396), even with an empty patch', () => {
    expect(patchAttributes('[1,2]', {}, 'x')).toEqual({ attributes: {}, changed: true });
    expect(patchAttributes('"text"', { a: 1 }, 'x')).toEqual({ attributes: { a: 1 }, changed: true });
  });

  it('refuses attributes nested deeper than it reads, or unreadable, with 409 attributes_unreadable', () => {
    const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
    for (const stored of [deep, '{"a":']) {
      const error = thrown(() => patchAttributes(stored, { b: 1 }, 'conversation CH1'));
      expect([error.code, ERROR_CODES[error.code].status]).toEqual(['attributes_unreadable', 409]);
      expect(error.message).toContain('conversation CH1');
    }
  });
});

describe('checkAttributeSize', () => {
  it('answers the JSON text within the limit, counted in UTF-8 bytes', () => {
    expect(checkAttributeSize({ a: 'é' }, 10)).toBe('{"a":"é"}');
    expect(thrown(() => checkAttributeSize({ a: 'éé' }, 10)).details).toEqual({
      fields: [{ field: 'attributes', message: expect.stringContaining('12 bytes') }],
    });
  });
});
