// Where the functions live: `--base-url`, or the environment that runs the last deploy's
// build (from .twiliodeployinfo plus one read of the Serverless API, because the file keeps
// no domain). The webhook URL is this base + /conversations/webhook, with no query string:
// the webhook function checks X-Twilio-Signature against https://DOMAIN_NAME + PATH.
import { readDeployInfo } from './deploy-info';
import { UsageError } from './errors';
import type { ServerlessEnvironment } from './twilio-api';

export type BaseUrl = { url: string; source: string };

export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--base-url must be a URL like https://my-service-1234-dev.twil.io, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--base-url must start with https:// (got ${url.protocol})`);
  if (url.search || url.hash)
    throw new UsageError('--base-url must have no query string or fragment: Twilio signs the exact URL and the webhook checks it without one');
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  if (base.endsWith('/conversations/webhook'))
    throw new UsageError("--base-url is the service's root URL, without /conversations/webhook (configure adds the path)");
  return base;
}

export function pickEnvironment(environments: readonly ServerlessEnvironment[], latestBuild: string, serviceSid: string): ServerlessEnvironment {
  const live = environments.filter((e) => e.buildSid === latestBuild);
  const passIt = 'Pass the one you mean: npm run configure -- --base-url https://<domain>';
  if (live.length === 0) {
    throw new UsageError(`The last deploy (build ${latestBuild}) is not live in any environment of ${serviceSid} any more. ${passIt}`);
  }
  if (live.length > 1) {
    throw new UsageError(`Build ${latestBuild} is live in several environments (${live.map((e) => e.domainName).join(', ')}). ${passIt}`);
  }
  return live[0]!;
}

export type BaseUrlSources = {
  flag?: string;
  cwd: string;
  accountSid: string;
  listEnvironments(serviceSid: string): Promise<ServerlessEnvironment[]>;
};

export async function resolveBaseUrl(sources: BaseUrlSources): Promise<BaseUrl> {
  if (sources.flag !== undefined) return { url: normalizeBaseUrl(sources.flag), source: '--base-url' };
  const deploy = readDeployInfo(sources.cwd, sources.accountSid);
  let environments: ServerlessEnvironment[];
  try {
    environments = await sources.listEnvironments(deploy.serviceSid);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `Could not read the environments of Functions service ${deploy.serviceSid} (${reason}). Pass the URL: npm run configure -- --base-url https://<domain>`,
    );
  }
  const environment = pickEnvironment(environments, deploy.latestBuild, deploy.serviceSid);
  return {
    url: normalizeBaseUrl(`https://${environment.domainName}`),
    source: `.twiliodeployinfo (${deploy.serviceSid}, environment ${environment.uniqueName})`,
  };
}
