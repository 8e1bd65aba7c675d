// `npm run configure`: settings -> base URL -> read Twilio -> plan -> checks (Flex's default
// Service, the Sync Service) -> (dry run: print and stop) -> apply -> read back. A failed check
// is reported and makes the run exit 1; it never stops the webhooks from being written. Dependencies come in as arguments so that tests can run it
// against a fake API; scripts/configure.ts wires the real ones.
import { applyPlan, hasFailure } from './apply';
import { parseConfigureArgs, USAGE } from './args';
import { resolveBaseUrl } from './base-url';
import { readCurrentState } from './current';
import { describeError, isAuthenticationError, UsageError } from './errors';
import { needsWrite, planChanges, type CurrentState, type WantedState } from './plan';
import { formatFailureSummary, formatMismatches, formatPlan, formatResults } from './report';
import { createConversationService } from './create-service';
import { loadAccountSettings, loadSettings, type AccountSettings, type Settings } from './settings';
import type { ConfigurationApi } from './twilio-api';
import { verifyConfiguration } from './verify';
import { flexDefaultServiceProblem } from './flex-check';
import { checkSyncService, type SyncCheck } from './sync-check';
import { WEBHOOK_PATH, wantedState } from './wanted';

export type ExitCode = 0 | 1 | 2;

export type RunDependencies = {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  connect(settings: AccountSettings): ConfigurationApi;
};

async function readOrExplain(api: ConfigurationApi, wanted: WantedState): Promise<CurrentState> {
  try {
    return await readCurrentState(api, wanted);
  } catch (error) {
    if (isAuthenticationError(error))
      throw new UsageError(`Twilio refused the credentials (${describeError(error)}): check ACCOUNT_SID and AUTH_TOKEN. Nothing was changed.`);
    throw new Error(`Could not read the current configuration: ${describeError(error)}. Nothing was changed.`, { cause: error });
  }
}

function describeTarget(settings: Settings, url: string, source: string, wanted: WantedState): string[] {
  const api = settings.apiBaseUrl ? ` via ${settings.apiBaseUrl} (TWILIO_API_BASE_URL)` : '';
  const lines = [`Twilio account ${settings.accountSid}${api}`, `Functions at ${url} (from ${source}); webhook URL ${url}${WEBHOOK_PATH}`];
  if (wanted.addresses.length === 0) lines.push('No SMS_PROXY_NUMBER or WHATSAPP_SENDER set: no Address Configuration to manage.');
  return lines;
}

async function configure(deps: RunDependencies): Promise<ExitCode> {
  const options = parseConfigureArgs(deps.argv);
  if (options.help) {
    deps.out(USAGE);
    return 0;
  }
  if (options.createService) {
    const { settings, warnings } = loadAccountSettings(deps.env, deps.cwd);
    warnings.forEach((w) => deps.err(`warning: ${w}`));
    return createConversationService(deps.connect(settings), settings, options, deps);
  }
  const { settings, warnings } = loadSettings(deps.env, deps.cwd);
  warnings.forEach((w) => deps.err(`warning: ${w}`));
  const api = deps.connect(settings);
  const base = await resolveBaseUrl({
    flag: options.baseUrl,
    cwd: deps.cwd,
    accountSid: settings.accountSid,
    listEnvironments: (sid) => api.listEnvironments(sid),
  });
  const wanted = wantedState({ ...settings, scope: options.global ? 'global' : 'service' }, base.url);
  describeTarget(settings, base.url, base.source, wanted).forEach(deps.out);

  const plan = planChanges(await readOrExplain(api, wanted), wanted);
  formatPlan(plan, options.dryRun).forEach(deps.out);
  const problems = await runChecks(api, settings, deps);
  if (options.dryRun) {
    deps.out(`Dry run: ${plan.filter(needsWrite).length} of ${plan.length} items would change; nothing was written.`);
    return 0;
  }
  if (!plan.some(needsWrite)) {
    deps.out('Everything is up to date: nothing was written.');
    return problems ? 1 : 0;
  }

  const results = await applyPlan(plan, api, wanted.serviceSid);
  formatResults(results).forEach(deps.out);
  if (hasFailure(results)) {
    formatFailureSummary(results).forEach(deps.err);
    return 1;
  }
  const { checked, mismatches } = await verifyConfiguration(api, wanted);
  if (mismatches.length > 0) {
    formatMismatches(mismatches).forEach(deps.err);
    return 1;
  }
  deps.out(`Verified: read back ${checked} items, all match.`);
  return problems ? 1 : 0;
}

/** Prints each check's outcome; true when one found a problem. */
async function runChecks(api: ConfigurationApi, settings: Settings, deps: RunDependencies): Promise<boolean> {
  const flexProblem = await flexDefaultServiceProblem(api, settings);
  if (flexProblem) deps.err(`problem: ${flexProblem}`);
  let sync: SyncCheck;
  try {
    sync = await checkSyncService(api, settings);
  } catch (error) {
    throw new Error(`Could not check the Sync Service ${settings.syncServiceSid}: ${describeError(error)}.`, { cause: error });
  }
  if ('found' in sync) deps.out(sync.found);
  else deps.err(`problem: ${sync.problem}`);
  return Boolean(flexProblem) || 'problem' in sync;
}

export async function runConfigure(deps: RunDependencies): Promise<ExitCode> {
  try {
    return await configure(deps);
  } catch (error) {
    if (error instanceof UsageError) {
      deps.err(`configure: ${error.message}`);
      return error.exitCode;
    }
    deps.err(`configure: ${describeError(error)}`);
    return 1;
  }
}
