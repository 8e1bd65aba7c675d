// Reads `.twiliodeployinfo`, the Serverless Toolkit's record of the last deploy. twilio-run
// (src/utils/deployInfoCache.ts) writes one entry per account and region:
//   { "AC...:us1": { "serviceSid": "ZS...", "latestBuild": "ZB..." } }
// (older versions keyed it by the account SID alone). It holds no domain: the URL comes
// from the Serverless environment that runs that build (see base-url.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors';

const DEPLOY_INFO_FILE = '.twiliodeployinfo';

export type DeployInfo = { serviceSid: string; latestBuild: string };

const PASS_BASE_URL = "Or pass the functions' URL: npm run configure -- --base-url https://<service>-1234-dev.twil.io";

function isDeployInfo(value: unknown): value is DeployInfo {
  const entry = value as Partial<DeployInfo> | null;
  return (
    typeof entry?.serviceSid === 'string' &&
    /^ZS[0-9a-f]{32}$/i.test(entry.serviceSid) &&
    typeof entry.latestBuild === 'string' &&
    /^ZB[0-9a-f]{32}$/i.test(entry.latestBuild)
  );
}

/** The entry of `accountSid` (region us1 first, then the older key), or a UsageError saying what is wrong. */
export function parseDeployInfo(text: string, accountSid: string, region = 'us1'): DeployInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${DEPLOY_INFO_FILE} is not valid JSON. Deploy again to rewrite it. ${PASS_BASE_URL}`);
  }
  const entries = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const entry = entries[`${accountSid}:${region}`] ?? entries[accountSid];
  if (entry === undefined) {
    const others = Object.keys(entries).filter((key) => key.startsWith(accountSid));
    const hint = others.length ? ` (it has ${others.join(', ')}: another region?)` : '';
    throw new UsageError(`${DEPLOY_INFO_FILE} has no deploy for account ${accountSid} in ${region}${hint}. Deploy first (npm run deploy). ${PASS_BASE_URL}`);
  }
  if (!isDeployInfo(entry))
    throw new UsageError(`${DEPLOY_INFO_FILE} has an entry for ${accountSid} without serviceSid/latestBuild. Deploy again to rewrite it. ${PASS_BASE_URL}`);
  return { serviceSid: entry.serviceSid, latestBuild: entry.latestBuild };
}

export function readDeployInfo(cwd: string, accountSid: string): DeployInfo {
  const path = join(cwd, DEPLOY_INFO_FILE);
  if (!existsSync(path)) {
    throw new UsageError(`No ${DEPLOY_INFO_FILE} in ${cwd}: it is written by \`npm run deploy\` (twilio serverless:deploy). Deploy first. ${PASS_BASE_URL}`);
  }
  return parseDeployInfo(readFileSync(path, 'utf8'), accountSid);
}
