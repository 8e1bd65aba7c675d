// The functions on the real local runtime, wired to a fresh sandbox: the functions'
// REST client goes to the sandbox (TWILIO_API_BASE_URL) with the sandbox's credentials,
// and (optionally) the sandbox's service webhooks point at /conversations/webhook.
import { localWebhookSetup } from '../../scripts/configure/wanted';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { startCountingProxy } from '../../sandbox/testing/counting-proxy';
import { baseEnv, SERVER_API_TOKEN, sandboxWiring } from '../../sandbox/testing/fixtures';
import { call, startFunctions, type HttpAnswer, type RunningFunctions } from '../../sandbox/testing/functions-runtime';

export type Stack = {
  sandbox: Sandbox;
  functions: RunningFunctions;
  /** POST JSON with the server bearer token. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** GET with the server bearer token. */
  get(path: string, query?: Record<string, string>): Promise<HttpAnswer>;
  /** With `countRequests`: every REST call the functions made since the last reset, as `METHOD path`. */
  calls(): string[];
  stop(): Promise<void>;
};

export type StackOptions = {
  env?: Record<string, string | undefined>;
  sandbox?: SandboxOptions;
  /** Point the sandbox's Service webhooks at the functions as `npm run configure` points Twilio's (URL, method, Filters). */
  webhooks?: boolean;
  /** Put a counting proxy between the functions and the sandbox (see `calls()`). */
  countRequests?: boolean;
};

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ quiet: true, webhookTimeoutMs: 2_000, ...options.sandbox });
  const proxy = options.countRequests ? await startCountingProxy(sandbox.url) : undefined;
  const functions = await startFunctions({
    ...baseEnv,
    ...sandboxWiring(sandbox, proxy?.url),
    ...options.env,
  });
  if (options.webhooks) sandbox.setWebhooks(localWebhookSetup(functions.url));
  const auth = { Authorization: `Bearer ${SERVER_API_TOKEN}` };
  return {
    sandbox,
    functions,
    post: (path, body, headers = {}) =>
      call(`${functions.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth, ...headers }, body: JSON.stringify(body) }),
    get: (path, query = {}) => call(`${functions.url}${path}?${new URLSearchParams(query)}`, { headers: auth }),
    calls: () => proxy?.calls() ?? [],
    stop: async () => {
      try {
        // Fails the suite when any answer of ours broke docs/openapi.json.
        await functions.stop();
      } finally {
        await proxy?.close();
        await sandbox.close();
      }
      // Any sandbox answer that broke Twilio's spec fails the suite, loudly.
      sandbox.assertNoViolations();
    },
  };
}
