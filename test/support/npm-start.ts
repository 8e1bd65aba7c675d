// `npm start` as a user runs it (the built dist/dev/start.js, in a fresh folder, on a free
// port), for the tests that check what it prints and serves.
import { functionsNode } from '../../sandbox/testing/functions-runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type NpmStart = {
  /** Everything it printed so far, stdout and stderr. */
  readonly output: string;
  workdir: string;
  port: number;
  /** Stops it as Ctrl-C does and removes its folder (unless `keepWorkdir`). */
  stop(): Promise<void>;
};

export type NpmStartOptions = {
  /** What it prints once ready. Sandbox mode ends its walk-through with 'Ctrl-C stops both'. */
  readyWhen?: string;
  /** The folder it runs in (a new temporary one by default), with a .env or not. */
  workdir?: string;
  timeoutMs?: number;
};

export async function startNpmStart(options: NpmStartOptions = {}): Promise<NpmStart> {
  const workdir = options.workdir ?? mkdtempSync(join(tmpdir(), 'start-'));
  const port = await freePort();
  const child: ChildProcess = spawn(functionsNode(), [join(ROOT, 'dist/dev/start.js')], {
    cwd: workdir,
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      });
    }
    rmSync(workdir, { recursive: true, force: true });
  };
  const readyWhen = options.readyWhen ?? 'Ctrl-C stops both';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), options.timeoutMs ?? 15_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(readyWhen)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get output() {
      return output;
    },
    workdir,
    port,
    stop,
  };
}
