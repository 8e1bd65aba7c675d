// jsonObjectField: attributes and contentVariables are JSON objects, given as objects (JSON
// bodies) or as JSON text (form bodies); anything else, a list above all, is a 400 that names
// the field, never an object of its indexes.
import fc from 'fast-check';
import * as v from 'valibot';
import { jsonObjectField, parseInput } from '../../../assets/lib/http/validation';
import { HttpError } from '../../../assets/lib/http/errors';

const schema = v.object({ attributes: v.optional(jsonObjectField('attributes', 4096)) });

function refusal(input: unknown): HttpError {
  try {
    parseInput(schema, { attributes: input });
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('jsonObjectField', () => {
  it('refuses any list, as a value or as JSON text, naming the field', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.boolean(), (list, asText) => {
        const error = refusal(asText ? JSON.stringify(list) : list);
        expect(error.code).toBe('invalid_request');
        expect((error.details as { fields: Array<{ field: string }> }).fields.map((problem) => problem.field)).toContain('attributes');
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every other non-object (numbers, strings, null, booleans)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.boolean()), fc.boolean(), (value, asText) => {
        expect(refusal(asText ? JSON.stringify(value) : value).code).toBe('invalid_request');
      }),
      { numRuns: 200 },
    );
  });

  it('keeps an object as it is, given as a value or as JSON text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.boolean(), (object, asText) => {
        const parsed = parseInput(schema, { attributes: asText ? JSON.stringify(object) : object });
        // Compared as the JSON Twilio stores: a value given as it is keeps -0, which JSON writes as 0.
        expect(JSON.stringify(parsed.attributes)).toBe(JSON.stringify(object));
      }),
      { numRuns: 200 },
    );
  });
});
