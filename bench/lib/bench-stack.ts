// What every benchmark runs on: the sandbox (in this process, with injectable latency),
// a counting proxy in front of it, and the functions on the real local runtime (a child
// process) whose REST client goes through the proxy. A bare function is served beside
// ours, on the same runtime, as the baseline.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { sandboxClient } from '../../sandbox/testing/client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TwilioClient } from '../../assets/lib/platform/twilio-client';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { baseEnv, SERVER_API_TOKEN, sandboxWiring } from '../../sandbox/testing/fixtures';
import { startFunctions, type RunningFunctions } from '../../sandbox/testing/functions-runtime';
import { startCountingProxy, type CountingProxy } from '../../sandbox/testing/counting-proxy';
import { startAgentStandIn, type AgentStandIn } from '../../sandbox/agent/stand-in';

export type BenchStack = {
  /** The environment both functions servers run with (the bot one adds STUDIO_FLOW_SID). */
  env: Record<string, string>;
  sandbox: Sandbox;
  proxy: CountingProxy;
  /** The stand-in AI agent the functions' AGENT_URL points at (it answers at once). */
  agent: AgentStandIn;
  functions: RunningFunctions;
  /** The same functions with STUDIO_FLOW_SID set (the bot attaches to new chats). */
  botFunctions: RunningFunctions;
  /** The same functions without the AI agent: AUTO_REPLY_TEXT answers (what the agent replaces). */
  autoReplyFunctions: RunningFunctions;
  /** A REST client for setting up and for the naive jobs, also through the proxy. */
  client: TwilioClient;
  setLatency(ms: number): void;
  post(path: string, body: unknown, headers?: Record<string, string>, options?: { bot?: boolean }): Promise<{ status: number; body: any }>;
  get(path: string, query: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
};

export const FLOW_SID = 'FW' + 'f'.repeat(32);
export const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';

/** A function that does nothing: the runtime's own cost, the baseline for ours. */
export function bareFunctionDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  writeFileSync(join(dir, 'bare.js'), 'exports.handler = (context, event, callback) => callback(null, { ok: true });\n');
  return dir;
}

export async function startBenchStack(env: Record<string, string> = {}): Promise<BenchStack> {
  const sandbox = await startSandbox({ quiet: true });
  const proxy = await startCountingProxy(sandbox.url);
  const agent = await startAgentStandIn();
  const functionsEnv: Record<string, string> = {
    ...baseEnv,
    ...sandboxWiring(sandbox, proxy.url),
    SMS_PROXY_NUMBER: SMS_PROXY,
    WHATSAPP_SENDER,
    GUEST_CHAT_ENABLED: 'true',
    // The benchmarks time our code; the quota is measured by the tests (its refusals are not the work to time).
    GUEST_CHAT_MAX_PER_MINUTE: '10000',
    AGENT_IDENTITIES: 'agent-a,agent-b,agent-c',
    AGENT_URL: agent.url,
    AGENT_MODEL: 'sandbox-stand-in',
    ...env,
  };
  const extraFunctionsDir = bareFunctionDir();
  const { AGENT_URL: _agentUrl, AGENT_MODEL: _agentModel, ...withoutAgent } = functionsEnv;
  const [functions, botFunctions, autoReplyFunctions] = await Promise.all([
    startFunctions(functionsEnv, { extraFunctionsDir }),
    startFunctions({ ...functionsEnv, STUDIO_FLOW_SID: FLOW_SID }, { extraFunctionsDir }),
    startFunctions({ ...withoutAgent, AUTO_REPLY_TEXT: 'Thanks for your message! A person will answer shortly.' }),
  ]);
  const client = sandboxClient(sandbox, proxy.url);
  const parse = async (response: Response) => ({ status: response.status, body: await response.json().catch(() => undefined) });
  const auth = { Authorization: `Bearer ${SERVER_API_TOKEN}` };
  return {
    env: functionsEnv,
    sandbox,
    proxy,
    agent,
    functions,
    botFunctions,
    autoReplyFunctions,
    client,
    setLatency: (ms) => sandbox.setFaults({ latencyMs: ms }),
    post: (path, body, headers = {}, options = {}) =>
      fetch(`${(options.bot ? botFunctions : functions).url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth, ...headers },
        body: JSON.stringify(body),
      }).then(parse),
    get: (path, query) => fetch(`${functions.url}${path}?${new URLSearchParams(query)}`, { headers: auth }).then(parse),
    stop: async () => {
      await Promise.all([functions.stop(), botFunctions.stop(), autoReplyFunctions.stop()]);
      await proxy.close();
      await sandbox.close();
      await agent.close();
    },
  };
}
