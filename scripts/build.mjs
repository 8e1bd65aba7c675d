// Compiles the TypeScript sources into what Twilio deploys and what runs locally.
//   dist/functions/**.js           one file per endpoint (the loader in runtime/ is bundled in)
//   dist/assets/lib/helpers.private.js   the private helpers module, ONE asset: deployed
//       private assets live at hashed paths, so helpers cannot require each other by
//       relative path once deployed; bundling them removes that trap.
//   dist/dev/*.js                  local tools (sandbox, start, session); never uploaded
//   dist/bench/*.js                benchmarks (bench/*.ts); never uploaded
//   dist/console/                  the sandbox console page: its HTML and CSS, and its script
//       compiled for browsers from sandbox/console/client; never uploaded
// npm packages stay external: Twilio installs package.json dependencies on deploy.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');

function filesUnder(dir, keep) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found;
}

const common = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  sourcemap: false,
};

rmSync(dist, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: filesUnder(join(root, 'functions'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')),
  outbase: join(root, 'functions'),
  outdir: join(dist, 'functions'),
});

await build({
  ...common,
  entryPoints: [join(root, 'assets/lib/helpers.private.ts')],
  outfile: join(dist, 'assets/lib/helpers.private.js'),
});

// Non-code assets (none yet) are copied as they are; READMEs beside the code are for
// developers, never uploaded.
for (const file of filesUnder(join(root, 'assets'), (p) => !p.endsWith('.ts') && !p.endsWith('.md'))) {
  const target = join(dist, 'assets', relative(join(root, 'assets'), file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}

await build({
  ...common,
  entryPoints: filesUnder(join(root, 'scripts'), (p) => p.endsWith('.ts')),
  outbase: join(root, 'scripts'),
  outdir: join(dist, 'dev'),
});

await build({
  ...common,
  entryPoints: readdirSync(join(root, 'bench'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(root, 'bench', name)),
  outdir: join(dist, 'bench'),
});

// The console page runs in a browser: one script, no framework, nothing from the internet.
await build({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome120', 'firefox120'],
  logLevel: 'warning',
  entryPoints: [join(root, 'sandbox/console/client/main.ts')],
  outfile: join(dist, 'console/console.js'),
});
for (const file of readdirSync(join(root, 'sandbox/console/static'))) {
  copyFileSync(join(root, 'sandbox/console/static', file), join(dist, 'console', file));
}
