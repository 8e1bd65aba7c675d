// The sandbox's one Sync Service: addressed by its SID or by `default`, the alias of the
// account's default Sync Service (what Twilio Functions' Runtime.getSync() and
// client.sync.v1.services('default') use). The sandbox gives that service the unique name
// `default`, so both forms are the same lookup. Any other service: 404 with 54050.
import type { ApiRequest, Handler } from './api';
import { syncServiceNotFound } from '../domain/sync-errors';
import type { SyncServiceRecord } from '../state';
import { renderSyncService } from './sync-render';

/** The service a Sync path names (`ServiceSid`, or `Sid` for the service itself), or 54050. */
export function syncServiceOf(req: ApiRequest, param: 'ServiceSid' | 'Sid' = 'ServiceSid'): SyncServiceRecord {
  const named = req.pathParams[param] ?? '';
  const service = req.ctx.state.syncService;
  if (named !== service.sid && named !== service.uniqueName) throw syncServiceNotFound(named);
  return service;
}

const fetchService: Handler = (req) => ({ status: 200, body: renderSyncService(req.ctx.state, syncServiceOf(req, 'Sid')) });

export const syncServiceHandlers: Record<string, Handler> = { FetchService: fetchService };
