// Writes ONE key of a conversation's attributes without clobbering the others. Twilio has
// no conditional update (no ETag/If-Match on conversations), so every write is a fresh
// read-modify-write of our key only, followed by a read that checks it stuck: a concurrent
// writer of another key (a sibling post-event) may have written a copy read before ours.
import { isDeepStrictEqual } from 'node:util';
import type { Attributes } from './attributes';

export type AttributeSnapshot<T> = {
  attributes: Attributes;
  /** The value the key should have given everything just read; `undefined` leaves the key alone. */
  desired: T | undefined;
};

export type SettleOutcome = 'unchanged' | 'written' | 'unsettled';

// Each round is one read (plus the caller's own reads, in parallel) and at most one write.
const MAX_WRITES = 3;

/**
 * Reads, and writes `key` until a read shows the desired value (state-based, idempotent:
 * running it twice, or for a duplicate event, writes nothing the second time).
 */
export async function settleAttribute<T>(
  key: string,
  read: () => Promise<AttributeSnapshot<T>>,
  write: (attributes: string) => Promise<unknown>,
): Promise<SettleOutcome> {
  for (let writes = 0; ; writes += 1) {
    const { attributes, desired } = await read();
    if (desired === undefined || isDeepStrictEqual(attributes[key], desired)) return writes === 0 ? 'unchanged' : 'written';
    if (writes === MAX_WRITES) return 'unsettled';
    await write(JSON.stringify({ ...attributes, [key]: desired }));
  }
}
