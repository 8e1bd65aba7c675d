import { MAX_TOKEN_TTL_SECONDS, tokenTtlSeconds } from '../../../assets/lib/tokens/access-token';

describe('tokenTtlSeconds', () => {
  const now = 1_000_000;
  it('uses the configured TTL when the session lasts longer', () => {
    expect(tokenTtlSeconds(3600, now + 10_000, now)).toBe(3600);
  });
  it('never goes past the session expiry', () => {
    expect(tokenTtlSeconds(3600, now + 90, now)).toBe(90);
  });
  it('never goes past 24 hours', () => {
    expect(tokenTtlSeconds(200_000, now + 300_000, now)).toBe(MAX_TOKEN_TTL_SECONDS);
  });
  it('is 0 for a session that has ended', () => {
    expect(tokenTtlSeconds(3600, now - 5, now)).toBe(0);
  });
});
