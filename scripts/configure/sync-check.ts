// The functions keep their shared state in a Sync Service: SYNC_SERVICE_SID, or the account's
// default one (`default`). configure checks that it exists (FetchService) and, when it does not,
// says how to create one. It never creates it: a Sync Service is the user's choice of where
// state lives (and what it costs), and a second run must not make a second one.
import { DEFAULT_SYNC_SERVICE, type Settings } from './settings';
import type { ConfigurationApi } from './twilio-api';

export type SyncCheck = { found: string } | { problem: string };

export async function checkSyncService(api: Pick<ConfigurationApi, 'fetchSyncService'>, settings: Pick<Settings, 'syncServiceSid'>): Promise<SyncCheck> {
  const wanted = settings.syncServiceSid;
  const service = await api.fetchSyncService(wanted);
  if (service) return { found: `Sync Service ${wanted}: ${service.sid}${service.friendlyName ? ` (${service.friendlyName})` : ''}` };
  const which = wanted === DEFAULT_SYNC_SERVICE ? "the account's default Sync Service (SYNC_SERVICE_SID is unset)" : `SYNC_SERVICE_SID ${wanted}`;
  return {
    problem:
      `The functions keep their state in ${which}, and Twilio has no such Sync Service (404). Create one with ` +
      '`twilio api:sync:v1:services:create --friendly-name conversations-functions` (or in the Console: Sync > Services), ' +
      'then set SYNC_SERVICE_SID to its SID (IS...) in .env and deploy again. configure does not create Sync Services.',
  };
}
