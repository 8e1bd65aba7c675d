// Sync's rate limits as token buckets on the sandbox clock: per object, writes and reads apart,
// a list's items counted against the list, 20 x 10 s of burst refilled at 20 a second.
import { Clock } from '../../sandbox/clock';
import { syncObjectOf } from '../../sandbox/domain/sync';
import { RateLimiter, syncBucketOf, TWILIO_RATE_LIMITS } from '../../sandbox/rate-limits';
import { createState, type SyncDocumentRecord } from '../../sandbox/state';

const DOC = 'ET' + 'd'.repeat(32);
const NAMED_DOC = 'ET' + 'e'.repeat(32);
const LIST = 'ES' + 'f'.repeat(32);

function stateWithObjects() {
  const state = createState('AC' + 'a'.repeat(32), 'IS' + 'b'.repeat(32), 'MG' + 'c'.repeat(32), {
    sid: 'IS' + '1'.repeat(32),
    uniqueName: 'default',
    friendlyName: 'Default Service',
    dateCreated: 0,
    dateUpdated: 0,
  });
  const document = (sid: string, uniqueName: string | null): SyncDocumentRecord => ({
    sid,
    uniqueName,
    data: {},
    revision: 0,
    dateCreated: 0,
    dateUpdated: 0,
    dateExpires: null,
    createdBy: 'system',
  });
  state.syncDocuments.set(DOC, document(DOC, null));
  state.syncDocuments.set(NAMED_DOC, document(NAMED_DOC, 'order-1'));
  state.index.syncUniqueNames.set('document/order-1', NAMED_DOC);
  state.syncLists.set(LIST, { ...document(LIST, 'queue'), nextIndex: 0, items: new Map() });
  state.index.syncUniqueNames.set('list/queue', LIST);
  return state;
}

describe('RateLimiter, Sync buckets', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lets 200 actions through at once per object, then 20 a second; writes and reads apart; off when disabled', () => {
    const clock = new Clock();
    const limiter = new RateLimiter(clock, TWILIO_RATE_LIMITS);
    // Frozen real time: the clock moves only when advanced.
    jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    const burst = (bucket: string, n: number) => Array.from({ length: n }, () => limiter.take(bucket)).filter(Boolean).length;
    expect(burst('sync-write:document:ET1', 250)).toBe(200);
    expect(burst('sync-read:document:ET1', 250)).toBe(200);
    expect(burst('sync-write:document:ET2', 1)).toBe(1);
    clock.advance(1_000);
    expect(burst('sync-write:document:ET1', 50)).toBe(20);
    clock.advance(60_000);
    expect(burst('sync-write:document:ET1', 250)).toBe(200);
    // Conversations' buckets keep their own shape (30, no burst window).
    expect(burst('service:IS1', 40)).toBe(30);
    limiter.set({ enabled: false });
    expect(burst('sync-write:document:ET1', 500)).toBe(500);
  });

  it('takes its shape from perSyncObject and syncBurstSeconds', () => {
    const clock = new Clock();
    const limiter = new RateLimiter(clock, { ...TWILIO_RATE_LIMITS, perSyncObject: 2, syncBurstSeconds: 3 });
    jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    expect(Array.from({ length: 10 }, () => limiter.take('sync-write:list:ES1')).filter(Boolean)).toHaveLength(6);
    clock.advance(500);
    expect(limiter.take('sync-write:list:ES1')).toBe(true);
    expect(limiter.take('sync-write:list:ES1')).toBe(false);
  });
});

describe('which Sync bucket an operation draws from', () => {
  const state = stateWithObjects();
  const bucket = (operationId: string, pathParams: Record<string, string>, uniqueName?: string) =>
    syncBucketOf(operationId, syncObjectOf(state, operationId, pathParams, uniqueName));

  it.each([
    ['UpdateDocument', { Sid: DOC }, undefined, `sync-write:document:${DOC}`],
    ['FetchDocument', { Sid: DOC }, undefined, `sync-read:document:${DOC}`],
    ['DeleteDocument', { Sid: DOC }, undefined, `sync-write:document:${DOC}`],
    // A named document is one object by SID, by name, and for its create.
    ['UpdateDocument', { Sid: NAMED_DOC }, undefined, 'sync-write:document:name/order-1'],
    ['FetchDocument', { Sid: 'order-1' }, undefined, 'sync-read:document:name/order-1'],
    ['CreateDocument', {}, 'order-1', 'sync-write:document:name/order-1'],
    ['CreateDocument', {}, 'order-2', 'sync-write:document:name/order-2'],
    ['FetchDocument', { Sid: 'ET' + '0'.repeat(32) }, undefined, `sync-read:document:ET${'0'.repeat(32)}`],
    // A list's items are the list's reads and writes.
    ['CreateSyncListItem', { ListSid: 'queue' }, undefined, 'sync-write:list:name/queue'],
    ['DeleteSyncListItem', { ListSid: LIST, Index: '0' }, undefined, 'sync-write:list:name/queue'],
    ['FetchSyncListItem', { ListSid: LIST, Index: '0' }, undefined, 'sync-read:list:name/queue'],
    ['ListSyncListItem', { ListSid: 'queue' }, undefined, 'sync-read:list:name/queue'],
    ['CreateSyncList', {}, 'queue', 'sync-write:list:name/queue'],
    ['FetchSyncList', { Sid: LIST }, undefined, 'sync-read:list:name/queue'],
    // Not one object: no bucket.
    ['CreateDocument', {}, undefined, undefined],
    ['CreateSyncList', {}, undefined, undefined],
    ['ListDocument', {}, undefined, undefined],
    ['FetchService', { Sid: 'default' }, undefined, undefined],
  ])('%s %j (UniqueName %s) draws from %s', (operationId, pathParams, uniqueName, expected) => {
    expect(bucket(operationId, pathParams as Record<string, string>, uniqueName)).toBe(expected);
  });
});
