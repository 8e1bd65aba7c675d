// `npm start`: the functions on the local Twilio runtime.
//   - With Twilio credentials in .env (ACCOUNT_SID + AUTH_TOKEN): against Twilio, nothing else.
//   - Without: the offline sandbox AND the functions, wired to each other, with throwaway
//     secrets (kept in .sandbox/env.json so they survive restarts), and a walk-through.
// Sandbox-only settings come from the environment (PORT, SANDBOX_PORT, SANDBOX_LATENCY_MS...),
// never from .env: .env is uploaded on deploy.
import { localWebhookSetup } from './configure/wanted';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/index';
import { startAgentStandIn } from '../sandbox/agent/stand-in';
import { signSession } from '../assets/lib/auth/session';
import { hasTwilioCredentials, readEnvFile } from './env-file';
import { startFunctionsServer, type FunctionsServer } from './functions-server';
import { loadSandboxSecrets, saveSandboxEnv, type SandboxEnv } from './sandbox-env';
import { walkThrough } from './walk-through';

// dist/ lives beside this script; .env and .sandbox/ belong to the directory npm start runs in.
const ROOT = join(__dirname, '../..');
const WORKDIR = process.cwd();
const SMS_PROXY_NUMBER = '+15005550006';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
}

async function againstTwilio(env: Record<string, string>, port: number): Promise<FunctionsServer> {
  const functions = await startFunctionsServer({ root: ROOT, port, env, logs: true });
  process.stdout.write(`\nFunctions on ${functions.url}, calling Twilio with the credentials in .env.\nTry: curl ${functions.url}/health\n\n`);
  return functions;
}

async function withSandbox(fileEnv: Record<string, string>, port: number): Promise<{ close(): Promise<void> }> {
  const secrets = loadSandboxSecrets(WORKDIR);
  const functionsUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({
    port: numberFromEnv('SANDBOX_PORT') ?? 0,
    accountSid: secrets.accountSid,
    authToken: secrets.authToken,
    // As `npm run configure` sets Twilio's: the webhook URL, POST, Filters = the handled events.
    webhooks: localWebhookSetup(functionsUrl),
    // Inbound SMS and WhatsApp autocreate conversations; the service webhooks above already
    // reach the webhook function (a `webhook` autocreation would deliver every event twice).
    addressConfigurations: [
      { type: 'sms', address: SMS_PROXY_NUMBER, autoCreation: { enabled: true, type: 'default' } },
      { type: 'whatsapp', address: WHATSAPP_SENDER, autoCreation: { enabled: true, type: 'default' } },
    ],
    rateLimits: { enabled: process.env.SANDBOX_RATE_LIMITS !== 'off' },
    faults: {
      latencyMs: numberFromEnv('SANDBOX_LATENCY_MS'),
      rate429: numberFromEnv('SANDBOX_RATE_429'),
      rate5xx: numberFromEnv('SANDBOX_RATE_5XX'),
      rateDrop: numberFromEnv('SANDBOX_RATE_DROP'),
    },
    failOnViolation: false,
    // The console's hand-off button calls /studio/handoff here, as Studio's menu would.
    console: { token: secrets.consoleToken, functionsUrl },
  });
  // The AI agent, offline: the stand-in on 127.0.0.1 unless .env names a real one (Ollama, say).
  const agent = fileEnv.AGENT_URL ? undefined : await startAgentStandIn();
  const env: Record<string, string> = {
    ...(agent ? { AGENT_URL: agent.url, AGENT_MODEL: 'sandbox-stand-in' } : {}),
    DEFAULT_COUNTRY: 'US',
    SMS_PROXY_NUMBER,
    WHATSAPP_SENDER,
    AGENT_IDENTITIES: 'agent-ann,agent-bob',
    AUTO_REPLY_TEXT: 'Thanks for your message! A person will answer shortly.',
    // The user's own non-secret settings (timers, patterns...) apply in the sandbox too.
    ...fileEnv,
    ACCOUNT_SID: sandbox.accountSid,
    AUTH_TOKEN: sandbox.authToken,
    API_KEY_SID: secrets.apiKeySid,
    API_KEY_SECRET: secrets.apiKeySecret,
    CONVERSATIONS_SERVICE_SID: sandbox.serviceSid,
    // The sandbox's Sync Service (also reachable as `default`): wins over a real one in .env.
    SYNC_SERVICE_SID: sandbox.syncServiceSid,
    SESSION_SECRET: secrets.sessionSecret,
    SERVER_API_TOKEN: secrets.serverApiToken,
    GUEST_CHAT_ENABLED: 'true',
    ALLOWED_ORIGINS: [fileEnv.ALLOWED_ORIGINS, `http://localhost:${port}`, functionsUrl].filter(Boolean).join(','),
    TWILIO_API_BASE_URL: sandbox.url,
  };
  let functions: FunctionsServer;
  try {
    functions = await startFunctionsServer({ root: ROOT, port, env, logs: true });
  } catch (error) {
    await sandbox.close();
    await agent?.close();
    throw error;
  }
  const sandboxEnv: SandboxEnv = {
    functionsUrl,
    sandboxUrl: sandbox.url,
    consoleUrl: sandbox.consoleUrl,
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    serviceSid: sandbox.serviceSid,
    apiKeySid: secrets.apiKeySid,
    apiKeySecret: secrets.apiKeySecret,
    serverApiToken: secrets.serverApiToken,
    sessionSecret: secrets.sessionSecret,
    consoleToken: secrets.consoleToken,
    smsProxyNumber: SMS_PROXY_NUMBER,
    whatsappSender: WHATSAPP_SENDER,
  };
  const envFile = saveSandboxEnv(WORKDIR, sandboxEnv);
  const session = signSession('alice', 86_400, { secret: secrets.sessionSecret }).token;
  const agentShown = agent ? `the offline stand-in at ${agent.url}   (AGENT_URL in .env for a real model)` : env.AGENT_URL!;
  process.stdout.write(walkThrough(sandboxEnv, session, envFile, agentShown));
  return {
    close: async () => {
      await functions.close();
      await sandbox.close();
      await agent?.close();
    },
  };
}

async function main(): Promise<void> {
  const fileEnv = readEnvFile(join(WORKDIR, '.env'));
  const port = numberFromEnv('PORT') ?? 3000;
  const running = hasTwilioCredentials(fileEnv) ? await againstTwilio(fileEnv, port) : await withSandbox(fileEnv, port);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE/.test(message) ? ' (the port is taken: set PORT=3001 or another free port)' : '';
  process.stderr.write(`npm start failed: ${message}${hint}\n`);
  process.exit(1);
});
