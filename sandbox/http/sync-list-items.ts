// Sync List Items (https://www.twilio.com/docs/sync/api/listitem-resource): append, fetch,
// delete and list. Each append takes the list's next index (0, 1, 2...), never reused after a
// delete: the spec says indexes "can have gaps in their sequence". Appends are synchronous in the
// sandbox, so parallel appends get distinct, consecutive indexes. `ItemTtl` (alias `Ttl`) is the
// item's TTL; `CollectionTtl` sets the list's own. Every append or delete is a new revision of
// the list ("every change triggering new revision", the ListItem page).
import { type ApiRequest, type Handler, int, str } from './api';
import { invalidParameter } from '../errors';
import { listItemNotFound, listItemRevisionMismatch } from '../domain/sync-errors';
import { expiryFrom, readData } from '../domain/sync-payload';
import { matchesRevision, revise } from '../domain/sync';
import type { SyncListItemRecord, SyncListRecord } from '../state';
import { pageBy } from './paging';
import { listOf } from './sync-lists';
import { etag, renderListItem, renderList } from './sync-render';

function itemOf(req: ApiRequest): { list: SyncListRecord; item: SyncListItemRecord } {
  const list = listOf(req, 'ListSid');
  const index = req.pathParams.Index ?? '';
  const item = /^\d+$/.test(index) ? list.items.get(Number(index)) : undefined;
  if (!item) throw listItemNotFound(list.sid, index);
  return { list, item };
}

const create: Handler = (req) => {
  const list = listOf(req, 'ListSid');
  const now = req.ctx.clock.now();
  const data = readData(str(req.params, 'Data')) ?? {};
  const dateExpires =
    expiryFrom(now, [
      ['ItemTtl', int(req.params, 'ItemTtl')],
      ['Ttl', int(req.params, 'Ttl')],
    ]) ?? null;
  const listExpires = expiryFrom(now, [['CollectionTtl', int(req.params, 'CollectionTtl')]]);
  const item: SyncListItemRecord = {
    index: list.nextIndex,
    listSid: list.sid,
    data,
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires,
    createdBy: 'system',
  };
  list.nextIndex += 1;
  list.items.set(item.index, item);
  if (listExpires !== undefined) list.dateExpires = listExpires;
  revise(list, now);
  return { status: 201, body: renderListItem(req.ctx.state, item), headers: etag(item) };
};

const fetchItem: Handler = (req) => {
  const { item } = itemOf(req);
  return { status: 200, body: renderListItem(req.ctx.state, item), headers: etag(item) };
};

const remove: Handler = (req) => {
  const { list, item } = itemOf(req);
  const ifMatch = req.headers['if-match'];
  if (!matchesRevision(ifMatch, item.revision)) throw listItemRevisionMismatch(list.sid, item.index, String(ifMatch), item.revision);
  list.items.delete(item.index);
  revise(list, req.ctx.clock.now());
  return { status: 204 };
};

/** `Order` asc (default) or desc; `From` an index, included unless `Bounds=exclusive`. */
function selectItems(list: SyncListRecord, order: string | undefined, from: string | undefined, bounds: string | undefined): SyncListItemRecord[] {
  if (from !== undefined && !/^\d+$/.test(from)) throw invalidParameter(`Invalid value '${from}' for parameter From: must be an item index`);
  const descending = order === 'desc';
  const start = from === undefined ? undefined : Number(from);
  const inclusive = bounds !== 'exclusive';
  const after = (index: number) => start === undefined || (descending ? index < start : index > start) || (inclusive && index === start);
  const items = [...list.items.values()].sort((a, b) => a.index - b.index).filter((item) => after(item.index));
  return descending ? items.reverse() : items;
}

const listItems: Handler = (req) => {
  const list = listOf(req, 'ListSid');
  const [order, from, bounds] = [str(req.params, 'Order'), str(req.params, 'From'), str(req.params, 'Bounds')];
  const items = selectItems(list, order, from, bounds);
  const request = {
    params: req.params,
    url: renderList(req.ctx.state, list).links.items,
    key: 'items',
    filters: [
      ['Order', order],
      ['From', from],
      ['Bounds', bounds],
    ] as Array<[string, string | undefined]>,
  };
  return {
    status: 200,
    body: pageBy(
      items,
      request,
      (item) => renderListItem(req.ctx.state, item),
      (item) => String(item.index),
    ),
  };
};

export const syncListItemHandlers: Record<string, Handler> = {
  CreateSyncListItem: create,
  FetchSyncListItem: fetchItem,
  DeleteSyncListItem: remove,
  ListSyncListItem: listItems,
};
