// The sandbox clock: real time plus an offset that tests can advance, so timers
// (Timers.Inactive >= 1 min, Timers.Closed >= 10 min) can be exercised without waiting.

export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Twilio renders dates as ISO-8601 UTC without milliseconds: 2015-12-16T22:18:37Z. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses the ISO-8601 durations Twilio accepts for timers (PT5M, P1D, PT1H30M). Undefined when malformed. */
export function parseIsoDuration(value: string): number | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
}
