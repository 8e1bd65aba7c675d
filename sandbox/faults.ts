// Fault injection for tests and benchmarks: a fixed latency per request (166 ms is
// Twilio's measured response time), and rates of 429 (code 20429, rejected before it was
// applied, so safe to retry), 503 and dropped connections. A 503 or a drop may come after
// the action WAS applied (like Twilio: "a 5xx on a POST may still have been applied"),
// decided by `appliedRate`. Deterministic with a seed (mulberry32).

export type FaultOptions = {
  latencyMs?: number;
  rate429?: number;
  rate5xx?: number;
  rateDrop?: number;
  /** Share of 503s and drops that happen after the action was applied (default 0.5). */
  appliedRate?: number;
  seed?: number;
};

export type FaultDecision = { kind: 'none' } | { kind: '429' } | { kind: '503' | 'drop'; applied: boolean };

/** `rate-limit`: a 429 of the emulated action limits (rate-limits.ts), not an injected fault. */
export type FaultRecord = { at: number; method: string; path: string; kind: '429' | '503' | 'drop' | 'rate-limit'; applied: boolean };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private options: Required<Omit<FaultOptions, 'seed'>> = { latencyMs: 0, rate429: 0, rate5xx: 0, rateDrop: 0, appliedRate: 0.5 };
  private random: () => number = Math.random;

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  set(options: FaultOptions): void {
    for (const key of ['rate429', 'rate5xx', 'rateDrop', 'appliedRate'] as const) {
      const value = options[key];
      if (value !== undefined && (value < 0 || value > 1 || Number.isNaN(value))) throw new RangeError(`${key} must be between 0 and 1, got ${value}`);
    }
    if (options.latencyMs !== undefined && (options.latencyMs < 0 || Number.isNaN(options.latencyMs))) throw new RangeError(`latencyMs must be >= 0`);
    this.options = { ...this.options, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => k !== 'seed' && v !== undefined)) };
    if (options.seed !== undefined) this.random = mulberry32(options.seed);
  }

  get current(): Readonly<Required<Omit<FaultOptions, 'seed'>>> {
    return this.options;
  }

  latency(): number {
    return this.options.latencyMs;
  }

  decide(): FaultDecision {
    const { rate429, rate5xx, rateDrop, appliedRate } = this.options;
    if (rate429 + rate5xx + rateDrop === 0) return { kind: 'none' };
    const roll = this.random();
    if (roll < rateDrop) return { kind: 'drop', applied: this.random() < appliedRate };
    if (roll < rateDrop + rate429) return { kind: '429' };
    if (roll < rateDrop + rate429 + rate5xx) return { kind: '503', applied: this.random() < appliedRate };
    return { kind: 'none' };
  }
}
