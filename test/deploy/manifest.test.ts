// What `twilio serverless:deploy` would upload, found with the toolkit's own file
// discovery (@twilio-labs/serverless-api) on the folders named in the configuration the
// toolkit finds (.twilioserverlessrc.js, found as twilio-run finds it), and what it sends.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cosmiconfigSync } from 'cosmiconfig';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import JSON5 from 'json5';
import { getDependencies } from '@twilio-labs/serverless-api';
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { ENDPOINTS } from '../../assets/lib/endpoints/manifest';

const ROOT = join(__dirname, '../..');
// As twilio-run 3.5 to 5 look it up (src/config/utils/configLoader.ts): module "twilioserverless", JSON5 for .json and no extension.
const json5Loader = (_path: string, content: string) => JSON5.parse(content);
const explorer = () => cosmiconfigSync('twilioserverless', { loaders: { '.json5': json5Loader, '.json': json5Loader, noExt: json5Loader } });
const found = explorer().search(ROOT)!;
const rc = found.config as { functionsFolder: string; assetsFolder: string; runtime: string };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };

// Every endpoint of the manifest, with its visibility: the manifest is the list of what is deployed.
const EXPECTED_FUNCTIONS: Array<[string, string]> = Object.values(ENDPOINTS).map((entry) => [entry.path, entry.visibility]);

async function upload() {
  return getListOfFunctionsAndAssets(ROOT, { functionsFolderNames: [rc.functionsFolder], assetsFolderNames: [rc.assetsFolder] });
}

describe('deploy manifest', () => {
  it('points the toolkit at the compiled bundle and node22, from the file the toolkit finds first', () => {
    expect(found.filepath).toBe(join(ROOT, '.twilioserverlessrc.js'));
    expect(rc).toMatchObject({ functionsFolder: 'dist/functions', assetsFolder: 'dist/assets', runtime: 'node22' });
    expect(pkg.name).toBe('conversations-functions');
  });

  describe('refuses to hand the toolkit a missing or stale bundle (it would deploy an empty or old build)', () => {
    let copy: string;
    beforeEach(() => {
      copy = mkdtempSync(join(tmpdir(), 'deploy-check-'));
      for (const part of ['.twilioserverlessrc.js', 'functions', 'assets', 'runtime', 'dist/functions', 'dist/assets'])
        cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    });
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    it('accepts the bundle just built', () => {
      expect(explorer().search(copy)!.config).toMatchObject({ functionsFolder: 'dist/functions' });
    });

    it('stops when the bundle is missing', () => {
      rmSync(join(copy, 'dist/functions'), { recursive: true });
      expect(() => explorer().search(copy)).toThrow(/Not deploying: the compiled bundle is missing dist\/functions\/.*Run `npm run deploy`/);
    });

    it('stops when a source is newer than the bundle', () => {
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(copy, 'functions/health.ts'), later, later);
      expect(() => explorer().search(copy)).toThrow(/Not deploying: the compiled bundle is older than the sources/);
    });
  });

  it('sends Twilio’s build only exact versions, and a runtime-handler Twilio accepts for node22', () => {
    // The deploy sends package.json dependencies as written, and no lockfile: a range would let Twilio's build install other versions than the tests ran.
    expect(Object.entries(pkg.dependencies).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([]);
    // https://www.twilio.com/docs/serverless/functions-assets/handler lists 2.0.1 as the default; 2.1.0 (npm's latest) is refused.
    expect(pkg.dependencies['@twilio/runtime-handler']).toBe('2.0.1');
  });

  it('uploads exactly the expected functions with their visibility', async () => {
    const { functions } = await upload();
    const found = functions.map((fn) => [fn.path, fn.access]).sort();
    expect(found).toEqual([...EXPECTED_FUNCTIONS].sort());
  });

  it('uploads the helpers as private assets only', async () => {
    const { assets } = await upload();
    expect(assets.map((asset) => [asset.path, asset.access])).toEqual([['/lib/helpers.js', 'private']]);
  });

  it('uploads nothing from test/, sandbox/, bench/ or scripts/', async () => {
    const { functions, assets } = await upload();
    for (const file of [...functions, ...assets]) {
      expect(file.filePath).toMatch(new RegExp(`^${ROOT}/dist/(functions|assets)/`));
      expect(file.filePath).not.toMatch(/\/(test|sandbox|bench|scripts|dev)\//);
    }
  });

  it('has no relative require in uploaded code (they break once deployed)', async () => {
    const { functions, assets } = await upload();
    for (const file of [...functions, ...assets]) {
      expect(readFileSync(file.filePath, 'utf8')).not.toMatch(/require\(["']\.\.?\//);
    }
  });

  it('sends Twilio only the runtime dependencies, and every package the bundle requires is one', async () => {
    const dependencies = getDependencies(pkg as never)
      .map((dependency) => dependency.name)
      .sort();
    expect(dependencies).toEqual([
      '@twilio/runtime-handler',
      'file-type',
      'jsonwebtoken',
      'libphonenumber-js',
      're2js',
      'request-filtering-agent',
      'twilio',
      'valibot',
    ]);
    expect(pkg.dependencies['@twilio/runtime-handler']).toMatch(/^\d+\.\d+\.\d+$/);
    const { functions, assets } = await upload();
    const required = new Set<string>();
    for (const file of [...functions, ...assets]) {
      for (const match of readFileSync(file.filePath, 'utf8').matchAll(/require\(["']([^"'.][^"']*)["']\)/g)) {
        const name = match[1]!.startsWith('@') ? match[1]!.split('/').slice(0, 2).join('/') : match[1]!.split('/')[0]!;
        if (!name.startsWith('node:') && !builtinModules.includes(name)) required.add(name);
      }
    }
    for (const name of required) expect(dependencies).toContain(name);
  });

  it('ships a dist/ that matches the sources (every function compiled)', () => {
    const sources = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const compiled = sources('functions').map((file) => join(ROOT, 'dist', file.replace(/\.ts$/, '.js')));
    for (const file of compiled) expect(() => readFileSync(file)).not.toThrow();
  });
});
