// Serverless Toolkit configuration. `twilio serverless:deploy` finds this file itself (twilio-run
// searches "twilioserverless" config files with cosmiconfig) and runs it, so it is also the one
// check the toolkit cannot skip: the functions are TypeScript, the toolkit uploads the compiled
// bundle, and with a missing or stale bundle it would deploy an empty or old build and report
// success. Here a missing or stale bundle stops the deploy, saying how to fix it.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = __dirname;
const SOURCES = ['functions', 'assets', 'runtime'];

function filesUnder(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

function bundleProblems(root) {
  const sources = SOURCES.flatMap((dir) => filesUnder(join(root, dir), (path) => path.endsWith('.ts')));
  const functions = filesUnder(join(root, 'functions'), (path) => path.endsWith('.ts'));
  const expected = [
    ...functions.map((path) => join(root, 'dist', relative(root, path)).replace(/\.ts$/, '.js')),
    join(root, 'dist/assets/lib/helpers.private.js'),
  ];
  const missing = expected.filter((path) => !existsSync(path));
  if (missing.length > 0) return `the compiled bundle is missing ${missing.map((path) => relative(root, path)).join(', ')}`;
  const newestSource = Math.max(...sources.map((path) => statSync(path).mtimeMs));
  const oldestBuilt = Math.min(...expected.map((path) => statSync(path).mtimeMs));
  if (newestSource > oldestBuilt) return 'the compiled bundle is older than the sources';
  return undefined;
}

const problem = bundleProblems(ROOT);
if (problem) throw new Error(`Not deploying: ${problem}. Run \`npm run deploy\` (it builds first), or \`npm run build\` before \`twilio serverless:deploy\`.`);

module.exports = {
  functionsFolder: 'dist/functions',
  assetsFolder: 'dist/assets',
  runtime: 'node22',
};
