// Work done once across every invocation, whatever the concurrency and the redeliveries:
// the first invocation to create the Sync Document `name` does the work and stores its
// outcome there; every other one reads that outcome, or waits for it inside the deadline.
// A claim whose holder died (its lease ran out) is taken over by a conditional update, so
// that exactly one successor gets it; the successor's work is told (`takeover`), because
// the dead holder may have done the work without recording it: look before doing it again.
// Entries end by Sync's TTL; eviction is eventual, so the expiry is also in the data.
import { mayHaveBeenApplied } from '../platform/twilio-errors';
import { HttpError } from '../http/errors';
import type { StateStore, StoredDocument } from './sync-store';

export type OnceOptions = {
  /** How long the outcome is kept (the Sync TTL, and the expiry written in the data). */
  ttlSeconds: number;
  /** How long a running claim is trusted: past it, the holder is taken for dead. */
  leaseMs: number;
  /** Waiting for another invocation's outcome ends here (the request's deadline). */
  deadlineAt: number;
  /** Identifies what is done, so that a different request under the same name is told apart. */
  fingerprint?: string;
  now?: () => number;
  pollMs?: number;
};

export type OnceResult<T> = { kind: 'ran'; value: T; takeover: boolean } | { kind: 'done'; value: T };

type Entry =
  | { state: 'running'; leaseUntil: number; expiresAt: number; fingerprint?: string }
  | { state: 'done'; value: unknown; expiresAt: number; fingerprint?: string };

const POLL_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The entry stored in a document, or undefined when it is not one of ours (never trusted further). */
function entryOf(document: StoredDocument): Entry | undefined {
  const { state, leaseUntil, expiresAt, value, fingerprint } = document.data;
  if (typeof expiresAt !== 'number' || (fingerprint !== undefined && typeof fingerprint !== 'string')) return undefined;
  const print = typeof fingerprint === 'string' ? { fingerprint } : {};
  if (state === 'running' && typeof leaseUntil === 'number') return { state, leaseUntil, expiresAt, ...print };
  if (state === 'done') return { state, value, expiresAt, ...print };
  return undefined;
}

/** Another invocation holds the claim and the deadline comes before its outcome: 409, retry shortly. */
class OnceInProgress extends HttpError {
  constructor(readonly documentName: string) {
    super('request_in_progress', 'The same work is running in another request; retry shortly.', { headers: { 'Retry-After': '1' } });
  }
}

/** The name was claimed by a request that differs from this one (see OnceOptions.fingerprint). */
export class FingerprintMismatch extends Error {
  constructor(readonly documentName: string) {
    super(`${documentName} was claimed for different work`);
    this.name = 'FingerprintMismatch';
  }
}

export async function once<T>(store: StateStore, name: string, options: OnceOptions, work: (takeover: boolean) => Promise<T>): Promise<OnceResult<T>> {
  const now = options.now ?? Date.now;
  const print = options.fingerprint !== undefined ? { fingerprint: options.fingerprint } : {};
  const running = (): Entry => ({ state: 'running', leaseUntil: now() + options.leaseMs, expiresAt: now() + options.ttlSeconds * 1000, ...print });

  const run = async (revision: string, takeover: boolean): Promise<OnceResult<T>> => {
    let value: T;
    try {
      value = await work(takeover);
    } catch (error) {
      // Nothing happened: let the next attempt claim it. Something may have happened: keep
      // the claim, whose lease runs out, and the successor looks before it acts.
      if (!mayHaveBeenApplied(error)) await store.remove(name).catch(() => undefined);
      throw error;
    }
    const done: Entry = { state: 'done', value, expiresAt: now() + options.ttlSeconds * 1000, ...print };
    // Unrecorded (Sync failed, or a successor took over a lease we overran) is still done:
    // the successor looks before it acts.
    await store.replace(name, done, options.ttlSeconds, revision).catch(() => undefined);
    return { kind: 'ran', value, takeover };
  };

  let document: StoredDocument | undefined;
  for (;;) {
    if (!document) {
      const created = await store.create(name, running(), options.ttlSeconds);
      if (created !== 'taken') return run(created.revision, false);
      document = await store.fetch(name);
      // Removed in between: its holder failed before doing anything. Claim it again.
      if (!document) continue;
    }
    const entry = entryOf(document);
    const live = entry !== undefined && entry.expiresAt > now();
    // An expired entry is nobody's any more, whatever it was claimed for.
    if (live && entry.fingerprint !== options.fingerprint) throw new FingerprintMismatch(name);
    if (live && entry.state === 'done') return { kind: 'done', value: entry.value as T };
    if (live && entry.state === 'running' && entry.leaseUntil > now()) {
      if (now() + (options.pollMs ?? POLL_MS) >= options.deadlineAt) {
        throw new OnceInProgress(name);
      }
      await sleep(options.pollMs ?? POLL_MS);
      document = await store.fetch(name);
      continue;
    }
    // Abandoned (lease out), expired but not yet evicted, or not ours: exactly one taker wins.
    const taken = await store.replace(name, running(), options.ttlSeconds, document.revision);
    if (taken === 'stale') {
      document = await store.fetch(name);
      continue;
    }
    if (taken === 'missing') {
      document = undefined;
      continue;
    }
    return run(taken.revision, true);
  }
}

// A post-event's act (the auto-reply, the bot attach, the agent's answer): Twilio redelivers
// within minutes, so a day is ample; a Function lives at most 10 s, so a claim running for
// longer than 15 s was left by one that died.
const EVENT_CLAIM_TTL_SECONDS = 86_400;
const EVENT_CLAIM_LEASE_MS = 15_000;

/**
 * once() for a webhook's act: a copy of the event that finds the claim running answers
 * `busy` at once and never waits, so a slow act never holds Twilio's webhook twice.
 */
export async function claimForEvent<T>(store: StateStore, name: string, work: (takeover: boolean) => Promise<T>): Promise<OnceResult<T> | { kind: 'busy' }> {
  try {
    return await once(store, name, { ttlSeconds: EVENT_CLAIM_TTL_SECONDS, leaseMs: EVENT_CLAIM_LEASE_MS, deadlineAt: Date.now() }, work);
  } catch (error) {
    if (error instanceof OnceInProgress && error.documentName === name) return { kind: 'busy' };
    throw error;
  }
}
