// The fetch in production mode: a hostname resolving to 127.0.0.1 is refused on the connection.
// request-filtering-agent and file-type are ESM only, loaded with import(), which jest's module
// system cannot run: the module is bundled as the deploy bundles it and run in a child Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '../../..');

function runInNode(script: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-media-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, script);
    // Beside node_modules, so the external packages resolve; outside dist (the deployed tree).
    const out = join(root, 'node_modules', '.cache', `fetch-media-test-${process.pid}.cjs`);
    buildSync({
      entryPoints: [entry],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      outfile: out,
      nodePaths: [root],
      logLevel: 'silent',
    });
    try {
      return JSON.parse(execFileSync(process.execPath, [out], { cwd: root, encoding: 'utf8', timeout: 15_000 }));
    } finally {
      rmSync(out, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('refuses https://localhost (it resolves to a loopback address) in production mode, and allows it in sandbox mode', () => {
  const fetchMediaPath = JSON.stringify(join(root, 'assets/lib/media/fetch-media'));
  const result = runInNode(`
    import { createServer } from 'node:https';
    import { fetchMedia } from ${fetchMediaPath};
    const server = createServer((_req, res) => res.end('x'));
    server.listen(0, '127.0.0.1', async () => {
      const { port } = server.address() as { port: number };
      const outcome = async (sandboxMode: boolean) => {
        try {
          await fetchMedia('https://localhost:' + port + '/a.png', { sandboxMode, maxBytes: 1000, deadlineAt: Date.now() + 8_000 });
          return 'fetched';
        } catch (error) {
          return (error as { code?: string }).code;
        }
      };
      const answers = [await outcome(false), await outcome(true)];
      server.close();
      process.stdout.write(JSON.stringify(answers));
    });
  `);
  // In sandbox mode the connection is allowed; the TLS handshake then fails (no certificate): a host failure.
  expect(result).toEqual(['media_url_forbidden', 'media_fetch_failed']);
});
