// Reads `.env` the way the Serverless Toolkit does (KEY=value lines), with Node's own parser.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  // Empty values mean "unset" (.env.example lists every variable empty).
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value.trim() !== ''));
}

/** Real Twilio credentials present: run against Twilio, not the sandbox. */
export function hasTwilioCredentials(env: Record<string, string | undefined>): boolean {
  return /^AC[0-9a-fA-F]{32}$/.test(env.ACCOUNT_SID ?? '') && (env.AUTH_TOKEN ?? '').length === 32;
}
