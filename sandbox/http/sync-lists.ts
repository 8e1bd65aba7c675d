// Sync Lists (https://www.twilio.com/docs/sync/api/list-resource): create, fetch, delete, by
// SID or unique name. A list's TTL is `CollectionTtl` (or its alias `Ttl`, ignored when both
// are given). Its items are in sync-list-items.ts.
import { type ApiRequest, type Handler, int, str } from './api';
import { listNotFound } from '../domain/sync-errors';
import { checkUniqueName, expiryFrom } from '../domain/sync-payload';
import { dropList, findList, putList } from '../domain/sync';
import { newSid } from '../sids';
import type { SyncListRecord } from '../state';
import { syncServiceOf } from './sync-service';
import { etag, renderList } from './sync-render';

/** The list a path names (`ListSid` for its items, `Sid` for the list itself), or 54150. */
export function listOf(req: ApiRequest, param: 'ListSid' | 'Sid'): SyncListRecord {
  syncServiceOf(req);
  const named = req.pathParams[param] ?? '';
  const list = findList(req.ctx.state, named);
  if (!list) throw listNotFound(named);
  return list;
}

const answer = (req: ApiRequest, status: 200 | 201, list: SyncListRecord) => ({ status, body: renderList(req.ctx.state, list), headers: etag(list) });

const create: Handler = (req) => {
  syncServiceOf(req);
  const now = req.ctx.clock.now();
  const uniqueName = checkUniqueName(str(req.params, 'UniqueName'));
  const ttls: Array<[string, number | undefined]> = [
    ['CollectionTtl', int(req.params, 'CollectionTtl')],
    ['Ttl', int(req.params, 'Ttl')],
  ];
  const list: SyncListRecord = {
    sid: newSid('ES'),
    uniqueName,
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires: expiryFrom(now, ttls) ?? null,
    createdBy: 'system',
    nextIndex: 0,
    items: new Map(),
  };
  putList(req.ctx.state, list);
  return answer(req, 201, list);
};

const fetchList: Handler = (req) => answer(req, 200, listOf(req, 'Sid'));

const remove: Handler = (req) => {
  dropList(req.ctx.state, listOf(req, 'Sid'));
  return { status: 204 };
};

export const syncListHandlers: Record<string, Handler> = { CreateSyncList: create, FetchSyncList: fetchList, DeleteSyncList: remove };
