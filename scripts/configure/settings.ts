// The variables `configure` needs, from .env and the environment (the environment wins, as
// with dotenv), validated by the same rules as the deployed functions (platform/config.ts).
// TWILIO_API_BASE_URL (the local sandbox) is taken from the environment only: .env is
// uploaded on deploy and must never point the service at a sandbox. SYNC_SERVICE_SID is read
// here by the functions' own rule (an IS SID; unset = `default`, the account's default Sync
// Service), so that configure checks the service the functions will use.
import { join } from 'node:path';
import { ConfigError, readConfig, requireConfig } from '../../assets/lib/platform/config';
import { readEnvFile } from '../env-file';
import { UsageError } from './errors';

export type Settings = {
  accountSid: string;
  authToken: string;
  serviceSid: string;
  /** The Sync Service the functions keep shared state in: SYNC_SERVICE_SID, else `default`. */
  syncServiceSid: string;
  smsNumber?: string;
  whatsappSender?: string;
  studioFlowSid?: string;
  /** FLEX_WORKSPACE_SID and FLEX_WORKFLOW_SID are set: hand-offs go to Flex. */
  flexConfigured: boolean;
  /** Redirects every *.twilio.com call (the local sandbox); unset against Twilio. */
  apiBaseUrl?: string;
};

const NAMES = [
  'ACCOUNT_SID',
  'AUTH_TOKEN',
  'CONVERSATIONS_SERVICE_SID',
  'SMS_PROXY_NUMBER',
  'WHATSAPP_SENDER',
  'STUDIO_FLOW_SID',
  'FLEX_WORKSPACE_SID',
  'FLEX_WORKFLOW_SID',
  'SYNC_SERVICE_SID',
] as const;
const REQUIRED = ['ACCOUNT_SID', 'AUTH_TOKEN', 'CONVERSATIONS_SERVICE_SID'] as const;

/** The functions' alias for the account's default Sync Service when SYNC_SERVICE_SID is unset. */
export const DEFAULT_SYNC_SERVICE = 'default';

function syncServiceSid(value: string | undefined): string {
  if (value === undefined) return DEFAULT_SYNC_SERVICE;
  if (!/^IS[0-9a-fA-F]{32}$/.test(value.trim()))
    throw new UsageError('SYNC_SERVICE_SID must be an IS SID (IS + 32 hex characters), or unset for the default Sync Service. Nothing was written.');
  return value.trim();
}

export type LoadedSettings = { settings: Settings; warnings: string[] };

/** The variables from .env and the environment, read by the functions' rules with `required` present, or a UsageError. */
function readSettings<N extends (typeof NAMES)[number]>(processEnv: Readonly<Record<string, string | undefined>>, cwd: string, required: readonly N[]) {
  const file = readEnvFile(join(cwd, '.env'));
  const warnings = file.TWILIO_API_BASE_URL
    ? ['.env sets TWILIO_API_BASE_URL: ignored (.env is uploaded on deploy; set it in the environment for the local sandbox only)']
    : [];
  const merged: Record<string, string | undefined> = {};
  for (const name of NAMES) merged[name] = nonEmpty(processEnv[name]) ?? file[name];
  merged.TWILIO_API_BASE_URL = nonEmpty(processEnv.TWILIO_API_BASE_URL);
  try {
    return { config: requireConfig(readConfig(merged), required), merged, warnings };
  } catch (error) {
    if (error instanceof ConfigError) {
      // readConfig names malformed variables itself; requireConfig's text speaks of .env only.
      const missing = error.message.startsWith('Missing');
      throw new UsageError(
        missing
          ? `Missing ${error.variables.join(', ')}: set ${error.variables.length > 1 ? 'them' : 'it'} in .env (see .env.example) ` +
              'or in the environment. Nothing was written.'
          : `${error.message} Nothing was written.`,
      );
    }
    throw error;
  }
}

export function loadSettings(processEnv: Readonly<Record<string, string | undefined>>, cwd: string): LoadedSettings {
  const { config, merged, warnings } = readSettings(processEnv, cwd, REQUIRED);
  return {
    settings: {
      accountSid: config.ACCOUNT_SID,
      authToken: config.AUTH_TOKEN,
      serviceSid: config.CONVERSATIONS_SERVICE_SID,
      syncServiceSid: syncServiceSid(merged.SYNC_SERVICE_SID),
      smsNumber: config.SMS_PROXY_NUMBER,
      whatsappSender: config.WHATSAPP_SENDER,
      studioFlowSid: config.STUDIO_FLOW_SID,
      flexConfigured: Boolean(config.FLEX_WORKSPACE_SID && config.FLEX_WORKFLOW_SID),
      apiBaseUrl: config.TWILIO_API_BASE_URL,
    },
    warnings,
  };
}

/** What `--create-service` needs: the account, and CONVERSATIONS_SERVICE_SID when it is set. */
export type AccountSettings = Pick<Settings, 'accountSid' | 'authToken' | 'apiBaseUrl'> & { serviceSid?: string };

export function loadAccountSettings(processEnv: Readonly<Record<string, string | undefined>>, cwd: string): { settings: AccountSettings; warnings: string[] } {
  const { config, warnings } = readSettings(processEnv, cwd, ['ACCOUNT_SID', 'AUTH_TOKEN']);
  return {
    settings: {
      accountSid: config.ACCOUNT_SID,
      authToken: config.AUTH_TOKEN,
      apiBaseUrl: config.TWILIO_API_BASE_URL,
      ...(config.CONVERSATIONS_SERVICE_SID ? { serviceSid: config.CONVERSATIONS_SERVICE_SID } : {}),
    },
    warnings,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
