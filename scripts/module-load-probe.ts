// Loads one compiled function in a FRESH process, as a cold Function container would,
// optionally calls it once, and reports the time and which heavy modules were loaded.
// Used by the cold-start test and benchmark: `node dist/dev/module-load-probe.js <function path>`.
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

type Probe = { loadMs: number; callMs: number | null; loadedRestClient: boolean; loadedAccessToken: boolean; modules: number };

async function main(): Promise<void> {
  const [functionPath, callFlag] = process.argv.slice(2);
  if (!functionPath) throw new Error('usage: module-load-probe <dist/functions/x.js> [--call]');
  const root = resolve(__dirname, '../..');
  const helpers = join(root, 'dist/assets/lib/helpers.private.js');
  const { Response } = require(join(root, 'node_modules/@twilio/runtime-handler/dist/dev-runtime/internal/response.js')) as { Response: new () => unknown };
  Object.assign(globalThis, {
    Runtime: { getAssets: () => ({ '/lib/helpers.js': { path: helpers, open: () => '' } }) },
    Twilio: { Response },
  });
  const started = performance.now();
  const fn = require(resolve(functionPath)) as { handler: (context: unknown, event: unknown, callback: (error: unknown) => void) => void };
  const loadMs = performance.now() - started;
  let callMs: number | null = null;
  if (callFlag === '--call') {
    const context = JSON.parse(process.env.PROBE_CONTEXT ?? '{}') as Record<string, unknown>;
    const event = JSON.parse(process.env.PROBE_EVENT ?? '{"request":{"headers":{}}}') as Record<string, unknown>;
    const callStarted = performance.now();
    await new Promise<void>((done) => fn.handler(context, event, () => done()));
    callMs = performance.now() - callStarted;
  }
  const loaded = Object.keys(require.cache);
  const probe: Probe = {
    loadMs,
    callMs,
    loadedRestClient: loaded.some((path) => path.includes(`${join('twilio', 'lib', 'rest', 'Twilio.js')}`)),
    loadedAccessToken: loaded.some((path) => path.includes(join('twilio', 'lib', 'jwt', 'AccessToken.js'))),
    modules: loaded.length,
  };
  process.stdout.write(`${JSON.stringify(probe)}\n`);
  // Keep-alive sockets of the REST client would hold the process open for seconds.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
