// A count shared by every invocation: "at most N per window" (a minute, an hour). Each
// request appends an item to the Sync List of the current window and gets its index back,
// atomically: the first N (indexes 0 to N-1) are admitted, the rest refused until the next
// window. One write per request, no read-modify-write to lose under a burst. Refused requests
// count too: an attacker's burst cannot make room for itself. The lists end by their TTL.
import type { StateStore } from './sync-store';

export type QuotaAnswer = { admitted: true } | { admitted: false; retryAfterSeconds: number };

const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/** Takes one from `quota` for the current window (a minute unless `windowMs` says otherwise). */
export async function takeFromQuota(
  store: StateStore,
  quota: string,
  perWindow: number,
  now: () => number = Date.now,
  windowMs: number = MINUTE_MS,
): Promise<QuotaAnswer> {
  const at = now();
  const window = Math.floor(at / windowMs);
  // Kept for two windows: the list of the window that just ended is never needed again.
  const ttlSeconds = Math.ceil((2 * windowMs) / 1000);
  const index = await store.append(`${quota}:${window}`, { at }, ttlSeconds);
  if (index < perWindow) return { admitted: true };
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - at) / 1000)) };
}
