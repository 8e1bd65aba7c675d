// once(): the rules of "first claim wins, the others read the outcome", on a store with Sync's
// guarantees. Against the sandbox's Sync: test/integration/sync-state.test.ts.
import RestException from 'twilio/lib/base/RestException';
import { FingerprintMismatch, once } from '../../../assets/lib/state/once';
import { HttpError } from '../../../assets/lib/http/errors';
import { memoryStore } from '../../support/memory-store';

const options = (extra: Partial<Parameters<typeof once>[2]> = {}) => ({ ttlSeconds: 60, leaseMs: 1_000, deadlineAt: Date.now() + 2_000, pollMs: 5, ...extra });
const ambiguous = () => new RestException({ statusCode: 503, body: { code: 20503, message: 'unavailable', more_info: '', status: 503 } } as never);

describe('once', () => {
  it.each([2, 5, 20, 50])('runs the work exactly once for %i parallel callers, and every one answers its outcome', async (callers) => {
    const store = memoryStore();
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: callers }, () =>
        once(store, 'job:a', options(), async () => {
          runs += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { sid: 'IM1' };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((result) => result.kind === 'ran')).toHaveLength(1);
    expect(results.every((result) => (result.value as { sid: string }).sid === 'IM1')).toBe(true);
  });

  it('answers the stored outcome to a caller that comes any time later', async () => {
    const store = memoryStore();
    await once(store, 'job:b', options(), async () => 41);
    const later = await once(store, 'job:b', options(), async () => 42);
    expect(later).toEqual({ kind: 'done', value: 41 });
  });

  it('lets the next caller claim again when the work failed without doing anything', async () => {
    const store = memoryStore();
    await expect(once(store, 'job:c', options(), async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(store.documents.has('job:c')).toBe(false);
    expect(await once(store, 'job:c', options(), async () => 'second')).toEqual({ kind: 'ran', value: 'second', takeover: false });
  });

  it('keeps the claim when the work may have happened, and the successor after the lease is told to look first', async () => {
    const store = memoryStore();
    let clock = 1_000_000;
    const now = () => clock;
    await expect(once(store, 'job:d', options({ now, deadlineAt: clock + 10_000 }), async () => Promise.reject(ambiguous()))).rejects.toBeInstanceOf(
      RestException,
    );
    expect(store.documents.has('job:d')).toBe(true);
    clock += 1_001;
    const successors = await Promise.all([1, 2, 3].map(() => once(store, 'job:d', options({ now, deadlineAt: clock + 10_000 }), async (takeover) => takeover)));
    expect(successors.filter((result) => result.kind === 'ran')).toEqual([{ kind: 'ran', value: true, takeover: true }]);
  });

  it('tells a different request under the same name apart (fingerprint)', async () => {
    const store = memoryStore();
    await once(store, 'job:e', options({ fingerprint: 'body-1' }), async () => 1);
    await expect(once(store, 'job:e', options({ fingerprint: 'body-2' }), async () => 2)).rejects.toBeInstanceOf(FingerprintMismatch);
  });

  it('lets a different request take a name whose entry has expired (not yet evicted)', async () => {
    const store = memoryStore();
    let clock = 9_000_000;
    await once(store, 'job:h', options({ now: () => clock, ttlSeconds: 1, fingerprint: 'old' }), async () => 1);
    clock += 1_500;
    expect(
      await once(store, 'job:h', options({ now: () => clock, ttlSeconds: 1, fingerprint: 'new', deadlineAt: clock + 1_000 }), async () => 2),
    ).toMatchObject({
      kind: 'ran',
      value: 2,
    });
  });

  it('answers request_in_progress when the holder is still at it at the deadline', async () => {
    const store = memoryStore();
    let release!: () => void;
    const holder = once(store, 'job:f', options(), () => new Promise<number>((resolve) => (release = () => resolve(1))));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const waiter = once(store, 'job:f', options({ deadlineAt: Date.now() + 30 }), async () => 2);
    await expect(waiter).rejects.toMatchObject({ code: 'request_in_progress' });
    await expect(waiter).rejects.toBeInstanceOf(HttpError);
    release();
    await holder;
  });

  it('takes over an entry whose expiry has passed but that Sync has not evicted yet', async () => {
    const store = memoryStore();
    let clock = 5_000_000;
    await once(store, 'job:g', options({ now: () => clock, ttlSeconds: 1 }), async () => 'old');
    clock += 1_500;
    expect(await once(store, 'job:g', options({ now: () => clock, ttlSeconds: 1, deadlineAt: clock + 1_000 }), async () => 'new')).toMatchObject({
      kind: 'ran',
      value: 'new',
    });
  });
});
