// scripts/sandbox-main.ts as a process: env-configured, prints `SANDBOX <url> <sid> <token>`
// and `CONSOLE <url>`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

describe('scripts/sandbox-main.ts', () => {
  let child: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-main-'));
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts from env (latency, faults, webhooks, address configurations) and prints its URL and credentials', async () => {
    const outfile = join(dir, 'sandbox-main.js');
    // Bundled like scripts/build.mjs does; npm packages resolve from the project.
    await build({
      entryPoints: [join(__dirname, '../../scripts/sandbox-main.ts')],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
      nodePaths: [join(__dirname, '../../node_modules')],
    });
    child = spawn(process.execPath, [outfile], {
      env: {
        ...process.env,
        NODE_PATH: join(__dirname, '../../node_modules'),
        SANDBOX_LATENCY_MS: '50',
        SANDBOX_RATE_429: '0',
        SANDBOX_ADDRESS_CONFIGURATIONS: JSON.stringify([{ type: 'sms', address: '+15550100000', autoCreation: { enabled: true, type: 'default' } }]),
        SANDBOX_QUIET: 'true',
        SANDBOX_CONSOLE_TOKEN: 'process-console-token-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('CONSOLE ') && out.endsWith('\n')) resolve(out.trim());
      });
      child?.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const [first, second] = line.split('\n');
    const [word, url, accountSid, authToken] = first!.split(' ');
    expect(second).toBe(`CONSOLE ${url}/?token=process-console-token-0123456789`);
    expect(word).toBe('SANDBOX');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(authToken).toHaveLength(32);
    const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const inbound = await fetch(`${url}/sandbox/inbound`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: '+15551234567', To: '+15550100000', Body: 'hello' }),
    });
    expect(await inbound.json()).toMatchObject({ outcome: 'created' });
    const started = performance.now();
    const list = await fetch(`${url}/v1/Conversations`, { headers: { Authorization: authorization } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(((await list.json()) as { conversations: unknown[] }).conversations).toHaveLength(1);
  });
});
