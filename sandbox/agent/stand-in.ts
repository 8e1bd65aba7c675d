// An offline stand-in for an AI agent, on 127.0.0.1: an OpenAI-compatible Chat Completions
// endpoint (POST /v1/chat/completions, the non-streaming answer of
// https://platform.openai.com/docs/api-reference/chat/object) and our own webhook protocol
// (POST /agent/webhook, docs/agent.md). Tests script what it answers, one script per call in
// order (a reply, a hand-off tool call, a delay past the timeout, a 500, an empty answer, or
// any raw body); with nothing scripted it answers by itself, so that `npm start` shows the
// agent without a key: it echoes the customer and hands off when asked for a person.
// Every request is recorded (headers and JSON body) for tests to check what the model saw.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HANDOFF_TOOL } from '../../assets/lib/agent/prompt';
import { isJsonObject } from '../../assets/lib/common/bounded-json';

type ScriptedAnswer =
  | { reply: string; delayMs?: number }
  | { handoff: { reason?: string }; delayMs?: number }
  | { status: number; delayMs?: number }
  | { empty: true; delayMs?: number }
  | { refusal: string; delayMs?: number }
  /** Never answers (the bridge's timeout ends the call). */
  | { hang: true }
  /** Any body, as given (a string is sent as it is): hostile or malformed answers. */
  | { raw: unknown; status?: number; delayMs?: number };

type RecordedRequest = { path: string; headers: Record<string, string | string[] | undefined>; body: unknown };

export type AgentStandIn = {
  /** The Chat Completions URL (AGENT_URL with AGENT_PROTOCOL=openai). */
  url: string;
  /** Our webhook protocol's URL (AGENT_URL with AGENT_PROTOCOL=webhook). */
  webhookUrl: string;
  /** Queues answers: each call takes the next one; when none is left the stand-in answers by itself. */
  script(...answers: ScriptedAnswer[]): void;
  requests(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
};

const MAX_BODY = 1024 * 1024;

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => (isJsonObject(value) ? value : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

/** The last customer text in either protocol's request: what the unscripted stand-in answers. */
function lastCustomerText(path: string, body: Json): string {
  const latest = (role: string) =>
    asList(body.messages)
      .map(asObject)
      .reverse()
      .find((item) => item.role === role);
  if (path === '/agent/webhook') return String(latest('customer')?.text ?? '');
  const last = latest('user');
  try {
    return String(asObject(JSON.parse(String(last?.content ?? '{}'))).text ?? '');
  } catch {
    return '';
  }
}

function canHandOff(path: string, body: Json): boolean {
  if (path === '/agent/webhook') return body.canHandOff === true;
  return asList(body.tools).some((tool) => asObject(asObject(tool).function).name === HANDOFF_TOOL);
}

/** What the stand-in says when nothing is scripted. */
function unscripted(path: string, body: Json): ScriptedAnswer {
  const text = lastCustomerText(path, body);
  if (canHandOff(path, body) && /\b(human|person|agent|someone|representative)\b/i.test(text))
    return { handoff: { reason: 'the customer asked for a person' } };
  return { reply: `Hi! I am the sandbox's stand-in AI agent (no model, no key). You wrote: "${text.slice(0, 200)}". Ask for a person to be handed over.` };
}

function completion(message: object, finishReason: string): object {
  return {
    id: `chatcmpl-sandbox-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'sandbox-stand-in',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
  };
}

/** The answer's status and body in the protocol the request came in. */
function render(path: string, answer: Exclude<ScriptedAnswer, { hang: true }>): { status: number; body: unknown } {
  if ('raw' in answer) return { status: answer.status ?? 200, body: answer.raw };
  if ('status' in answer) return { status: answer.status, body: { error: { message: 'scripted failure', type: 'server_error' } } };
  const webhook = path === '/agent/webhook';
  if ('reply' in answer) return { status: 200, body: webhook ? { reply: answer.reply } : completion({ content: answer.reply }, 'stop') };
  if ('empty' in answer) return { status: 200, body: webhook ? {} : completion({ content: '' }, 'stop') };
  if ('refusal' in answer) return { status: 200, body: webhook ? {} : completion({ content: null, refusal: answer.refusal }, 'stop') };
  const args = JSON.stringify(answer.handoff);
  return {
    status: 200,
    body: webhook
      ? { handoff: answer.handoff }
      : completion({ content: null, tool_calls: [{ id: 'call_sandbox', type: 'function', function: { name: HANDOFF_TOOL, arguments: args } }] }, 'tool_calls'),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startAgentStandIn(options: { port?: number } = {}): Promise<AgentStandIn> {
  const queue: ScriptedAnswer[] = [];
  const recorded: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(text);
    };
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/agent/webhook')) return send(404, { error: { message: 'not found' } });
    readJson(req).then(
      async (body) => {
        recorded.push({ path, headers: req.headers, body });
        const answer = queue.shift() ?? unscripted(path, asObject(body));
        if ('hang' in answer) return; // the caller's timeout ends it
        if (answer.delayMs) await sleep(answer.delayMs);
        const rendered = render(path, answer);
        send(rendered.status, rendered.body);
      },
      () => send(400, { error: { message: 'the body must be JSON' } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/v1/chat/completions`,
    webhookUrl: `${base}/agent/webhook`,
    script: (...answers) => void queue.push(...answers),
    requests: () => [...recorded],
    reset: () => {
      queue.length = 0;
      recorded.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
