// A mutex between Function invocations in Twilio Sync: the invocation that creates the
// Document `lock:<job>:<CH>` holds it (54301 for everyone else) and deletes it when done.
// A lock left by an invocation that died is taken over once its lease has run out (a
// Function lives at most 10 s), by a conditional update only one successor can win.
import type { StateStore, StoredDocument } from './sync-store';

export type LockOptions = {
  /** How long a holder is trusted; also the document's TTL, so an abandoned lock ends by itself. */
  leaseMs: number;
  now?: () => number;
};

// A Function lives at most 10 s: a lock held longer than this was left by one that died.
const LOCK_LEASE_MS = 15_000;

const ttlOf = (leaseMs: number) => Math.ceil(leaseMs / 1000) * 2;

function leaseOf(document: StoredDocument): number | undefined {
  const until = document.data.leaseUntil;
  return typeof until === 'number' ? until : undefined;
}

/** Takes the lock, or answers false when another invocation holds it. */
export async function tryLock(store: StateStore, name: string, options: LockOptions = { leaseMs: LOCK_LEASE_MS }): Promise<boolean> {
  const now = options.now ?? Date.now;
  const data = () => ({ leaseUntil: now() + options.leaseMs });
  const created = await store.create(name, data(), ttlOf(options.leaseMs));
  if (created !== 'taken') return true;
  const holder = await store.fetch(name);
  // Released meanwhile: its holder finished the work.
  if (!holder) return false;
  const lease = leaseOf(holder);
  if (lease !== undefined && lease > now()) return false;
  const taken = await store.replace(name, data(), ttlOf(options.leaseMs), holder.revision);
  return typeof taken === 'object';
}

export type Locked<T> = { locked: true; value: T } | { locked: false };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` under the lock, waiting for it (inside `deadlineAt`): for work every invocation
 * must do, one at a time (a merge into the conversation attributes). A release that fails
 * does not fail work that succeeded: the lease runs out instead.
 * Answers `{ locked: false }` only when the deadline comes first.
 */
export async function whenLocked<T>(
  store: StateStore,
  name: string,
  deadlineAt: number,
  work: () => Promise<T>,
  options: LockOptions & { pollMs?: number } = { leaseMs: LOCK_LEASE_MS },
): Promise<Locked<T>> {
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 100;
  for (;;) {
    if (await tryLock(store, name, options)) break;
    // A little jitter: waiters that woke together do not all try at the same moment again.
    const pause = pollMs + Math.floor(Math.random() * pollMs);
    if (now() + pause >= deadlineAt) return { locked: false };
    await sleep(pause);
  }
  try {
    return { locked: true, value: await work() };
  } finally {
    await store.remove(name).catch(() => undefined);
  }
}
