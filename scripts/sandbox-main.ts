// Runs the Twilio sandbox as a process (tests, benchmarks, `npm start`). Configured by
// environment only, never by .env (which is uploaded on deploy). Prints
//   SANDBOX <url> <accountSid> <authToken>
//   CONSOLE <console URL with its token>
// once listening. Variables (all optional):
//   SANDBOX_PORT                  port on 127.0.0.1 (default: a free port)
//   SANDBOX_ACCOUNT_SID           AC + 32 hex (default: random)
//   SANDBOX_AUTH_TOKEN            32 characters (default: random)
//   SANDBOX_LATENCY_MS            fixed latency per API request (166 = Twilio measured)
//   SANDBOX_RATE_429              share of API requests answered 429/20429 (0..1)
//   SANDBOX_RATE_5XX              share answered 503 (0..1)
//   SANDBOX_RATE_DROP             share of connections dropped without an answer (0..1)
//   SANDBOX_FAULT_SEED            integer seed: the same faults in the same order
//   SANDBOX_PRE_WEBHOOK_URL       the service's pre-event webhook URL
//   SANDBOX_POST_WEBHOOK_URL      the service's post-event webhook URL
//   SANDBOX_WEBHOOK_FILTERS       comma-separated events (default: all)
//   SANDBOX_WEBHOOK_METHOD        POST (default) or GET
//   SANDBOX_WEBHOOK_TIMEOUT_MS    pre/post webhook timeout (default 5000, like Twilio)
//   SANDBOX_DUPLICATE_WEBHOOKS    "true": every post-event is sent twice
//   SANDBOX_ADDRESS_CONFIGURATIONS  JSON array of { type, address, autoCreation: { enabled, type, webhookUrl, studioFlowSid, ... } }
//   SANDBOX_QUIET                 "true": no log lines except spec violations
//   SANDBOX_CONSOLE_TOKEN         the console's token (16-128 of A-Z a-z 0-9 - _; default: random)
//   SANDBOX_FUNCTIONS_URL         where the functions run, for the console's hand-off button
import { type AddressConfigurationInput, type SandboxOptions, startSandbox } from '../sandbox/index';

function number(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (Number.isNaN(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

function text(name: string): string | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

function optionsFromEnv(): SandboxOptions {
  const method = text('SANDBOX_WEBHOOK_METHOD')?.toUpperCase();
  if (method !== undefined && method !== 'GET' && method !== 'POST') throw new Error(`SANDBOX_WEBHOOK_METHOD must be GET or POST, got "${method}"`);
  const addresses = text('SANDBOX_ADDRESS_CONFIGURATIONS');
  return {
    port: number('SANDBOX_PORT') ?? 0,
    accountSid: text('SANDBOX_ACCOUNT_SID'),
    authToken: text('SANDBOX_AUTH_TOKEN'),
    faults: {
      latencyMs: number('SANDBOX_LATENCY_MS'),
      rate429: number('SANDBOX_RATE_429'),
      rate5xx: number('SANDBOX_RATE_5XX'),
      rateDrop: number('SANDBOX_RATE_DROP'),
      seed: number('SANDBOX_FAULT_SEED'),
    },
    webhooks: {
      preUrl: text('SANDBOX_PRE_WEBHOOK_URL'),
      postUrl: text('SANDBOX_POST_WEBHOOK_URL'),
      filters: text('SANDBOX_WEBHOOK_FILTERS')
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      method: method as 'GET' | 'POST' | undefined,
    },
    webhookTimeoutMs: number('SANDBOX_WEBHOOK_TIMEOUT_MS'),
    duplicateWebhooks: text('SANDBOX_DUPLICATE_WEBHOOKS') === 'true',
    // Twilio's action limits (30/s per Service and per conversation) are on unless switched off.
    rateLimits: { enabled: text('SANDBOX_RATE_LIMITS') !== 'off' },
    addressConfigurations: addresses ? (JSON.parse(addresses) as AddressConfigurationInput[]) : undefined,
    // A process serves humans and other processes: record and log violations, keep answering.
    failOnViolation: false,
    quiet: text('SANDBOX_QUIET') === 'true',
    console: { token: text('SANDBOX_CONSOLE_TOKEN'), functionsUrl: text('SANDBOX_FUNCTIONS_URL') },
  };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox(optionsFromEnv());
  process.stdout.write(`SANDBOX ${sandbox.url} ${sandbox.accountSid} ${sandbox.authToken}\nCONSOLE ${sandbox.consoleUrl}\n`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
