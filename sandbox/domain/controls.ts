// The sandbox's own knobs, the same whether a test calls them, a script posts to
// /sandbox/*, or someone clicks in the console: the clock, and addresses whose deliveries fail.
import type { Ctx } from './context';
import type { DeliveryFailure } from './deliveries';
import { tick } from './tick';

/** Moves the sandbox clock forward and runs what fell due (conversation timers, Sync evictions). */
export function advanceClock(ctx: Ctx, ms: number): void {
  ctx.clock.advance(ms);
  tick(ctx);
}

/** Every delivery to `address` fails from now on as `failure` says; null makes them succeed again. */
export function setDeliveryFailure(ctx: Ctx, address: string, failure: DeliveryFailure | null): void {
  if (failure) ctx.deliveries.failures[address] = failure;
  else delete ctx.deliveries.failures[address];
}
