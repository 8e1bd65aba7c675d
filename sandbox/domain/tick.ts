// One clock check, run on every API request, every second and on advanceClock(): background
// work and conversation timers that are due, then the Sync objects whose eviction is due.
import { applyTimers } from './conversations';
import type { Ctx } from './context';
import { evictExpiredSync } from './sync-eviction';

export function tick(ctx: Ctx): void {
  applyTimers(ctx);
  evictExpiredSync(ctx);
}
