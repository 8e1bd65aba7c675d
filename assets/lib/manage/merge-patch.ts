// JSON Merge Patch (RFC 7396, https://www.rfc-editor.org/rfc/rfc7396): the caller sends only
// the keys it changes, `null` removes a key, objects merge key by key, anything else replaces.
// Pure: no input is changed. It recurses only as deep as the patch nests, and every patch
// it is given has been bounded to MAX_JSON_DEPTH by the input schema.
import { isJsonObject } from '../common/bounded-json';

/**
 * RFC 7396 MergePatch(target, patch). Keys are written as own data properties
 * (`Object.fromEntries`), so a `__proto__` key in a patch is a key like any other, never a
 * prototype.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  // "If Target is not an Object, Target = {}": a patch object replaces a non-object.
  const merged = new Map<string, unknown>(isJsonObject(target) ? Object.entries(target) : []);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) merged.delete(name);
    else merged.set(name, applyMergePatch(merged.get(name), value));
  }
  return Object.fromEntries(merged);
}
