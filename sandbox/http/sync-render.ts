// Sync records -> Twilio's JSON: absolute https://sync.twilio.com URLs under the service's SID
// (also when the request said `default`), `revision` as a string, `created_by` "system" for REST.
import { SYNC_BASE } from './api';
import { isoDate } from '../clock';
import type { SandboxState, SyncDocumentRecord, SyncListItemRecord, SyncListRecord, SyncServiceRecord } from '../state';

const expires = (ms: number | null) => (ms === null ? null : isoDate(ms));

export const serviceUrl = (serviceSid: string) => `${SYNC_BASE}/Services/${serviceSid}`;

export function renderSyncService(state: SandboxState, service: SyncServiceRecord) {
  const url = serviceUrl(service.sid);
  return {
    sid: service.sid,
    unique_name: service.uniqueName,
    account_sid: state.accountSid,
    friendly_name: service.friendlyName,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateUpdated),
    url,
    webhook_url: null,
    webhooks_from_rest_enabled: false,
    reachability_webhooks_enabled: false,
    acl_enabled: false,
    reachability_debouncing_enabled: false,
    reachability_debouncing_window: 5000,
    links: { documents: `${url}/Documents`, lists: `${url}/Lists`, maps: `${url}/Maps`, streams: `${url}/Streams` },
  };
}

export function renderDocument(state: SandboxState, d: SyncDocumentRecord) {
  const url = `${serviceUrl(state.syncService.sid)}/Documents/${d.sid}`;
  return {
    sid: d.sid,
    unique_name: d.uniqueName,
    account_sid: state.accountSid,
    service_sid: state.syncService.sid,
    url,
    links: { permissions: `${url}/Permissions` },
    revision: String(d.revision),
    data: d.data,
    date_expires: expires(d.dateExpires),
    date_created: isoDate(d.dateCreated),
    date_updated: isoDate(d.dateUpdated),
    created_by: d.createdBy,
  };
}

export function renderList(state: SandboxState, l: SyncListRecord) {
  const url = `${serviceUrl(state.syncService.sid)}/Lists/${l.sid}`;
  return {
    sid: l.sid,
    unique_name: l.uniqueName,
    account_sid: state.accountSid,
    service_sid: state.syncService.sid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(l.revision),
    date_expires: expires(l.dateExpires),
    date_created: isoDate(l.dateCreated),
    date_updated: isoDate(l.dateUpdated),
    created_by: l.createdBy,
  };
}

export function renderListItem(state: SandboxState, i: SyncListItemRecord) {
  return {
    index: i.index,
    account_sid: state.accountSid,
    service_sid: state.syncService.sid,
    list_sid: i.listSid,
    url: `${serviceUrl(state.syncService.sid)}/Lists/${i.listSid}/Items/${i.index}`,
    revision: String(i.revision),
    data: i.data,
    date_expires: expires(i.dateExpires),
    date_created: isoDate(i.dateCreated),
    date_updated: isoDate(i.dateUpdated),
    created_by: i.createdBy,
  };
}

/** Every answer holding a Sync object carries its revision as the ETag (https://www.twilio.com/docs/sync/mutation-and-conflict-resolution). */
export const etag = (record: { revision: number }): Record<string, string> => ({ ETag: String(record.revision) });
