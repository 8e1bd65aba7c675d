// `npm run session -- <identity> [ttlSeconds]`: prints a session JWT for local use, signed
// with the running sandbox's SESSION_SECRET (.sandbox/env.json) or SESSION_SECRET from
// the environment / .env. Use it as `Authorization: Bearer <jwt>` on /token.
import { join } from 'node:path';
import { validateIdentity } from '../assets/lib/conversations/identifiers';
import { signSession } from '../assets/lib/auth/session';
import { readEnvFile } from './env-file';
import { readSandboxEnv } from './sandbox-env';

const WORKDIR = process.cwd();

function main(): void {
  const [identity, ttl = '3600'] = process.argv.slice(2);
  if (!identity) throw new Error('usage: npm run session -- <identity> [ttlSeconds]');
  validateIdentity(identity);
  const fileEnv = readEnvFile(join(WORKDIR, '.env'));
  const secret = process.env.SESSION_SECRET ?? readSandboxEnv(WORKDIR)?.sessionSecret ?? fileEnv.SESSION_SECRET;
  if (!secret) throw new Error('No SESSION_SECRET: run `npm start` once (sandbox mode) or set SESSION_SECRET.');
  const issuer = process.env.SESSION_ISSUER ?? fileEnv.SESSION_ISSUER;
  const audience = process.env.SESSION_AUDIENCE ?? fileEnv.SESSION_AUDIENCE;
  process.stdout.write(`${signSession(identity, Number(ttl), { secret, issuer, audience }).token}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
