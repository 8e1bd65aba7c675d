// The page itself: index.html, console.css and console.js, which `npm run build` puts in
// dist/console (the script is compiled from sandbox/console/client). Read at each request, so
// a rebuild shows at the next reload. Both this file and the bundle that contains it (dist/dev)
// sit two folders below the project root.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const BUILT = join(__dirname, '../../dist/console');

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  '/console/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
};

export type Asset = { type: string; content: Buffer };

export const isAsset = (path: string) => path in FILES;

/** The built file, or undefined when the console was not built. */
export async function readAsset(path: string): Promise<Asset | undefined> {
  const entry = FILES[path];
  if (!entry) return undefined;
  try {
    return { type: entry.type, content: await readFile(join(BUILT, entry.file)) };
  } catch {
    return undefined;
  }
}
