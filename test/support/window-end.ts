// Quotas count per window of the functions' clock (this machine's, Date.now): a burst that
// straddles a window's end counts in two windows and may be admitted twice. Tests of an exact
// quota start clear of the end.
const MINUTE_MS = 60_000;

/** Waits past the current window's end when fewer than `marginMs` of it are left. */
export async function clearOfWindowEnd(windowMs: number = MINUTE_MS, marginMs = 10_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
}
