// bench/RESULTS.md: the figures of one `npm run bench` run, as tables.
import type { CeilingRow, ColdRow, OverheadRow, RoundTripRow, VersusRow } from './sections';
import { TWILIO_LATENCY_MS } from './sections';
import type { BurstRow, KeyedSendRow } from './shared-state';

export type Results = {
  roundTrips: RoundTripRow[];
  versus: VersusRow[];
  overhead: OverheadRow[];
  ceiling: CeilingRow[];
  keyedSends: KeyedSendRow;
  bursts: BurstRow[];
  cold: ColdRow[];
  preEventUnderLoad: { requests: number; concurrency: number; p50Ms: number; p99Ms: number; maxMs: number };
  preEvent: string;
  seconds: number;
  machine: string;
};

function table(headers: string[], rows: Array<Array<string | number | boolean | null>>): string {
  const line = (cells: Array<string | number | boolean | null>) => `| ${cells.map((cell) => (cell === null ? '—' : String(cell))).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderResults(results: Results): string {
  const preEvent = JSON.parse(results.preEvent) as { iterations: number; results: Record<string, { p50_us: number; p99_us: number; max_us: number }> };
  return `# Benchmark results

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${results.machine}
- Command: \`npm run bench\` (took ${results.seconds} s)

Every figure below comes from this one run; every ratio compares two things measured side by side in it.

## 1. Sequential Twilio round trips per endpoint

The sandbox answers every Twilio call after L = ${TWILIO_LATENCY_MS} ms (Twilio's measured response time). Elapsed / L is the
number of sequential round trips on the critical path (median of 3 runs). "requests" counts every Twilio call the
endpoint made; "max in flight" shows how many ran at once.

${table(
  ['endpoint', 'target', 'elapsed ms', 'elapsed / L', 'requests', 'max in flight', 'status'],
  results.roundTrips.map((row) => [row.job, row.target, row.medianMs, row.roundTrips, row.requests, row.maxInFlight, row.status]),
)}

## 2. Versus the naive way (Twilio's samples: one await after another)

Same run, same L = ${TWILIO_LATENCY_MS} ms, runs alternated (median of 3). Ours goes through the local Functions runtime;
the naive job calls Twilio directly from the benchmark process (which favours the naive job slightly).

${table(
  ['job', 'ours ms', 'naive ms', 'ours / naive'],
  results.versus.map((row) => [row.job, row.oursMs, row.naiveMs, row.ratio]),
)}

## 3. Our own overhead (Twilio at 0 ms)

Each endpoint against a bare function on the same local runtime (in-process, no fork): latency of 300 sequential
requests, and requests/s with 8 concurrent clients for 1.5 s. Endpoints that call Twilio include the sandbox's own work.
Each endpoint runs on a fresh stack, with Twilio's rate limits lifted (section 4 measures them). Jobs that need a
prepared conversation reuse one for every request, so close, hand-off and attach run their repeated (idempotent) path
here; onboard into an existing conversation makes it grow.

${table(
  ['endpoint', 'p50 ms', 'p99 ms', 'req/s', 'p50 / bare', 'req/s / bare'],
  results.overhead.map((row) => [row.endpoint, row.p50Ms, row.p99Ms, row.rps, row.p50Ratio, row.rpsRatio]),
)}

## 4. At Twilio's ceiling

Twilio allows about 30 conversation creates a second per Service and 30 writes a second per conversation, and answers
429 past that; the sandbox enforces the same limits (token buckets). A burst of requests at once, Twilio at 0 ms:
"rejected by Twilio" counts the 429s our REST client met and retried with backoff; "created" what exists afterwards.
Every request must succeed exactly once, at about the ceiling's pace.

${table(
  ['burst', 'requests', 'succeeded', 'created', 'seconds', 'per second', 'rejected by Twilio (429)'],
  results.ceiling.map((row) => [row.job, row.requests, row.succeeded, row.created, row.seconds, row.perSecond, row.rejectedByTwilio]),
)}

### Parallel sends with one idempotency key

${results.keyedSends.parallel} parallel sends with one \`idempotencyKey\`, ${results.keyedSends.rounds} times (a new key each time), L = ${TWILIO_LATENCY_MS} ms:
messages created each time: ${results.keyedSends.messagesPerRound.join(', ')} (exactly 1 is the promise); answer time p50
${results.keyedSends.p50Ms} ms, p99 ${results.keyedSends.p99Ms} ms (the claim in Sync, the message, the outcome stored; the others wait for it).

### Inbound bursts of new customers

New SMS customers writing in at a steady rate for ${results.bursts[0]?.seconds ?? 0} s, each autocreating a conversation that gets the
auto-reply; rate limits on, L = ${TWILIO_LATENCY_MS} ms. "time to reply" runs from the inbound message to the auto-reply.
"conversation actions" counts the autocreation plus every conversation create or delete our functions made for it
(locks were conversations before Sync: 3 per new customer, so Twilio's 30 a second per Service held 10 customers a second).
The sandbox does not count the autocreation itself against its limit (Twilio's accounting of it is not documented):
with 1 action per customer the model holds 30 customers a second.

${table(
  ['customers / s', 'customers', 'replied once', 'missing', 'doubled', 'time to reply p50 ms', 'p99 ms', '429s', 'conversation actions / customer'],
  results.bursts.map((row) => [
    row.rate,
    row.customers,
    row.repliedOnce,
    row.missing,
    row.doubled,
    row.p50Ms,
    row.p99Ms,
    row.rateLimited,
    row.conversationActionsPerConversation,
  ]),
)}

## 5. Cold start

Each compiled function loaded and called once, for real (its REST calls go to the sandbox at 0 ms), in a fresh Node
process (median of 7), against a bare function loaded and called the same way. Node's own start-up is not included.
"REST client" says whether the full twilio REST client (~100 ms cold) was loaded; "AccessToken" whether the JWT part was.

${table(
  ['function', 'load + first call ms', '/ bare', 'answer', 'REST client', 'AccessToken'],
  results.cold.map((row) => [row.fn, row.loadAndFirstCallMs, row.ratio, row.status, row.restClient, row.accessToken]),
)}

## 6. Pre-event webhook: our handler time

Under load: ${results.preEventUnderLoad.requests} signed onMessageAdd pre-events through the local runtime, ${results.preEventUnderLoad.concurrency} at a time;
our handler's own time as logged by the function (signature check, parse, policy, answer):
p50 ${results.preEventUnderLoad.p50Ms} ms, p99 ${results.preEventUnderLoad.p99Ms} ms, max ${results.preEventUnderLoad.maxMs} ms.
Twilio's limit is 5 s; the target is well under 50 ms.

In isolation (\`bench/webhook-pre-event.ts\`, ${preEvent.iterations} iterations each, no runtime, no network):

${table(
  ['case', 'p50 µs', 'p99 µs', 'max µs'],
  Object.entries(preEvent.results).map(([name, row]) => [name, row.p50_us, row.p99_us, row.max_us]),
)}
`;
}
