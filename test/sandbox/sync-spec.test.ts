// Sync's place in the contract: the pinned spec file, the operations the sandbox emulates (each
// one exists in it), the product chosen by X-Twilio-Upstream-Host, what is not emulated.
import { loadSpec, SPEC_FILES } from '../../sandbox/spec';
import { productFor } from '../../sandbox/http/router';
import { syncDocumentHandlers } from '../../sandbox/http/sync-documents';
import { syncListItemHandlers } from '../../sandbox/http/sync-list-items';
import { syncListHandlers } from '../../sandbox/http/sync-lists';
import { syncServiceHandlers } from '../../sandbox/http/sync-service';
import { raw, restError, useSandbox } from '../contract/helpers';

const EMULATED = [
  'FetchService',
  'CreateDocument',
  'FetchDocument',
  'UpdateDocument',
  'DeleteDocument',
  'ListDocument',
  'CreateSyncList',
  'FetchSyncList',
  'DeleteSyncList',
  'CreateSyncListItem',
  'FetchSyncListItem',
  'DeleteSyncListItem',
  'ListSyncListItem',
];

describe('the Sync spec', () => {
  it('loads the pinned twilio_sync_v1.json (sha256), which needs no nullable fix', () => {
    const sync = loadSpec('sync');
    expect(SPEC_FILES.sync).toMatchObject({ file: 'twilio_sync_v1.json', host: 'sync.twilio.com' });
    expect(sync.nullableFixes).toBe(0);
    expect(sync.patches).toEqual([]);
  });

  it('has every operation the sandbox emulates, and the sandbox emulates exactly those', () => {
    const operationIds = loadSpec('sync').operations.map((op) => op.operationId);
    const handled = Object.keys({ ...syncServiceHandlers, ...syncDocumentHandlers, ...syncListHandlers, ...syncListItemHandlers });
    expect(handled.sort()).toEqual([...EMULATED].sort());
    for (const id of handled) expect(operationIds).toContain(id);
  });

  it('is chosen by X-Twilio-Upstream-Host: sync.twilio.com; without it /v1/Services/... is Conversations', () => {
    expect(productFor('sync.twilio.com', '/v1/Services/default/Documents')).toBe('sync');
    expect(productFor('SYNC.twilio.com', '/v1/Services/default')).toBe('sync');
    expect(productFor(undefined, '/v1/Services/default/Documents')).toBe('conversations');
  });
});

describe('Sync outside the emulated operations', () => {
  const t = useSandbox();

  it('answers 20404 "does not emulate" for Maps, Streams, Permissions and the service list', async () => {
    const sync = t.client.sync.v1;
    for (const call of [
      sync.services('default').syncMaps.create({}),
      sync.services('default').syncStreams.create({}),
      sync.services('default').documents('doc').documentPermissions.list(),
      sync.services.list(),
    ]) {
      const error = await restError(call);
      expect([error.status, error.code]).toEqual([404, 20404]);
      expect(error.message).toMatch(/does not emulate/);
    }
  });

  it('answers 404 (not a crash) to a path with a malformed percent-escape', async () => {
    const answer = await raw(t.sandbox, 'GET', '/v1/Services/default/Documents/100%zz', undefined, { 'X-Twilio-Upstream-Host': 'sync.twilio.com' });
    expect([answer.status, answer.body?.code]).toEqual([404, 20404]);
  });

  it('shows the Sync objects in GET /sandbox/state', async () => {
    const list = await t.client.sync.v1.services('default').syncLists.create({ uniqueName: 'visible' });
    await t.client.sync.v1
      .services('default')
      .syncLists(list.sid)
      .syncListItems.create({ data: { n: 1 } });
    await t.client.sync.v1.services('default').documents.create({ uniqueName: 'visible', data: { a: 1 } });
    const state = await raw(t.sandbox, 'GET', '/sandbox/state');
    expect(state.body).toMatchObject({
      syncService: { sid: t.sandbox.syncServiceSid, uniqueName: 'default' },
      syncDocuments: [expect.objectContaining({ uniqueName: 'visible', data: { a: 1 } })],
      syncLists: [expect.objectContaining({ uniqueName: 'visible', items: [expect.objectContaining({ index: 0, data: { n: 1 } })] })],
    });
  });
});
