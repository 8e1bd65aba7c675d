// Request parameters checked against a schema; a bad request is a 400 that names every
// wrong field (`details.fields`) and never echoes the values.
import * as v from 'valibot';
import { isJsonObject, jsonTextDepth, MAX_JSON_DEPTH, parseBoundedJson, utf8Bytes, valueDepth } from '../common/bounded-json';
import { HttpError } from './errors';

type FieldProblem = { field: string; message: string };

/** A text input: trimmed, not empty, at most `max` characters; each problem named after `what`. */
export const boundedText = (max: number, what: string) =>
  v.pipe(
    v.string(`${what} must be text`),
    v.trim(),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} must be at most ${max} characters`),
  );

export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const fields: FieldProblem[] = result.issues.map((issue) => ({ field: v.getDotPath(issue) ?? '(body)', message: issue.message }));
  const summary = fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  throw new HttpError('invalid_request', `Invalid request: ${summary}`, { details: { fields } });
}

/**
 * The object schemas of jsonObjectField: valibot's record takes a list too (and would turn
 * [1, 2] into {"0": 1, "1": 2}), so they are custom checks; the documents describe each as
 * a JSON object (`jsonSchemaOverride`, used by `npm run docs`).
 */
const plainObjectSchemas = new WeakSet<object>();

export function jsonSchemaOverride(context: { valibotSchema: object }): { type: 'object' } | undefined {
  return plainObjectSchemas.has(context.valibotSchema) ? { type: 'object' } : undefined;
}

/**
 * A JSON object given as an object (JSON bodies) or as JSON text (form bodies), at most
 * `maxBytes` of UTF-8 once serialised (how Twilio counts attribute sizes) and at most
 * MAX_JSON_DEPTH levels deep. The depth of text is read before it is parsed.
 */
export function jsonObjectField(what: string, maxBytes: number) {
  const tooLarge = `${what} must be at most ${maxBytes} bytes as JSON`;
  const tooDeep = `${what} must nest at most ${MAX_JSON_DEPTH} levels`;
  const notObject = `${what} must be a JSON object`;
  const objectOf = (text: string) => {
    const parsed = parseBoundedJson(text);
    return parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
  };
  const plainObject = v.custom<Record<string, unknown>>(isJsonObject, notObject);
  plainObjectSchemas.add(plainObject);
  // Checks only inside the union (a failing transformation would hide which check failed).
  return v.pipe(
    v.union(
      [
        v.pipe(
          plainObject,
          v.check((value) => valueDepth(value) <= MAX_JSON_DEPTH, tooDeep),
          v.check((value) => utf8Bytes(JSON.stringify(value)) <= maxBytes, tooLarge),
        ),
        v.pipe(
          v.string(notObject),
          v.check((text) => utf8Bytes(text) <= maxBytes, tooLarge),
          v.check((text) => jsonTextDepth(text) <= MAX_JSON_DEPTH, tooDeep),
          v.check((text) => objectOf(text) !== undefined, notObject),
        ),
      ],
      notObject,
    ),
    v.transform((value) => (typeof value === 'string' ? objectOf(value)! : value)),
  );
}
