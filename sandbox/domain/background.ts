// Work Twilio does after it has answered (ConversationWithParticipants creating participants),
// due on the sandbox clock: it runs on the first clock check at or after its due time (every
// API request, the one-second tick, advanceClock), so tests move it forward without waiting.
import type { Clock } from '../clock';
import type { PendingWork } from '../webhook-transport';

type Scheduled = { due: number; work: () => Promise<void> };

export class Background {
  private readonly scheduled: Scheduled[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly pending: PendingWork,
  ) {}

  later(delayMs: number, work: () => Promise<void>): void {
    this.scheduled.push({ due: this.clock.now() + delayMs, work });
  }

  /** Starts what is due; idle() then waits for it. */
  runDue(): void {
    const now = this.clock.now();
    for (let index = this.scheduled.length - 1; index >= 0; index -= 1) {
      const item = this.scheduled[index]!;
      if (item.due > now) continue;
      this.scheduled.splice(index, 1);
      this.pending.track(item.work());
    }
  }
}
