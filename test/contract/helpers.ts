// Shared by the contract and sandbox suites: a sandbox per test file, checked after every
// test for responses that broke Twilio's spec, and the functions' own REST client
// (createTwilioClient) pointed at it, so the real twilio 6 client does every call.
import { createTwilioClient, type TwilioClient } from '../../assets/lib/platform/twilio-client';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index';

export type SandboxHandle = { readonly sandbox: Sandbox; readonly client: TwilioClient };

/** Starts a sandbox before the file's tests, fails any test after which the spec was broken, closes it after. */
export function useSandbox(options: SandboxOptions = {}): SandboxHandle {
  let sandbox: Sandbox | undefined;
  let client: TwilioClient | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true, webhookTimeoutMs: 1_000, ...options });
    client = clientFor(sandbox);
  });
  afterEach(async () => {
    await sandbox?.idle();
    sandbox?.assertNoViolations();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return {
    get sandbox() {
      if (!sandbox) throw new Error('sandbox not started: use it inside a test');
      return sandbox;
    },
    get client() {
      if (!client) throw new Error('sandbox not started: use it inside a test');
      return client;
    },
  };
}

export function clientFor(sandbox: Sandbox, overrides: { attemptTimeoutMs?: number; deadlineMs?: number } = {}): TwilioClient {
  return createTwilioClient({
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    baseUrl: sandbox.url,
    attemptTimeoutMs: 2_000,
    deadlineMs: 4_000,
    ...overrides,
  });
}

/** The error twilio-node throws (RestException), for assertions. */
export async function restError(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string; moreInfo: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number; message: string; moreInfo: string };
  }
  throw new Error('expected the call to fail');
}

/** Raw request to the sandbox (sandbox-only routes, or to see exactly what Twilio's wire answer is). */
export async function raw(sandbox: Sandbox, method: string, path: string, form?: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const pairs = Object.entries(form ?? {}).flatMap(([k, v]): Array<[string, string]> => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]));
  const body = form ? new URLSearchParams(pairs).toString() : undefined;
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
      ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      Connection: 'close',
      ...headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
