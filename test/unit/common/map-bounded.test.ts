// mapBounded keeps Twilio's per-conversation rate: never more than `limit` calls at once,
// results in the items' order whatever order the calls finish in, a failure passed on.
import fc from 'fast-check';
import { mapBounded } from '../../../assets/lib/common/map-bounded';
import { runCount } from '../../support/run-counts';

describe('mapBounded', () => {
  it('never has more than limit in flight, keeps the order, and runs each item once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), async (delays, limit) => {
        let inFlight = 0;
        let most = 0;
        const seen: number[] = [];
        const results = await mapBounded(delays, limit, async (ticks) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          // Finish in a scrambled order: each call yields `ticks` (>= 1) times before it settles.
          for (let tick = 0; tick < ticks; tick += 1) await Promise.resolve();
          inFlight -= 1;
          seen.push(ticks);
          return ticks * 2;
        });
        expect(results).toEqual(delays.map((ticks) => ticks * 2));
        expect(seen.sort()).toEqual([...delays].sort());
        expect(most).toBeLessThanOrEqual(Math.min(limit, Math.max(delays.length, 1)));
        if (delays.length >= limit) expect(most).toBe(limit);
      }),
      { numRuns: runCount('PROPERTY_RUNS', 300) },
    );
  });

  it('rejects with the first failure', async () => {
    await expect(mapBounded([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n))).rejects.toThrow('two');
  });
});
