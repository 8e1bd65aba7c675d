// Every request's parameters are measured before any other work, the signature check
// included (it serialises the body): JSON depth, keys per object, items per list, values in
// all, string lengths and the total size. One pass, no recursion, stopping at the first
// limit crossed; the answer names the field and the limit, never the value.
import { MAX_JSON_DEPTH } from '../common/bounded-json';
import { HttpError } from './errors';

export const INPUT_LIMITS = {
  depth: MAX_JSON_DEPTH,
  // Form bodies are flat: 1,000 participants as participants[i][field] keys are 5,000 keys.
  keysPerObject: 10_000,
  // participants: up to 1,000 per request (Twilio's limit per conversation; the schema says so first).
  itemsPerList: 2_000,
  values: 20_000,
  // A message body may be 32,768 characters, up to two UTF-16 units each.
  stringLength: 65_536,
  // Twilio refuses requests over 1 MB before they reach a Function.
  totalSize: 1_048_576,
} as const;

type Limit = keyof typeof INPUT_LIMITS;

const DESCRIPTIONS: Record<Limit, string> = {
  depth: 'levels of nesting',
  keysPerObject: 'keys in one object',
  itemsPerList: 'items in one list',
  values: 'values in all',
  stringLength: 'characters in one string',
  totalSize: 'characters in all',
};

// A key is client input: shown only when it is a plain name.
const PLAIN_KEY = /^[A-Za-z0-9_.[\]-]{1,40}$/;
const shownKey = (key: string) => (PLAIN_KEY.test(key) ? key : '?');
const MAX_PATH_SEGMENTS = 6;

function fieldOf(path: readonly string[]): string {
  if (path.length === 0) return '(body)';
  const shown = path.slice(0, MAX_PATH_SEGMENTS).join('.');
  return path.length > MAX_PATH_SEGMENTS ? `${shown}…` : shown;
}

function outOfBounds(limit: Limit, path: readonly string[]): HttpError {
  const field = fieldOf(path);
  const code = limit === 'depth' ? 'input_too_deep' : 'input_too_large';
  return new HttpError(code, `${field}: the request has more than ${INPUT_LIMITS[limit]} ${DESCRIPTIONS[limit]}.`, {
    details: { field, limit, max: INPUT_LIMITS[limit] },
  });
}

/** Throws 400 input_too_deep or 413 input_too_large when the parameters cross a limit. */
export function checkInputBounds(params: Readonly<Record<string, unknown>>): void {
  let values = 0;
  let size = 0;
  const pending: Array<{ value: unknown; path: string[] }> = [{ value: params, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    values += 1;
    if (values > INPUT_LIMITS.values) throw outOfBounds('values', path);
    if (typeof value === 'string') {
      if (value.length > INPUT_LIMITS.stringLength) throw outOfBounds('stringLength', path);
      size += value.length;
    } else size += 8;
    if (size > INPUT_LIMITS.totalSize) throw outOfBounds('totalSize', path);
    if (value === null || typeof value !== 'object') continue;
    // The top-level parameters are depth 1.
    if (path.length + 1 > INPUT_LIMITS.depth) throw outOfBounds('depth', path);
    const entries = Object.entries(value);
    if (Array.isArray(value) ? entries.length > INPUT_LIMITS.itemsPerList : entries.length > INPUT_LIMITS.keysPerObject) {
      throw outOfBounds(Array.isArray(value) ? 'itemsPerList' : 'keysPerObject', path);
    }
    for (const [key, inner] of entries) {
      size += key.length;
      pending.push({ value: inner, path: [...path, shownKey(key)] });
    }
  }
}
