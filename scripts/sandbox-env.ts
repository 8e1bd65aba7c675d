// Throwaway secrets for sandbox mode, and `.sandbox/env.json` (gitignored): the running
// sandbox's URLs and credentials, machine-readable, for scripts and `npm run session`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newConsoleToken } from '../sandbox/sids';

export type SandboxSecrets = {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  sessionSecret: string;
  serverApiToken: string;
  /** Opens the sandbox console: the link npm start prints carries it once, then a cookie does. */
  consoleToken: string;
};

export type SandboxEnv = Omit<SandboxSecrets, 'accountSid' | 'authToken'> & {
  functionsUrl: string;
  sandboxUrl: string;
  /** The console page with its token. */
  consoleUrl: string;
  accountSid: string;
  authToken: string;
  serviceSid: string;
  smsProxyNumber: string;
  whatsappSender: string;
};

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function sandboxEnvPath(root: string): string {
  return join(root, '.sandbox', 'env.json');
}

/** The secrets of the last sandbox run (so printed sessions keep working), or new ones. */
export function loadSandboxSecrets(root: string): SandboxSecrets {
  const path = sandboxEnvPath(root);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<SandboxSecrets>;
    if (saved.accountSid && saved.authToken && saved.apiKeySid && saved.apiKeySecret && saved.sessionSecret && saved.serverApiToken) {
      // A file from before the console kept its token: the other secrets stay, a token is added.
      return { ...(saved as SandboxSecrets), consoleToken: saved.consoleToken ?? newConsoleToken() };
    }
  }
  return {
    accountSid: `AC${hex(16)}`,
    authToken: hex(16),
    apiKeySid: `SK${hex(16)}`,
    apiKeySecret: hex(16),
    sessionSecret: hex(32),
    serverApiToken: hex(32),
    consoleToken: newConsoleToken(),
  };
}

export function saveSandboxEnv(root: string, env: SandboxEnv): string {
  const path = sandboxEnvPath(root);
  mkdirSync(join(root, '.sandbox'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(env, null, 2)}\n`, { mode: 0o600 });
  return path;
}

export function readSandboxEnv(root: string): SandboxEnv | undefined {
  const path = sandboxEnvPath(root);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SandboxEnv) : undefined;
}
