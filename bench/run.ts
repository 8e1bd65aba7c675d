// `npm run bench`: every benchmark, side by side in one run, written to bench/RESULTS.md.
//   1. sequential Twilio round trips per endpoint (Twilio's latency injected: 166 ms)
//   2. ours vs the naive way of Twilio's samples (same run, same latency)
//   3. our overhead vs a bare function on the same local runtime (0 ms Twilio)
//   4. cold start: each function's module graph, loaded and called once in a fresh process
//   5. the pre-event webhook handler's own time (bench/webhook-pre-event.ts)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { twilioSignature } from '../sandbox/testing/signer';
import { signSession } from '../assets/lib/auth/session';
import { ORIGIN, SERVER_API_TOKEN, SESSION_SECRET } from '../sandbox/testing/fixtures';
import { bareFunctionDir, startBenchStack, type BenchStack } from './lib/bench-stack';
import { naiveOnboard, naiveWebchat, OUR_EQUIVALENTS, OUR_JOBS } from './lib/jobs';
import { renderResults } from './lib/report';
import {
  measureCeiling,
  measureColdStart,
  measureOverhead,
  type ProbeInput,
  measurePreEventUnderLoad,
  measureRoundTrips,
  measureVersusNaive,
} from './lib/sections';
import { EXTRA_COLD_INPUTS, EXTRA_JOBS, EXTRA_PAIRS } from './lib/studio-jobs';
import { AGENT_JOBS } from './lib/agent-jobs';
import { measureInboundBursts, measureKeyedSends } from './lib/shared-state';

const ROOT = join(__dirname, '../..');

async function withStack<T>(work: (stack: BenchStack) => Promise<T>): Promise<T> {
  const stack = await startBenchStack();
  try {
    return await work(stack);
  } finally {
    await stack.stop();
  }
}

/** A valid request for each function, made anew for every probe: each one runs for real. */
function coldStartInputs(stack: BenchStack): Record<string, () => Promise<ProbeInput>> {
  const conversation = async () =>
    (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'cold-start' }] })).body.conversationSid as string;
  const context = (path: string) => ({ ...stack.env, DOMAIN_NAME: 'probe.twil.io', PATH: path });
  const bearer = { authorization: `Bearer ${SERVER_API_TOKEN}` };
  return {
    '/health': async () => ({ context: context('/health'), event: { request: { headers: {} } } }),
    '/token': async () => ({
      context: context('/token'),
      event: { request: { headers: { authorization: `Bearer ${signSession('cold', 600, { secret: SESSION_SECRET }).token}` } } },
    }),
    '/webchat/start': async () => ({ context: context('/webchat/start'), event: { request: { headers: { origin: ORIGIN } } } }),
    '/participants/onboard': async () => ({
      context: context('/participants/onboard'),
      event: { conversationSid: await conversation(), participants: [{ channel: 'chat', identity: 'cold-joiner' }], request: { headers: bearer } },
    }),
    '/conversations/messages/send': async () => ({
      context: context('/conversations/messages/send'),
      event: { conversationSid: await conversation(), body: 'cold', request: { headers: { ...bearer, 'content-type': 'application/json' } } },
    }),
    '/conversations/messages/history': async () => ({
      context: context('/conversations/messages/history'),
      event: { conversationSid: await conversation(), request: { headers: bearer } },
    }),
    '/conversations/messages': async () => ({ context: context('/conversations/messages'), event: { request: { headers: {} } } }),
    '/conversations/close': async () => ({
      context: context('/conversations/close'),
      event: { conversationSid: await conversation(), request: { headers: bearer } },
    }),
    '/conversations/webhook': async () => {
      const form = {
        AccountSid: stack.sandbox.accountSid,
        EventType: 'onMessageAdd',
        Source: 'SMS',
        ConversationSid: await conversation(),
        Body: 'hello',
        Author: '+14155550123',
      };
      return {
        context: context('/conversations/webhook'),
        event: {
          ...form,
          request: {
            headers: { 'x-twilio-signature': twilioSignature(stack.sandbox.authToken, 'https://probe.twil.io/conversations/webhook', form) },
          },
        },
      };
    },
    ...EXTRA_COLD_INPUTS(stack, context),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const progress = (what: string) => process.stderr.write(`[${Math.round((Date.now() - started) / 1000)} s] ${what}\n`);
  const jobs = [...OUR_JOBS, ...EXTRA_JOBS, ...AGENT_JOBS];

  progress('round trips');
  const roundTrips = await withStack((stack) => measureRoundTrips(stack, jobs));
  progress('versus naive');
  const versus = await withStack((stack) =>
    measureVersusNaive(stack, [
      { job: 'onboard 1 participant', ours: OUR_EQUIVALENTS['onboard 1 participant']!, naive: naiveOnboard(1) },
      { job: 'onboard 5 participants', ours: OUR_EQUIVALENTS['onboard 5 participants']!, naive: naiveOnboard(5) },
      { job: 'onboard 10 participants', ours: OUR_EQUIVALENTS['onboard 10 participants']!, naive: naiveOnboard(10) },
      { job: 'webchat start (question + bot)', ours: OUR_EQUIVALENTS['webchat start (question + bot)']!, naive: naiveWebchat },
      ...EXTRA_PAIRS,
    ]),
  );
  progress('overhead');
  const overhead = await measureOverhead(
    withStack,
    jobs.filter((job) => !job.name.includes('bound elsewhere')),
  );
  progress("Twilio's ceiling");
  const ceiling = await withStack((stack) => measureCeiling(stack));
  progress('parallel sends with one key');
  const keyedSends = await measureKeyedSends();
  progress('inbound bursts at the ceiling');
  const bursts = await measureInboundBursts();
  progress('cold start');
  const cold = await withStack((stack) => measureColdStart(ROOT, coldStartInputs(stack), join(bareFunctionDir(), 'bare.js')));
  progress('pre-event webhook under load');
  const preEventUnderLoad = await withStack(async (stack) => {
    const job = OUR_JOBS.find((candidate) => candidate.name === 'webhook, pre-event onMessageAdd')!;
    const conversationSid = await job.prepare!(stack);
    return measurePreEventUnderLoad(stack, () => job.run(stack, conversationSid));
  });
  progress('pre-event handler in isolation');
  const preEvent = execFileSync(process.execPath, [join(ROOT, 'dist/bench/webhook-pre-event.js')], { encoding: 'utf8' });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const markdown = renderResults({
    roundTrips,
    versus,
    overhead,
    ceiling,
    keyedSends,
    bursts,
    cold,
    preEvent,
    preEventUnderLoad,
    seconds: Math.round((Date.now() - started) / 1000),
    machine,
  });
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
