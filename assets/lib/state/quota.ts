// A count shared by every invocation: "at most N per minute". Each request appends an item
// to the Sync List of the current minute and gets its index back, atomically: the first N
// (indexes 0 to N-1) are admitted, the rest refused until the next minute. One write per
// request, no read-modify-write to lose under a burst. Refused requests count too: an
// attacker's burst cannot make room for itself. The lists end by their TTL.
import type { StateStore } from './sync-store';

export type QuotaAnswer = { admitted: true } | { admitted: false; retryAfterSeconds: number };

const MINUTE_MS = 60_000;

/** Takes one from `quota` for the current minute. */
export async function takeFromQuota(store: StateStore, quota: string, perMinute: number, now: () => number = Date.now): Promise<QuotaAnswer> {
  const at = now();
  const minute = Math.floor(at / MINUTE_MS);
  const index = await store.append(`${quota}:${minute}`, { at }, 120);
  if (index < perMinute) return { admitted: true };
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - at) / 1000)) };
}
