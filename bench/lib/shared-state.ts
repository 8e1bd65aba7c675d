// The figures of shared state (Twilio Sync): conversation actions per autocreated inbound
// conversation, parallel sends with one idempotency key, and inbound bursts of new customers
// at Twilio's ceiling. Rate limits on, Twilio at L = 166 ms.
import { localWebhookSetup } from '../../scripts/configure/wanted';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { sandboxClient } from '../../sandbox/testing/client';
import { baseEnv, SERVER_API_TOKEN, sandboxWiring } from '../../sandbox/testing/fixtures';
import { startFunctions, type RunningFunctions } from '../../sandbox/testing/functions-runtime';
import { startCountingProxy, type CountingProxy } from '../../sandbox/testing/counting-proxy';
import { TWILIO_LATENCY_MS } from './sections';
import { median, percentile, round } from './stats';

const SMS_PROXY = '+14155550100';
const AUTO_REPLY = 'Thanks for writing, we answer within the hour.';

type InboundStack = { sandbox: Sandbox; proxy: CountingProxy; functions: RunningFunctions; stop(): Promise<void> };

async function startInboundStack(): Promise<InboundStack> {
  const sandbox = await startSandbox({
    quiet: true,
    webhookTimeoutMs: 10_000,
    addressConfigurations: [{ type: 'sms', address: SMS_PROXY, autoCreation: { enabled: true, type: 'default' } }],
  });
  const proxy = await startCountingProxy(sandbox.url);
  const functions = await startFunctions({
    ...baseEnv,
    ...sandboxWiring(sandbox, proxy.url),
    SMS_PROXY_NUMBER: SMS_PROXY,
    AUTO_REPLY_TEXT: AUTO_REPLY,
  });
  sandbox.setWebhooks(localWebhookSetup(functions.url));
  sandbox.setFaults({ latencyMs: TWILIO_LATENCY_MS });
  return {
    sandbox,
    proxy,
    functions,
    stop: async () => {
      await functions.stop();
      await proxy.close();
      await sandbox.close();
    },
  };
}

let sequence = 0;
const freshCustomer = () => `+1415${String(2_000_000 + (sequence += 1)).padStart(7, '0')}`;

/** Conversation creates and deletes our functions asked Twilio for (the autocreation itself is Twilio's own). */
const conversationActions = (calls: string[]) =>
  calls.filter((call) => /^(POST \/v1\/Services\/IS\w+\/Conversations|DELETE \/v1\/Services\/IS\w+\/Conversations\/[^/]+)$/.test(call)).length;

export type BurstRow = {
  rate: number;
  seconds: number;
  customers: number;
  repliedOnce: number;
  missing: number;
  doubled: number;
  p50Ms: number;
  p99Ms: number;
  rateLimited: number;
  conversationActionsPerConversation: number;
};

async function burst(stack: InboundStack, rate: number, seconds: number): Promise<BurstRow> {
  stack.proxy.reset();
  const started: Array<Promise<{ conversationSid?: string; at: number }>> = [];
  const total = rate * seconds;
  const t0 = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = t0 + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = Date.now();
    started.push(
      stack.sandbox
        .inbound({ from: freshCustomer(), to: SMS_PROXY, body: 'Hello, is my order on its way?' })
        .then((result) => ({ conversationSid: result.outcome === 'dropped' ? undefined : result.conversationSid, at })),
    );
  }
  const inbound = await Promise.all(started);
  await stack.sandbox.idle();
  const replies = new Map<string, number[]>();
  for (const message of stack.sandbox.state.messages.values()) {
    if (message.body !== AUTO_REPLY) continue;
    replies.set(message.conversationSid, [...(replies.get(message.conversationSid) ?? []), message.dateCreated]);
  }
  const latencies: number[] = [];
  let repliedOnce = 0;
  let missing = 0;
  let doubled = 0;
  for (const { conversationSid, at } of inbound) {
    const times = conversationSid ? (replies.get(conversationSid) ?? []) : [];
    if (times.length === 0) missing += 1;
    else if (times.length > 1) doubled += 1;
    else repliedOnce += 1;
    if (times.length > 0) latencies.push(Math.min(...times) - at);
  }
  const { rateLimited } = stack.proxy.counts();
  return {
    rate,
    seconds,
    customers: total,
    repliedOnce,
    missing,
    doubled,
    p50Ms: round(percentile(latencies, 0.5), 0),
    p99Ms: round(percentile(latencies, 0.99), 0),
    rateLimited,
    // + 1: the autocreation, which Twilio performs (and counts) itself.
    conversationActionsPerConversation: round(1 + conversationActions(stack.proxy.calls()) / total, 2),
  };
}

export async function measureInboundBursts(rates = [10, 20, 30], seconds = 20): Promise<BurstRow[]> {
  const rows: BurstRow[] = [];
  for (const rate of rates) {
    const stack = await startInboundStack();
    try {
      rows.push(await burst(stack, rate, seconds));
    } finally {
      await stack.stop();
    }
  }
  return rows;
}

export type KeyedSendRow = { parallel: number; rounds: number; messagesPerRound: number[]; p50Ms: number; p99Ms: number };

/** `parallel` sends with one idempotency key, `rounds` times (a new key each round). */
export async function measureKeyedSends(parallel = 20, rounds = 5): Promise<KeyedSendRow> {
  const stack = await startInboundStack();
  try {
    const auth = { Authorization: `Bearer ${SERVER_API_TOKEN}`, 'Content-Type': 'application/json' };
    const client = sandboxClient(stack.sandbox);
    const conversation = await client.conversations.v1.services(stack.sandbox.serviceSid).conversations.create({});
    const messagesPerRound: number[] = [];
    const times: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const before = stack.sandbox.state.messages.size;
      const key = `bench-key-${round}-${Date.now()}`;
      await Promise.all(
        Array.from({ length: parallel }, async () => {
          const start = performance.now();
          const answer = await fetch(`${stack.functions.url}/conversations/messages/send`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ conversationSid: conversation.sid, body: `Update ${round}`, idempotencyKey: key }),
          });
          await answer.text();
          times.push(performance.now() - start);
        }),
      );
      await stack.sandbox.idle();
      messagesPerRound.push(stack.sandbox.state.messages.size - before);
    }
    return { parallel, rounds, messagesPerRound, p50Ms: round0(median(times)), p99Ms: round0(percentile(times, 0.99)) };
  } finally {
    await stack.stop();
  }
}

const round0 = (value: number) => round(value, 0);
