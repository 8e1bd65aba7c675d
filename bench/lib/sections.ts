// The benchmark sections. Each returns rows for bench/RESULTS.md; every ratio compares
// two things measured side by side in the same run.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchStack } from './bench-stack';
import type { Job } from './jobs';
import { median, percentile, round, timed } from './stats';

export const TWILIO_LATENCY_MS = 166;

export type RoundTripRow = { job: string; target: number | null; medianMs: number; roundTrips: number; requests: number; maxInFlight: number; status: number };

/** Elapsed time with every Twilio call taking L ms, divided by L: the sequential round trips. */
export async function measureRoundTrips(stack: BenchStack, jobs: Job[], runs = 3): Promise<RoundTripRow[]> {
  const rows: RoundTripRow[] = [];
  for (const job of jobs) {
    const samples: number[] = [];
    let requests = 0;
    let maxInFlight = 0;
    let status = 0;
    for (let run = 0; run < runs; run += 1) {
      stack.setLatency(0);
      const prepared = job.prepare ? await job.prepare(stack) : undefined;
      stack.setLatency(TWILIO_LATENCY_MS);
      stack.proxy.reset();
      const { ms, value } = await timed(() => job.run(stack, prepared));
      samples.push(ms);
      ({ requests, maxInFlight } = stack.proxy.counts());
      status = value.status;
    }
    const medianMs = median(samples);
    rows.push({
      job: job.name,
      target: job.target,
      medianMs: round(medianMs, 0),
      roundTrips: round(medianMs / TWILIO_LATENCY_MS, 2),
      requests,
      maxInFlight,
      status,
    });
  }
  stack.setLatency(0);
  return rows;
}

export type VersusRow = { job: string; oursMs: number; naiveMs: number; ratio: number };

/** Ours and the naive way, alternated run by run so both see the same machine. */
export async function measureVersusNaive(stack: BenchStack, pairs: Array<{ job: string; ours: Job; naive: Job }>, runs = 3): Promise<VersusRow[]> {
  const rows: VersusRow[] = [];
  stack.setLatency(TWILIO_LATENCY_MS);
  for (const pair of pairs) {
    const ours: number[] = [];
    const naive: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const forOurs = pair.ours.prepare ? await pair.ours.prepare(stack) : undefined;
      ours.push((await timed(() => pair.ours.run(stack, forOurs))).ms);
      const forNaive = pair.naive.prepare ? await pair.naive.prepare(stack) : undefined;
      naive.push((await timed(() => pair.naive.run(stack, forNaive))).ms);
    }
    rows.push({ job: pair.job, oursMs: round(median(ours), 0), naiveMs: round(median(naive), 0), ratio: round(median(ours) / median(naive), 2) });
  }
  stack.setLatency(0);
  return rows;
}

export type OverheadRow = { endpoint: string; p50Ms: number; p99Ms: number; rps: number; p50Ratio: number; rpsRatio: number };

async function latencyAndThroughput(call: () => Promise<unknown>, requests: number, concurrency: number, seconds: number) {
  for (let i = 0; i < 20; i += 1) await call();
  const samples: number[] = [];
  for (let i = 0; i < requests; i += 1) samples.push((await timed(call)).ms);
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        done += 1;
      }
    }),
  );
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), rps: done / seconds };
}

/**
 * Our endpoints against a bare function on the same local runtime, Twilio at 0 ms. Each
 * endpoint gets a fresh stack, so the sandbox's growing state never slows a later one.
 * Twilio's rate limits are lifted here: this measures our code, and at 30 writes/s a
 * second the limit, not our code, would set every figure (section 4 measures the limit).
 */
export async function measureOverhead(
  withStack: <T>(work: (stack: BenchStack) => Promise<T>) => Promise<T>,
  jobs: Job[],
  requests = 300,
  concurrency = 8,
  seconds = 1.5,
): Promise<OverheadRow[]> {
  const bare = await withStack((stack) =>
    latencyAndThroughput(() => fetch(`${stack.functions.url}/bare`).then((r) => r.text()), requests, concurrency, seconds),
  );
  const rows: OverheadRow[] = [
    { endpoint: 'bare function (baseline)', p50Ms: round(bare.p50, 2), p99Ms: round(bare.p99, 2), rps: round(bare.rps, 0), p50Ratio: 1, rpsRatio: 1 },
  ];
  for (const job of jobs) {
    const result = await withStack(async (stack) => {
      stack.sandbox.setRateLimits({ enabled: false });
      const prepared = job.prepare ? await job.prepare(stack) : undefined;
      return latencyAndThroughput(() => job.run(stack, prepared), requests, concurrency, seconds);
    });
    rows.push({
      endpoint: job.name,
      p50Ms: round(result.p50, 2),
      p99Ms: round(result.p99, 2),
      rps: round(result.rps, 0),
      p50Ratio: round(result.p50 / bare.p50, 2),
      rpsRatio: round(result.rps / bare.rps, 2),
    });
  }
  return rows;
}

export type CeilingRow = { job: string; requests: number; succeeded: number; created: number; seconds: number; perSecond: number; rejectedByTwilio: number };

/**
 * Bursts past Twilio's documented ceiling (30 actions a second per Service and per
 * conversation), rate limits on, Twilio at 0 ms: every request must still succeed exactly
 * once (our client backs off on 429 inside the deadline), at about the ceiling's pace.
 */
export async function measureCeiling(stack: BenchStack, burst = 90): Promise<CeilingRow[]> {
  const rows: CeilingRow[] = [];
  const run = async (
    job: string,
    prepare: () => Promise<string | undefined>,
    one: (sid: string | undefined, index: number) => Promise<{ status: number }>,
    created: (sid: string | undefined) => number,
  ) => {
    const sid = await prepare();
    stack.proxy.reset();
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: burst }, (_, index) => one(sid, index)));
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      job,
      requests: burst,
      succeeded: answers.filter((answer) => answer.status === 200).length,
      created: created(sid),
      seconds: round(seconds, 2),
      perSecond: round(burst / seconds, 1),
      rejectedByTwilio: stack.proxy.counts().rateLimited,
    });
  };
  await run(
    `${burst} sends into one conversation`,
    async () =>
      (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: `ceiling-${randomUUID().slice(0, 8)}` }] })).body
        .conversationSid as string,
    (sid, index) => stack.post('/conversations/messages/send', { conversationSid: sid, body: `update ${index}` }),
    (sid) => [...stack.sandbox.state.messages.values()].filter((message) => message.conversationSid === sid).length,
  );
  const before = stack.sandbox.state.conversations.size;
  await run(
    `${burst} onboards (new conversations, one Service)`,
    async () => undefined,
    (_sid, index) => stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: `ceiling-${index}-${randomUUID().slice(0, 8)}` }] }),
    () => stack.sandbox.state.conversations.size - before,
  );
  return rows;
}

export type ColdRow = { fn: string; status: number | null; loadAndFirstCallMs: number; ratio: number; restClient: boolean; accessToken: boolean };

/**
 * Each function's module graph loaded and called once in a fresh process (median of `runs`),
 * against a bare function. The probe runs asynchronously: the sandbox it calls lives in
 * this process and must keep answering.
 */
export type ProbeInput = { context: object; event: object };

export async function measureColdStart(root: string, inputs: Record<string, () => Promise<ProbeInput>>, bareFile: string, runs = 7): Promise<ColdRow[]> {
  const probe = async (file: string, input: { context: object; event: object }) => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'dist/dev/module-load-probe.js'), file, '--call'], {
      env: { PATH: process.env.PATH, PROBE_CONTEXT: JSON.stringify(input.context), PROBE_EVENT: JSON.stringify(input.event) },
    });
    const lines = stdout.trim().split('\n');
    const statuses = lines.slice(0, -1).map((line) => (JSON.parse(line) as { status?: number }).status);
    return {
      ...(JSON.parse(lines[lines.length - 1]!) as { loadMs: number; callMs: number; loadedRestClient: boolean; loadedAccessToken: boolean }),
      status: statuses[0],
    };
  };
  const sample = async (file: string, input: () => Promise<ProbeInput>) => {
    const results = [];
    for (let run = 0; run < runs; run += 1) results.push(await probe(file, await input()));
    return { ms: median(results.map((r) => r.loadMs + r.callMs)), last: results[results.length - 1]! };
  };
  const bare = await sample(bareFile, async () => ({ context: {}, event: {} }));
  const rows: ColdRow[] = [
    { fn: 'bare function (baseline)', status: 200, loadAndFirstCallMs: round(bare.ms, 1), ratio: 1, restClient: false, accessToken: false },
  ];
  const functionsDir = join(root, 'dist/functions');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
  for (const file of files(functionsDir).sort()) {
    const name = file.slice(functionsDir.length).replace(/\.js$/, '').replace('.protected', '');
    const input = inputs[name];
    if (!input) continue;
    const result = await sample(file, input);
    rows.push({
      fn: name,
      status: result.last.status ?? null,
      loadAndFirstCallMs: round(result.ms, 1),
      ratio: round(result.ms / bare.ms, 2),
      restClient: result.last.loadedRestClient,
      accessToken: result.last.loadedAccessToken,
    });
  }
  return rows;
}

/** Signed pre-events fired concurrently through the runtime; our handler's time is read from the functions' own log lines. */
export async function measurePreEventUnderLoad(stack: BenchStack, send: () => Promise<unknown>, requests = 2_000, concurrency = 16) {
  stack.setLatency(0);
  const before = stack.functions.requestLogs().length;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < requests) {
        sent += 1;
        await send();
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const times = stack.functions
    .requestLogs()
    .slice(before)
    .filter((line) => line.fn === 'conversations/webhook' && typeof line.ms === 'number')
    .map((line) => line.ms as number);
  return {
    requests: times.length,
    concurrency,
    p50Ms: round(percentile(times, 0.5), 2),
    p99Ms: round(percentile(times, 0.99), 2),
    maxMs: round(Math.max(...times), 2),
  };
}
