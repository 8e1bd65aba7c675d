// Child-process entry for tests and benchmarks: starts the local runtime with the
// environment given as JSON in FUNCTIONS_ENV and prints `LISTENING <url>` once ready.
import { startFunctionsServer } from './functions-server';

async function main(): Promise<void> {
  const env = JSON.parse(process.env.FUNCTIONS_ENV ?? '{}') as Record<string, string>;
  const server = await startFunctionsServer({
    env,
    port: Number(process.env.FUNCTIONS_PORT ?? 0),
    extraFunctionsDir: process.env.FUNCTIONS_EXTRA_DIR || undefined,
  });
  process.stdout.write(`LISTENING ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`functions server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
