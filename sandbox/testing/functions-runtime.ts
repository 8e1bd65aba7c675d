// Starts the REAL local Functions runtime (@twilio/runtime-handler's dev server over
// dist/, see scripts/functions-server.ts) as a child process on a free port, on the Node.js
// of functionsNode().
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { twilioSignature } from './signer';
import { assertAnswersMatchDocument, checkAnswer } from './openapi-contract';

export type RunningFunctions = {
  url: string;
  /** Every line the functions logged (our one-JSON-line-per-request log among them). */
  logs: string[];
  /** Parsed request log lines of our functions. */
  requestLogs(): Array<Record<string, unknown>>;
  /** Resolves with the request log lines once there are at least `count` (they reach the pipe after the answer). */
  waitForRequestLogs(count: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
};

const ROOT = join(__dirname, '../..');

/** The Node.js the functions run on: FUNCTIONS_NODE (the suite's second run, on Twilio's node22), else this one. */
export const functionsNode = (): string => process.env.FUNCTIONS_NODE ?? process.execPath;

export async function startFunctions(env: Record<string, string | undefined>, options: { extraFunctionsDir?: string } = {}): Promise<RunningFunctions> {
  const child: ChildProcess = spawn(functionsNode(), [join(ROOT, 'dist/dev/functions-server-main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, FUNCTIONS_ENV: JSON.stringify(env), FUNCTIONS_EXTRA_DIR: options.extraFunctionsDir ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`functions runtime did not start:\n${logs.join('\n')}`)), 15_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const ready = /^LISTENING (\S+)/.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]!);
        } else logs.push(line);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`functions runtime exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const requestLogs = () =>
    logs.flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        return typeof parsed.fn === 'string' ? [parsed] : [];
      } catch {
        return [];
      }
    });
  const waitForRequestLogs = (count: number, timeoutMs = 5_000) =>
    new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
      const check = () => {
        const lines = requestLogs();
        if (lines.length < count) return;
        child.stdout!.off('data', onData);
        clearTimeout(timer);
        resolve(lines);
      };
      // Checked after this chunk was split into lines by the listener above.
      const onData = () => setImmediate(check);
      const timer = setTimeout(() => {
        child.stdout!.off('data', onData);
        reject(new Error(`expected ${count} request log lines, have ${requestLogs().length}`));
      }, timeoutMs);
      child.stdout!.on('data', onData);
      check();
    });
  return {
    url,
    logs,
    requestLogs,
    waitForRequestLogs,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      // Every answer these functions gave in the suite matched docs/openapi.json.
      assertAnswersMatchDocument(url);
    },
  };
}

export type HttpAnswer = { status: number; body: any; headers: Headers; text: string };

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** fetch() that parses JSON answers (a text/plain answer's body is its text) and keeps the raw text (to look for stack traces). */
export async function call(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const body = contentType?.startsWith('text/plain') ? text : parseJson(text);
  checkAnswer(url, response.status, body, init.headers, contentType);
  return { status: response.status, body, headers: response.headers, text };
}

/** A form-encoded POST, as Twilio and Studio send theirs. */
export function postForm(url: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return call(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

/** A form POST signed for real with X-Twilio-Signature (for `signFor`, another URL, to test refusals). */
export function postSignedForm(url: string, authToken: string, params: Record<string, string>, signFor = url): Promise<HttpAnswer> {
  return postForm(url, params, { 'X-Twilio-Signature': twilioSignature(authToken, signFor, params) });
}
