// Locks and the per-minute quota, on a store with Sync's guarantees (atomic unique names,
// conditional updates, atomic appends). Against the sandbox: test/integration/sync-state.test.ts.
import { tryLock, whenLocked } from '../../../assets/lib/state/lock';
import { HOUR_MS, takeFromQuota } from '../../../assets/lib/state/quota';
import { memoryStore } from '../../support/memory-store';

describe('locks', () => {
  it.each([2, 8, 30])('lets exactly one of %i concurrent takers through', async (takers) => {
    const store = memoryStore();
    const taken = await Promise.all(Array.from({ length: takers }, () => tryLock(store, 'lock:x')));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('lets exactly one successor take over a lock whose holder died (lease out)', async () => {
    const store = memoryStore();
    let clock = 1_000;
    expect(await tryLock(store, 'lock:y', { leaseMs: 100, now: () => clock })).toBe(true);
    expect(await tryLock(store, 'lock:y', { leaseMs: 100, now: () => clock })).toBe(false);
    clock += 101;
    const successors = await Promise.all(Array.from({ length: 6 }, () => tryLock(store, 'lock:y', { leaseMs: 100, now: () => clock })));
    expect(successors.filter(Boolean)).toHaveLength(1);
  });

  it('whenLocked releases after work that throws', async () => {
    const store = memoryStore();
    await expect(whenLocked(store, 'lock:z', Date.now() + 1_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(store.documents.has('lock:z')).toBe(false);
  });

  it.each([3, 10])('whenLocked runs all of %i concurrent writers, one at a time, none lost', async (writers) => {
    const store = memoryStore();
    let inside = 0;
    let most = 0;
    const done: number[] = [];
    const results = await Promise.all(
      Array.from({ length: writers }, (_, index) =>
        whenLocked(
          store,
          'lock:w',
          Date.now() + 5_000,
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await new Promise((resolve) => setTimeout(resolve, 5));
            done.push(index);
            inside -= 1;
          },
          { leaseMs: 5_000, pollMs: 2 },
        ),
      ),
    );
    expect(results.every((result) => result.locked)).toBe(true);
    expect(most).toBe(1);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, index) => index));
  });

  it('whenLocked gives up at the deadline without running the work', async () => {
    const store = memoryStore();
    await tryLock(store, 'lock:v', { leaseMs: 10_000 });
    let ran = false;
    const result = await whenLocked(store, 'lock:v', Date.now() + 30, async () => (ran = true), { leaseMs: 10_000, pollMs: 5 });
    expect(result).toEqual({ locked: false });
    expect(ran).toBe(false);
  });
});

describe('takeFromQuota', () => {
  it.each([
    [1, 5],
    [10, 30],
    [30, 30],
    [50, 20],
  ])('admits exactly %i of %i parallel requests in one minute, and says when the next minute starts', async (perMinute, requests) => {
    const store = memoryStore();
    const at = 60_000 * 1_000 + 15_000;
    const answers = await Promise.all(Array.from({ length: requests }, () => takeFromQuota(store, 'quota:t', perMinute, () => at)));
    expect(answers.filter((answer) => answer.admitted)).toHaveLength(Math.min(perMinute, requests));
    for (const answer of answers) if (!answer.admitted) expect(answer.retryAfterSeconds).toBe(45);
    expect((await takeFromQuota(store, 'quota:t', perMinute, () => at + 45_000)).admitted).toBe(true);
  });

  it('counts by the hour when asked, and the next hour starts afresh', async () => {
    const store = memoryStore();
    const at = HOUR_MS * 500 + 20 * 60_000;
    const answers = await Promise.all(Array.from({ length: 5 }, () => takeFromQuota(store, 'quota:h', 3, () => at, HOUR_MS)));
    expect(answers.filter((answer) => answer.admitted)).toHaveLength(3);
    expect(answers.find((answer) => !answer.admitted)).toEqual({ admitted: false, retryAfterSeconds: 40 * 60 });
    expect((await takeFromQuota(store, 'quota:h', 3, () => at + 30 * 60_000, HOUR_MS)).admitted).toBe(false);
    expect((await takeFromQuota(store, 'quota:h', 3, () => at + 40 * 60_000, HOUR_MS)).admitted).toBe(true);
  });
});
