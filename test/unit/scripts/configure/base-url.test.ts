// Finding the functions' URL: --base-url, or .twiliodeployinfo + the environment running its build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeBaseUrl, pickEnvironment, resolveBaseUrl } from '../../../../scripts/configure/base-url';
import { parseDeployInfo } from '../../../../scripts/configure/deploy-info';
import { UsageError } from '../../../../scripts/configure/errors';
import type { ServerlessEnvironment } from '../../../../scripts/configure/twilio-api';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const SERVICE = 'ZS' + '1'.repeat(32);
const BUILD = 'ZB' + '2'.repeat(32);
const OLD_BUILD = 'ZB' + '3'.repeat(32);
const deployInfo = (key: string) => JSON.stringify({ [key]: { serviceSid: SERVICE, latestBuild: BUILD } }, null, '\t');

const dev: ServerlessEnvironment = { uniqueName: 'dev-environment', domainName: 'demo-1234-dev.twil.io', buildSid: BUILD };
const prod: ServerlessEnvironment = { uniqueName: 'production', domainName: 'demo-1234.twil.io', buildSid: OLD_BUILD };

describe('normalizeBaseUrl', () => {
  it('drops trailing slashes', () => {
    expect(normalizeBaseUrl('https://demo-1234-dev.twil.io/')).toBe('https://demo-1234-dev.twil.io');
  });

  it.each([
    ['not a URL', 'demo.twil.io'],
    ['another scheme', 'ftp://demo.twil.io'],
    ['a query string (the signature check rebuilds the URL without one)', 'https://demo.twil.io?x=1'],
    ['the webhook path itself', 'https://demo.twil.io/conversations/webhook'],
  ])('refuses %s', (_, url) => {
    expect(() => normalizeBaseUrl(url)).toThrow(UsageError);
  });
});

describe('parseDeployInfo', () => {
  it('reads the entry twilio-run writes for the account and region', () => {
    expect(parseDeployInfo(deployInfo(`${ACCOUNT}:us1`), ACCOUNT)).toEqual({ serviceSid: SERVICE, latestBuild: BUILD });
  });

  it('reads the older entry keyed by the account SID alone', () => {
    expect(parseDeployInfo(deployInfo(ACCOUNT), ACCOUNT)).toEqual({ serviceSid: SERVICE, latestBuild: BUILD });
  });

  it('says when the file only knows other regions of the account, and how to get past it', () => {
    expect(() => parseDeployInfo(deployInfo(`${ACCOUNT}:au1`), ACCOUNT)).toThrow(
      /no deploy for account .* in us1 \(it has .*:au1: another region\?\).*--base-url/,
    );
  });

  it('refuses broken JSON and entries without SIDs', () => {
    expect(() => parseDeployInfo('{', ACCOUNT)).toThrow(/not valid JSON.*--base-url/);
    expect(() => parseDeployInfo(JSON.stringify({ [`${ACCOUNT}:us1`]: { serviceSid: 'x' } }), ACCOUNT)).toThrow(/without serviceSid\/latestBuild/);
  });
});

describe('pickEnvironment', () => {
  it('picks the environment that runs the last build', () => {
    expect(pickEnvironment([prod, dev], BUILD, SERVICE)).toBe(dev);
  });

  it('refuses when no environment runs it any more, or several do', () => {
    expect(() => pickEnvironment([prod], BUILD, SERVICE)).toThrow(/not live in any environment/);
    expect(() => pickEnvironment([dev, { ...prod, buildSid: BUILD }], BUILD, SERVICE)).toThrow(
      /several environments \(demo-1234-dev.twil.io, demo-1234.twil.io\)/,
    );
  });
});

describe('resolveBaseUrl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'configure-base-url-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const noEnvironments = async (): Promise<ServerlessEnvironment[]> => {
    throw new Error('must not be called');
  };

  it('takes --base-url as given, without reading the deploy info', async () => {
    expect(await resolveBaseUrl({ flag: 'https://x.example/', cwd: dir, accountSid: ACCOUNT, listEnvironments: noEnvironments })).toEqual({
      url: 'https://x.example',
      source: '--base-url',
    });
  });

  it('tells the user to deploy or pass --base-url when there is no .twiliodeployinfo', async () => {
    await expect(resolveBaseUrl({ cwd: dir, accountSid: ACCOUNT, listEnvironments: noEnvironments })).rejects.toThrow(
      /No \.twiliodeployinfo .*npm run deploy.*--base-url/,
    );
  });

  it('finds the domain of the environment running the last deploy', async () => {
    writeFileSync(join(dir, '.twiliodeployinfo'), deployInfo(`${ACCOUNT}:us1`));
    const asked: string[] = [];
    const url = await resolveBaseUrl({ cwd: dir, accountSid: ACCOUNT, listEnvironments: async (sid) => (asked.push(sid), [prod, dev]) });
    expect(url).toEqual({ url: 'https://demo-1234-dev.twil.io', source: `.twiliodeployinfo (${SERVICE}, environment dev-environment)` });
    expect(asked).toEqual([SERVICE]);
  });

  it('turns a failed environment lookup into advice to pass --base-url', async () => {
    writeFileSync(join(dir, '.twiliodeployinfo'), deployInfo(`${ACCOUNT}:us1`));
    const failing = async (): Promise<ServerlessEnvironment[]> => {
      throw new Error('HTTP 404');
    };
    await expect(resolveBaseUrl({ cwd: dir, accountSid: ACCOUNT, listEnvironments: failing })).rejects.toThrow(
      /Could not read the environments of Functions service ZS1+ \(HTTP 404\).*--base-url/,
    );
  });
});
