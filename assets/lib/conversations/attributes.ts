// Attributes as Twilio stores them (a JSON string per conversation, participant, message)
// and as customers write them (message attributes through the SDK): read within bounds.
import { parseBoundedJson } from '../common/bounded-json';

export type Attributes = Record<string, unknown>;

/** Twilio's attribute sizes in bytes of JSON (https://www.twilio.com/docs/conversations/conversations-limits). */
export const ATTRIBUTE_LIMITS = { conversation: 16_384, participant: 4_096, message: 4_096 } as const;

/**
 * Twilio stores attributes as a JSON string, and customers write them too (message
 * attributes through the SDK): anything unreadable or nested deeper than MAX_JSON_DEPTH
 * counts as empty, so no decision and no answer ever recurses into it.
 */
export function parseAttributes(raw: unknown): Attributes {
  const rendered = readAttributes(raw);
  return rendered.parsed ? rendered.attributes : {};
}

export type ReadAttributes = { parsed: true; attributes: Attributes } | { parsed: false; raw: string };

/** Attributes as an object when they are a JSON object within the depth limit; otherwise the raw text. */
export function readAttributes(raw: unknown): ReadAttributes {
  if (typeof raw !== 'string' || raw === '') return { parsed: true, attributes: {} };
  const result = parseBoundedJson(raw);
  if (result.ok && result.value && typeof result.value === 'object' && !Array.isArray(result.value))
    return { parsed: true, attributes: result.value as Attributes };
  return { parsed: false, raw };
}

/** The attributes of a fetched conversation (or any resource with a JSON `attributes` string). */
export function attributesOf(resource: { attributes?: string | null }): Attributes {
  return parseAttributes(resource.attributes ?? '');
}
