// The one table of error codes: every entry must be something a client can act on, and the
// statuses must say the same as the flags (a retriable code is never a client's mistake: it
// is Twilio's trouble, or a moment's contention — another request on the same thing, a quota).
import { ERROR_CODES, type ErrorCode } from '../../../assets/lib/http/error-codes';

const entries = Object.entries(ERROR_CODES) as Array<[ErrorCode, (typeof ERROR_CODES)[ErrorCode]]>;

describe('ERROR_CODES', () => {
  it.each(entries)('%s is a snake_case code with a one-sentence meaning', (code, entry) => {
    expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(entry.meaning).toMatch(/^[A-Z`].*\.$/);
    expect(entry.meaning.length).toBeLessThanOrEqual(160);
  });

  it.each(entries)('%s: only Twilio’s trouble (502/503) or contention (409 in progress, 429) is retriable as it is', (code, entry) => {
    if (entry.status === 429) expect(entry.retriable).toBe(true);
    if (entry.status < 500 && entry.status !== 429 && code !== 'request_in_progress') expect(entry.retriable).toBe(false);
    if (entry.retriable) expect([409, 429, 502, 503]).toContain(entry.status);
  });

  it('gives every status a client can get its own codes, and no two codes the same meaning', () => {
    const meanings = entries.map(([, entry]) => entry.meaning);
    expect(new Set(meanings).size).toBe(meanings.length);
    expect(new Set(entries.map(([, entry]) => entry.status))).toEqual(new Set([400, 401, 403, 404, 409, 410, 413, 415, 422, 429, 500, 502, 503]));
  });
});
