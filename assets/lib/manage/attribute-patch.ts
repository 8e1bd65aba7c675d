// A caller's merge patch applied to attributes as Twilio stores them (a JSON string that
// customers may have written): read within bounds, merged, and measured against Twilio's limit
// before anything is written.
import { isDeepStrictEqual } from 'node:util';
import { MAX_JSON_DEPTH, parseBoundedJson, utf8Bytes } from '../common/bounded-json';
import type { Attributes } from '../conversations/attributes';
import { HttpError } from '../http/errors';
import { applyMergePatch } from './merge-patch';

export type PatchedAttributes = { attributes: Attributes; changed: boolean };

/**
 * The attributes after `patch`. Stored attributes that are valid JSON but no object are
 * replaced (RFC 7396: a patch object applied to a non-object starts from `{}`); attributes
 * we cannot read safely (nested deeper than MAX_JSON_DEPTH) are a 409, never treated as
 * empty: writing the merge over them would lose every key the patch does not name.
 */
export function patchAttributes(stored: string | null | undefined, patch: Attributes, owner: string): PatchedAttributes {
  const parsed = stored ? parseBoundedJson(stored) : { ok: true as const, value: {} };
  if (!parsed.ok) {
    throw new HttpError(
      'attributes_unreadable',
      `The attributes of ${owner} are not JSON we read safely (nested deeper than ${MAX_JSON_DEPTH} levels): they are left as they are rather than merged.`,
    );
  }
  const attributes = applyMergePatch(parsed.value, patch) as Attributes;
  return { attributes, changed: !isDeepStrictEqual(attributes, parsed.value) };
}

/** A 400 naming `attributes` when the merged attributes would be over Twilio's limit (counted in UTF-8 bytes of JSON). */
export function checkAttributeSize(attributes: Attributes, limit: number): string {
  const text = JSON.stringify(attributes);
  const bytes = utf8Bytes(text);
  if (bytes > limit) {
    const message = `the attributes after the merge would be ${bytes} bytes as JSON; Twilio's limit is ${limit}`;
    throw new HttpError('invalid_request', `attributes: ${message}. Remove keys (null) or send smaller values.`, {
      details: { fields: [{ field: 'attributes', message }] },
    });
  }
  return text;
}

/**
 * A JSON list is no merge patch, but valibot's record (in jsonObjectField) takes one as an
 * object of its indexes: refused here, before the schema, with the same 400.
 */
export function refuseListAttributes(params: Record<string, unknown>): void {
  if (!Array.isArray(params.attributes)) return;
  const message = 'attributes must be a JSON object';
  throw new HttpError('invalid_request', `Invalid request: attributes: ${message}`, { details: { fields: [{ field: 'attributes', message }] } });
}
