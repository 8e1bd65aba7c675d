// Command line of `npm run configure -- [--dry-run] [--global] [--base-url URL]`, or
// `npm run configure -- --create-service [--friendly-name NAME] [--dry-run]`.
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

export type ConfigureOptions = { dryRun: boolean; global: boolean; baseUrl?: string; help: boolean; createService: boolean; friendlyName?: string };

export const USAGE = `Usage: npm run configure -- [--dry-run] [--global] [--base-url https://<service>.twil.io]
       npm run configure -- --create-service [--friendly-name NAME] [--dry-run]

Points the Conversations webhooks and the Address Configurations of SMS_PROXY_NUMBER and
WHATSAPP_SENDER at the deployed functions. Safe to run again: only what differs is written.

  --dry-run          print the plan (current vs wanted) and write nothing
  --global           set the account-wide webhooks (/v1/Configuration/Webhooks) instead of
                     those of CONVERSATIONS_SERVICE_SID
  --base-url URL     the functions' root URL (default: the last deploy, from .twiliodeployinfo)
  --create-service   only this: when CONVERSATIONS_SERVICE_SID is not set, create a Conversations
                     Service and print the line to put into .env (a Service of that name that
                     exists already is named instead, not created again); set, it is checked
  --friendly-name    the new Service's name (default conversations-functions)
  --help             this text

Checks that the Sync Service the functions use (SYNC_SERVICE_SID, default: the account's
default one) exists; it never creates one.

Reads ACCOUNT_SID, AUTH_TOKEN, CONVERSATIONS_SERVICE_SID, SMS_PROXY_NUMBER, WHATSAPP_SENDER,
STUDIO_FLOW_SID and SYNC_SERVICE_SID from .env or the environment.
Exit codes: 0 done (or up to date), 1 a step failed, the read-back differs or a check found a
problem (Flex's default Service, a missing Sync Service), 2 fix the settings or flags first
(nothing was written).`;

export function parseConfigureArgs(argv: readonly string[]): ConfigureOptions {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'dry-run': { type: 'boolean', default: false },
        global: { type: 'boolean', default: false },
        'base-url': { type: 'string' },
        'create-service': { type: 'boolean', default: false },
        'friendly-name': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const options: ConfigureOptions = {
      dryRun: values['dry-run'] ?? false,
      global: values.global ?? false,
      baseUrl: values['base-url'],
      help: values.help ?? false,
      createService: values['create-service'] ?? false,
      friendlyName: values['friendly-name'],
    };
    checkCombination(options);
    return options;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
}

/** `--create-service` runs alone: it comes before a deploy, so there are no webhooks to point yet. */
function checkCombination(options: ConfigureOptions): void {
  if (options.createService && (options.global || options.baseUrl !== undefined))
    throw new Error('--create-service runs alone (with --dry-run or --friendly-name): deploy with the new Service first, then configure the webhooks.');
  if (options.friendlyName !== undefined && !options.createService)
    throw new Error('--friendly-name names the Service --create-service creates: use them together.');
  if (options.friendlyName !== undefined && !/^\S(.{0,254}\S)?$/.test(options.friendlyName))
    throw new Error('--friendly-name must be 1 to 256 characters, without leading or trailing spaces.');
}
