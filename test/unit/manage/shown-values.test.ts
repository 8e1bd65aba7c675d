// Values read back from Twilio never turn an answer into a 500.
import { isoOrNull, textOrNull } from '../../../assets/lib/manage/shown-values';

describe('shown values', () => {
  it('shows text, or null', () => {
    expect([textOrNull('a'), textOrNull(''), textOrNull(null), textOrNull(7)]).toEqual(['a', null, null, null]);
  });

  it('shows a valid date as ISO-8601, anything else as null', () => {
    expect(isoOrNull(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(isoOrNull('2026-01-31T12:00:00Z')).toBe('2026-01-31T12:00:00.000Z');
    expect([isoOrNull(new Date(Number.NaN)), isoOrNull('garbage'), isoOrNull(undefined), isoOrNull(0)]).toEqual([null, null, null, null]);
  });
});
