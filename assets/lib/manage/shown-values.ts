// Values read back from Twilio, as our answers show them. twilio-node hands back a date it
// cannot parse as the original string, and a field may be missing or null: none of that may
// turn an answer into a 500.

/** A non-empty string, or null. */
export const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A date as ISO-8601 text, or null when there is no valid date. */
export function isoOrNull(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return null;
}
