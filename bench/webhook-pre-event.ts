// Pre-event handler time: how long OUR code takes to decide a pre-event (parse the form,
// dispatch through the table, run the policy), without the runtime or the network.
// Twilio waits at most 5 s and the target is well under 50 ms; no REST call is made.
// Also the X-Twilio-Signature check, which runs before every webhook.
//
// Run (results are printed as JSON; check them in as bench/results/webhook-pre-event.json):
//   npx esbuild bench/webhook-pre-event.ts --bundle --platform=node --packages=external \
//     --outfile=dist/bench/webhook-pre-event.js && node dist/bench/webhook-pre-event.js
import { twilioSignature } from '../sandbox/testing/signer';
import { requireTwilioSignature } from '../assets/lib/auth/server-auth';
import { readConfig } from '../assets/lib/platform/config';
import { RequestLog, setLogWriter } from '../assets/lib/http/log';
import { answerWebhook } from '../assets/lib/webhook/endpoint';
import { baseEnv, AUTH_TOKEN } from '../sandbox/testing/fixtures';
import { EVENT_FORMS } from '../sandbox/testing/webhook-fixtures';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);
const WARMUP = 2_000;

const config = readConfig({
  ...baseEnv,
  REDACT_PATTERNS: JSON.stringify(['\\bpin\\s*\\d{4}\\b', '\\b\\d{3}-\\d{2}-\\d{4}\\b']),
  BLOCKED_PATTERNS: JSON.stringify(['free crypto', 'buy followers']),
});

const longText = 'I ordered the blue one last week and it still has not arrived, can you check? '.repeat(18).slice(0, 1_500);
const cases: Record<string, Record<string, string>> = {
  'onMessageAdd, short text (publish unchanged)': { ...EVENT_FORMS.onMessageAdd, Body: 'Where is my order #12345?' },
  'onMessageAdd, 1,500 characters (publish unchanged)': { ...EVENT_FORMS.onMessageAdd, Body: longText },
  'onMessageAdd, card number (redact)': { ...EVENT_FORMS.onMessageAdd, Body: 'my card is 4111 1111 1111 1111 exp 12/29' },
  'onMessageAdd, blocked (reject)': { ...EVENT_FORMS.onMessageAdd, Body: 'get free crypto now' },
  'onConversationAdd (name)': EVENT_FORMS.onConversationAdd,
  'unhandled pre-event (onParticipantAdd)': EVENT_FORMS.onParticipantAdd,
  'unknown event': { ...EVENT_FORMS.onMessageAdd, EventType: 'onSomethingNew' },
};

const noTwilio = () => {
  throw new Error('a pre-event must not call Twilio');
};

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const us = (ms: number) => Math.round(ms * 1000 * 10) / 10;
  return { p50_us: us(at(0.5)), p99_us: us(at(0.99)), max_us: us(sorted[sorted.length - 1]!) };
}

async function measure(work: () => Promise<unknown> | unknown) {
  for (let i = 0; i < WARMUP; i += 1) await work();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

async function main() {
  setLogWriter(() => undefined);
  const results: Record<string, unknown> = {};
  for (const [name, params] of Object.entries(cases)) {
    results[name] = await measure(async () => {
      const log = new RequestLog('bench');
      try {
        await answerWebhook({ config, params, log, twilio: noTwilio });
      } catch {
        // A policy rejection is an answer (422), not a failure.
      }
      log.finish({});
    });
  }
  const url = 'https://example.twil.io/conversations/webhook';
  const form = cases['onMessageAdd, short text (publish unchanged)']!;
  const event = { ...form, request: { headers: { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, url, form) } } };
  results['X-Twilio-Signature check'] = await measure(() =>
    requireTwilioSignature({ DOMAIN_NAME: 'example.twil.io', PATH: '/conversations/webhook' }, event, AUTH_TOKEN),
  );
  process.stdout.write(`${JSON.stringify({ bench: 'webhook-pre-event', node: process.version, iterations: ITERATIONS, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
