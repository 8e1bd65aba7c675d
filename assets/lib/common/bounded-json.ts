// JSON from outside (a client's body, attributes a customer wrote through the SDK and Twilio
// hands back) is measured before anything recurses into it. V8's JSON.parse copes with any
// depth, but JSON.stringify, deep comparisons and the runtime's own answer serialisation
// recurse, and a few thousand levels (9 KB of `[`) overflow the stack: after our error
// handling, that kills the process. Everything here is iterative.

/** A JSON object: not an array, not null (valibot's object schema and `typeof` take both). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How deep any JSON we accept, store or answer may nest (the top-level object counts as 1). */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of JSON text, read without parsing it (brackets inside strings do not count). */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c)
        index += 1; // backslash: the next character is escaped
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) deepest = Math.max(deepest, (depth += 1));
    else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return deepest;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: 'too_deep' | 'not_json' };

/** JSON.parse, for text that nests at most `maxDepth` levels. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  if (jsonTextDepth(text) > maxDepth) return { ok: false, reason: 'too_deep' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not_json' };
  }
}

/** Nesting depth of a value (objects and arrays), counted without recursion; stops past `limit`. */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const inner of Object.values(current)) if (inner !== null && typeof inner === 'object') pending.push([inner, depth + 1]);
  }
  return deepest;
}

/** UTF-8 size of a string: what Twilio's attribute limits count. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
