// Runs the functions on the REAL local Twilio runtime (@twilio/runtime-handler's dev
// server, the one `twilio-run` uses) over the compiled bundle in dist/, on 127.0.0.1.
// Used by `npm start`, the integration tests and the benchmarks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LocalDevelopmentServer } from '@twilio/runtime-handler/dev';
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';

export type FunctionsServer = { url: string; port: number; close(): Promise<void> };

export type FunctionsServerOptions = {
  /** Project root holding dist/ (default: the working directory). */
  root?: string;
  port?: number;
  /** The Function environment (what `.env` gives a deployed service). */
  env: Record<string, string | undefined>;
  /** Print the runtime's request log lines. */
  logs?: boolean;
  /** Extra compiled functions to serve beside dist/functions (benchmarks: a bare function). */
  extraFunctionsDir?: string;
};

export async function startFunctionsServer({
  root = process.cwd(),
  port = 0,
  env,
  logs = false,
  extraFunctionsDir,
}: FunctionsServerOptions): Promise<FunctionsServer> {
  const routes = await getListOfFunctionsAndAssets(root, {
    functionsFolderNames: [join('dist', 'functions')],
    assetsFolderNames: [join('dist', 'assets')],
  });
  if (extraFunctionsDir) {
    const extra = await getListOfFunctionsAndAssets(extraFunctionsDir, { functionsFolderNames: ['.'], assetsFolderNames: ['no-assets'] });
    routes.functions.push(...extra.functions);
  }
  // The port must be known before the runtime is built (it becomes DOMAIN_NAME), so the
  // socket is bound first and the runtime's express app attached to it.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actualPort}`;
  const runtime = new LocalDevelopmentServer(actualPort, {
    baseDir: root,
    env,
    port: actualPort,
    url,
    detailedLogs: false,
    live: false,
    logs,
    legacyMode: false,
    appName: 'conversations-functions',
    // In-process: one process per request costs ~160 ms each and hides nothing we test.
    forkProcess: false,
    routes,
    enableDebugLogs: false,
  });
  const app = runtime.getApp();
  // A body the runtime's parser cannot read (broken JSON, too large) gets a JSON error
  // like every other answer, instead of express's HTML page with a stack trace.
  app.use((error: { status?: number; type?: string }, _req: unknown, res: { status(code: number): { json(body: unknown): void } }, _next: unknown) => {
    const status = error.status === 413 ? 413 : 400;
    const code = error.status === 413 ? 'input_too_large' : 'invalid_body';
    res
      .status(status)
      .json({ error: { code, message: status === 413 ? 'The request body is too large.' : 'The request body could not be parsed (malformed JSON or form).' } });
  });
  server.on('request', app);
  return {
    url,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
