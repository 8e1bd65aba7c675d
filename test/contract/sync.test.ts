// Sync v1 (Documents, Lists and their items, the Sync Service) with the real twilio 6 client,
// as the functions use it: client.sync.v1.services('default' | IS...). Classes of input
// (unique names, payload sizes, TTLs, service SIDs) are generated with fast-check, not listed.
import fc from 'fast-check';
import { runCount } from '../support/run-counts';
import { TWILIO_RATE_LIMITS } from '../../sandbox/rate-limits';
import { SYNC_EVICTION } from '../../sandbox/domain/sync-eviction';
import { createTwilioClient } from '../../assets/lib/platform/twilio-client';
import { raw, restError, useSandbox, type SandboxHandle } from './helpers';

const RUNS = runCount('SYNC_RUNS', 25);
const SEED = 20261515;
const SID_SHAPED = fc.tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^[0-9a-f]{32}$/)).map(([prefix, hex]) => prefix + hex);
const MAX_DATA_BYTES = 16_384;

const service = (t: SandboxHandle, sid = 'default') => t.client.sync.v1.services(sid);

/** A request as Twilio's wire sees it (to read the ETag header, or send what twilio-node would not). */
const syncRaw = (t: SandboxHandle, method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) =>
  raw(t.sandbox, method, `/v1/Services/default${path}`, form, { 'X-Twilio-Upstream-Host': 'sync.twilio.com', ...headers });

/** Settled outcomes as `201`/`200` or the Twilio error code. */
async function outcomes(calls: Array<Promise<unknown>>): Promise<Array<number | 'ok'>> {
  const settled = await Promise.allSettled(calls);
  return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as { code: number }).code));
}

let names = 0;
const uniqueName = (prefix: string) => `${prefix}-${(names += 1)}`;

describe('the Sync Service', () => {
  const t = useSandbox();

  it('is one service, fetched by its SID or by the alias default', async () => {
    const bySid = await service(t, t.sandbox.syncServiceSid).fetch();
    const byAlias = await service(t).fetch();
    expect(bySid.sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(bySid.sid).not.toBe(t.sandbox.serviceSid);
    expect([byAlias.sid, byAlias.uniqueName, byAlias.accountSid]).toEqual([t.sandbox.syncServiceSid, 'default', t.sandbox.accountSid]);
    expect(byAlias.url).toBe(`https://sync.twilio.com/v1/Services/${t.sandbox.syncServiceSid}`);
    expect(byAlias.links).toMatchObject({ documents: `${byAlias.url}/Documents`, lists: `${byAlias.url}/Lists` });
    expect(t.sandbox.state.syncService.sid).toBe(t.sandbox.syncServiceSid);
  });

  it('answers 54050 (404) for any other service, on the service and on its objects', async () => {
    const other = fc.oneof(
      SID_SHAPED.filter((sid) => sid !== t.sandbox.syncServiceSid),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((name) => name !== 'default'),
    );
    await fc.assert(
      fc.asyncProperty(other, async (sid) => {
        for (const call of [
          service(t, sid).fetch(),
          service(t, sid).documents.create({ data: {} }),
          service(t, sid).documents('doc').fetch(),
          service(t, sid).syncLists.create({}),
          service(t, sid).syncLists('list').syncListItems.create({ data: {} }),
        ]) {
          const error = await restError(call);
          expect([error.status, error.code]).toEqual([404, 54050]);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(t.sandbox.state.syncDocuments.size + t.sandbox.state.syncLists.size).toBe(0);
  });

  it('keeps the Conversations Service on /v1/Services/{Sid} when no X-Twilio-Upstream-Host says Sync', async () => {
    const conversations = await raw(t.sandbox, 'GET', `/v1/Services/${t.sandbox.syncServiceSid}/Documents`);
    expect(conversations.status).toBe(404);
    const sync = await syncRaw(t, 'GET', '/Documents');
    expect(sync.status).toBe(200);
  });
});

describe('Sync Documents', () => {
  const t = useSandbox();

  it.each(['SID', 'unique name'] as const)('creates, fetches, updates and deletes a document by %s', async (addressedBy) => {
    const name = uniqueName('order');
    const created = await service(t).documents.create({ uniqueName: name, data: { step: 'new' } });
    expect(created).toMatchObject({
      uniqueName: name,
      accountSid: t.sandbox.accountSid,
      serviceSid: t.sandbox.syncServiceSid,
      revision: '0',
      data: { step: 'new' },
      dateExpires: null,
      createdBy: 'system',
    });
    expect(created.sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(created.url).toBe(`https://sync.twilio.com/v1/Services/${t.sandbox.syncServiceSid}/Documents/${created.sid}`);
    expect(created.links).toEqual({ permissions: `${created.url}/Permissions` });
    const id = addressedBy === 'SID' ? created.sid : name;
    const document = () => service(t).documents(id);

    expect(await document().fetch()).toMatchObject({ sid: created.sid, revision: '0', data: { step: 'new' } });
    const updated = await document().update({ data: { step: 'paid' } });
    expect([updated.sid, updated.revision, updated.data]).toEqual([created.sid, '1', { step: 'paid' }]);
    expect((await document().update({ data: { step: 'shipped' } })).revision).toBe('2');
    expect(await document().remove()).toBe(true);
    for (const call of [document().fetch(), document().update({ data: {} }), document().remove()]) {
      const gone = await restError(call);
      expect([gone.status, gone.code]).toEqual([404, 54100]);
    }
    // The unique name is free again.
    expect((await service(t).documents.create({ uniqueName: name })).revision).toBe('0');
  });

  it('creates anonymous documents (no unique name, empty data by default) and lists them', async () => {
    const before = (await service(t).documents.list()).length;
    const anonymous = await service(t).documents.create({});
    expect([anonymous.uniqueName, anonymous.data]).toEqual([null, {}]);
    const all = await service(t).documents.list({ pageSize: 2 });
    expect(all).toHaveLength(before + 1);
    expect(all.map((d) => d.sid)).toContain(anonymous.sid);
  });

  it('sends the revision as the ETag header of every answer holding a document', async () => {
    const name = uniqueName('etag');
    const created = await syncRaw(t, 'POST', '/Documents', { UniqueName: name, Data: '{"a":1}' });
    expect([created.status, created.headers.get('etag'), created.body?.revision]).toEqual([201, '0', '0']);
    await service(t)
      .documents(name)
      .update({ data: { a: 2 } });
    const fetched = await syncRaw(t, 'GET', `/Documents/${name}`);
    expect([fetched.headers.get('etag'), fetched.body?.revision]).toEqual(['1', '1']);
  });

  it('answers 54301 (409) to a second document with a taken unique name', async () => {
    const name = uniqueName('taken');
    await service(t).documents.create({ uniqueName: name, data: { first: true } });
    const second = await restError(service(t).documents.create({ uniqueName: name, data: { first: false } }));
    expect([second.status, second.code]).toEqual([409, 54301]);
    expect((await service(t).documents(name).fetch()).data).toEqual({ first: true });
  });

  it('lets exactly one of N parallel creates of one unique name win; the others get 54301', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 30 }), async (n) => {
        const name = uniqueName('race');
        const results = await outcomes(Array.from({ length: n }, (_, i) => service(t).documents.create({ uniqueName: name, data: { writer: i } })));
        expect(results.filter((r) => r === 'ok')).toHaveLength(1);
        expect(results.filter((r) => r === 54301)).toHaveLength(n - 1);
        const winner = (await service(t).documents(name).fetch()).data as { writer: number };
        expect(results[winner.writer]).toBe('ok');
      }),
      { numRuns: 8, seed: SEED },
    );
  });

  it('refuses every unique name that is empty, longer than 256 characters or shaped like a SID with 54302 (400)', async () => {
    const invalid = fc.oneof(fc.constant(''), fc.string({ unit: 'binary', minLength: 257, maxLength: 400 }), SID_SHAPED);
    const count = t.sandbox.state.syncDocuments.size;
    await fc.assert(
      fc.asyncProperty(invalid, fc.constantFrom('document', 'list'), async (name, kind) => {
        const call = kind === 'document' ? service(t).documents.create({ uniqueName: name }) : service(t).syncLists.create({ uniqueName: name });
        const error = await restError(call);
        expect([error.status, error.code]).toEqual([400, 54302]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(t.sandbox.state.syncDocuments.size).toBe(count);
  });

  it('accepts every unique name of 1 to 256 characters that is not SID-shaped, counting characters, not bytes', async () => {
    const valid = fc.string({ unit: 'binary', minLength: 1, maxLength: 256 }).filter((name) => !/^[A-Z]{2}[0-9a-f]{32}$/.test(name));
    await fc.assert(
      fc.asyncProperty(valid, async (name) => {
        const created = await service(t).documents.create({ uniqueName: name });
        expect(created.uniqueName).toBe(name);
        await service(t).documents(created.sid).remove();
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const wide = '😀'.repeat(256);
    expect((await service(t).documents.create({ uniqueName: wide })).uniqueName).toBe(wide);
  });

  it('takes Data up to 16 KiB of UTF-8 and refuses more with 54006 (400), on create and update, changing nothing', async () => {
    const existing = await service(t).documents.create({ data: { v: 'small' } });
    // {"v":"…"} around the limit, with 1- to 4-byte characters.
    const payload = fc.record({ wide: fc.constantFrom('é', '€', '😀'), count: fc.integer({ min: 0, max: 4_100 }) }).chain(({ wide, count }) => {
      const wideBytes = Buffer.byteLength(wide) * count;
      const overhead = Buffer.byteLength('{"v":""}');
      const room = MAX_DATA_BYTES - overhead - wideBytes;
      return fc.integer({ min: Math.max(0, room - 8), max: Math.max(0, room + 8) }).map((ascii) => ({ v: wide.repeat(count) + 'a'.repeat(ascii) }));
    });
    await fc.assert(
      fc.asyncProperty(payload, async (data) => {
        const fits = Buffer.byteLength(JSON.stringify(data)) <= MAX_DATA_BYTES;
        const created = service(t).documents.create({ data });
        const updated = service(t).documents(existing.sid).update({ data });
        if (fits) {
          expect((await created).data).toEqual(data);
          expect((await updated).data).toEqual(data);
          await service(t)
            .documents(existing.sid)
            .update({ data: { v: 'small' } });
        } else {
          for (const call of [created, updated]) {
            const error = await restError(call);
            expect([error.status, error.code]).toEqual([400, 54006]);
          }
          expect((await service(t).documents(existing.sid).fetch()).data).toEqual({ v: 'small' });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('refuses Data that is not a JSON object with 54008 (400)', async () => {
    for (const text of ['not json', '{"a":', '[1,2]', '42', 'null', '"text"']) {
      const error = await restError(service(t).documents.create({ data: text as never }));
      expect([text, error.status, error.code]).toEqual([text, 400, 54008]);
    }
  });

  it('sets date_expires from Ttl (0 = never), refuses TTLs outside 0..31536000 s with 54011 (400)', async () => {
    const timed = await service(t).documents.create({ data: {}, ttl: 3_600 });
    expect(timed.dateExpires!.getTime() - timed.dateCreated.getTime()).toBe(3_600_000);
    expect((await service(t).documents(timed.sid).update({ ttl: 0 })).dateExpires).toBeNull();
    expect((await service(t).documents(timed.sid).update({ ttl: 60 })).dateExpires).not.toBeNull();
    const outside = fc.oneof(fc.integer({ min: -1_000_000, max: -1 }), fc.integer({ min: 31_536_001, max: 2_000_000_000 }));
    await fc.assert(
      fc.asyncProperty(outside, async (ttl) => {
        const error = await restError(service(t).documents.create({ data: {}, ttl }));
        expect([error.status, error.code]).toEqual([400, 54011]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('answers 54010 (400) to an update without Data or Ttl', async () => {
    const document = await service(t).documents.create({});
    const error = await restError(service(t).documents(document.sid).update({}));
    expect([error.status, error.code]).toEqual([400, 54010]);
  });

  it('updates with If-Match only at that revision: 54103 (412) otherwise, and nothing changes', async () => {
    const name = uniqueName('guarded');
    const document = await service(t).documents.create({ uniqueName: name, data: { n: 0 } });
    const next = await service(t)
      .documents(name)
      .update({ data: { n: 1 }, ifMatch: document.revision });
    expect(next.revision).toBe('1');
    const stale = await restError(
      service(t)
        .documents(name)
        .update({ data: { n: 99 }, ifMatch: document.revision }),
    );
    expect([stale.status, stale.code]).toEqual([412, 54103]);
    expect(await service(t).documents(name).fetch()).toMatchObject({ revision: '1', data: { n: 1 } });
    // The ETag's forms: quoted, and * for any revision.
    expect((await syncRaw(t, 'POST', `/Documents/${name}`, { Data: '{"n":2}' }, { 'If-Match': '"1"' })).status).toBe(200);
    expect((await syncRaw(t, 'POST', `/Documents/${name}`, { Data: '{"n":3}' }, { 'If-Match': '*' })).status).toBe(200);
  });

  it('lets exactly one of N parallel conditional updates win per revision', async () => {
    const document = await service(t).documents.create({ data: { winner: null } });
    let revision = document.revision;
    for (let round = 0; round < 5; round += 1) {
      const n = 10 + round;
      const results = await outcomes(
        Array.from({ length: n }, (_, i) =>
          service(t)
            .documents(document.sid)
            .update({ data: { winner: i }, ifMatch: revision }),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 54103)).toHaveLength(n - 1);
      const now = await service(t).documents(document.sid).fetch();
      expect(Number(now.revision)).toBe(Number(revision) + 1);
      expect(results[(now.data as { winner: number }).winner]).toBe('ok');
      revision = now.revision;
    }
  });
});

describe('Sync TTL eviction (late, like Twilio)', () => {
  const t = useSandbox();
  afterEach(() => t.sandbox.setSyncEviction(SYNC_EVICTION));

  it('keeps an expired document readable until the sweep, lateMs after expiry, then 54100 and the name is free', async () => {
    const name = uniqueName('short-lived');
    const created = await service(t).documents.create({ uniqueName: name, data: { v: 1 }, ttl: 60 });
    t.sandbox.advanceClock(60_000 + 1_000);
    const expired = await service(t).documents(name).fetch();
    expect([expired.data, expired.dateExpires]).toEqual([{ v: 1 }, created.dateExpires]);
    t.sandbox.advanceClock(SYNC_EVICTION.lateMs);
    const gone = await restError(service(t).documents(name).fetch());
    expect([gone.status, gone.code]).toEqual([404, 54100]);
    expect((await service(t).documents.create({ uniqueName: name })).revision).toBe('0');
  });

  it('takes its lateness from setSyncEviction()', async () => {
    t.sandbox.setSyncEviction({ lateMs: 30_000 });
    const document = await service(t).documents.create({ data: {}, ttl: 10 });
    t.sandbox.advanceClock(10_000 + 29_000);
    expect((await service(t).documents(document.sid).fetch()).sid).toBe(document.sid);
    t.sandbox.advanceClock(2_000);
    expect((await restError(service(t).documents(document.sid).fetch())).code).toBe(54100);
    t.sandbox.setSyncEviction({ lateMs: 0 });
    const prompt = await service(t).documents.create({ data: {}, ttl: 5 });
    t.sandbox.advanceClock(5_000);
    expect((await restError(service(t).documents(prompt.sid).fetch())).code).toBe(54100);
  });

  it('never evicts a document without TTL, and restarts the clock of one whose Ttl is updated', async () => {
    const forever = await service(t).documents.create({ data: {} });
    const renewed = await service(t).documents.create({ data: {}, ttl: 60 });
    t.sandbox.advanceClock(50_000);
    await service(t).documents(renewed.sid).update({ ttl: 60 });
    t.sandbox.advanceClock(50_000 + SYNC_EVICTION.lateMs);
    expect((await service(t).documents(renewed.sid).fetch()).sid).toBe(renewed.sid);
    t.sandbox.advanceClock(86_400_000);
    expect((await service(t).documents(forever.sid).fetch()).sid).toBe(forever.sid);
    expect((await restError(service(t).documents(renewed.sid).fetch())).code).toBe(54100);
  });

  it('evicts list items on their ItemTtl and lists (with their items) on their CollectionTtl', async () => {
    const list = await service(t).syncLists.create({ uniqueName: uniqueName('ttl-list'), collectionTtl: 600 });
    expect(list.dateExpires!.getTime() - list.dateCreated.getTime()).toBe(600_000);
    const items = service(t).syncLists(list.sid).syncListItems;
    const brief = await items.create({ data: { brief: true }, itemTtl: 30 });
    const lasting = await items.create({ data: { brief: false } });
    expect(brief.dateExpires!.getTime() - brief.dateCreated.getTime()).toBe(30_000);
    t.sandbox.advanceClock(30_000 + SYNC_EVICTION.lateMs);
    expect((await restError(items(brief.index).fetch())).code).toBe(54151);
    expect((await items(lasting.index).fetch()).data).toEqual({ brief: false });
    t.sandbox.advanceClock(600_000);
    expect((await restError(service(t).syncLists(list.sid).fetch())).code).toBe(54150);
    expect(t.sandbox.state.syncLists.has(list.sid)).toBe(false);
  });

  it('sets the list’s TTL from an item’s CollectionTtl, in the one new revision the append makes', async () => {
    const list = await service(t).syncLists.create({});
    await service(t).syncLists(list.sid).syncListItems.create({ data: {}, collectionTtl: 120 });
    const changed = await service(t).syncLists(list.sid).fetch();
    expect(changed.revision).toBe('1');
    expect(changed.dateExpires!.getTime() - changed.dateUpdated.getTime()).toBe(120_000);
  });
});

describe('Sync Lists and their items', () => {
  const t = useSandbox();

  it.each(['SID', 'unique name'] as const)('creates, fetches and deletes a list by %s, and appends to it', async (addressedBy) => {
    const name = uniqueName('queue');
    const created = await service(t).syncLists.create({ uniqueName: name });
    expect(created.sid).toMatch(/^ES[0-9a-f]{32}$/);
    expect(created).toMatchObject({ uniqueName: name, revision: '0', serviceSid: t.sandbox.syncServiceSid, dateExpires: null, createdBy: 'system' });
    expect(created.links).toEqual({ items: `${created.url}/Items`, permissions: `${created.url}/Permissions` });
    const id = addressedBy === 'SID' ? created.sid : name;
    expect((await service(t).syncLists(id).fetch()).sid).toBe(created.sid);
    const item = await service(t)
      .syncLists(id)
      .syncListItems.create({ data: { n: 1 } });
    expect(item).toMatchObject({ index: 0, listSid: created.sid, revision: '0', data: { n: 1 }, createdBy: 'system' });
    expect(item.url).toBe(`${created.url}/Items/0`);
    expect((await service(t).syncLists(id).syncListItems(0).fetch()).data).toEqual({ n: 1 });
    expect(await service(t).syncLists(id).remove()).toBe(true);
    for (const call of [service(t).syncLists(id).fetch(), service(t).syncLists(id).remove(), service(t).syncLists(id).syncListItems(0).fetch()]) {
      const gone = await restError(call);
      expect([gone.status, gone.code]).toEqual([404, 54150]);
    }
  });

  it('answers 54150 (404) to an append, a read or a listing of items of a list that does not exist', async () => {
    const missing = fc.oneof(
      SID_SHAPED.map((sid) => 'ES' + sid.slice(2)),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
    );
    await fc.assert(
      fc.asyncProperty(missing, async (id) => {
        for (const call of [
          service(t).syncLists(id).syncListItems.create({ data: {} }),
          service(t).syncLists(id).syncListItems(0).fetch(),
          service(t).syncLists(id).syncListItems.list(),
        ]) {
          const error = await restError(call);
          expect([error.status, error.code]).toEqual([404, 54150]);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('answers 54301 to a second list with a taken name; documents and lists have separate names', async () => {
    const name = uniqueName('shared');
    await service(t).syncLists.create({ uniqueName: name });
    expect((await restError(service(t).syncLists.create({ uniqueName: name }))).code).toBe(54301);
    expect((await service(t).documents.create({ uniqueName: name })).uniqueName).toBe(name);
  });

  it('gives parallel appends distinct, consecutive indexes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 }), async (n, already) => {
        const list = await service(t).syncLists.create({});
        for (let i = 0; i < already; i += 1) await service(t).syncLists(list.sid).syncListItems.create({ data: { i } });
        const appended = await Promise.all(Array.from({ length: n }, (_, i) => service(t).syncLists(list.sid).syncListItems.create({ data: { i } })));
        const indexes = appended.map((item) => item.index).sort((a, b) => a - b);
        expect(indexes).toEqual(Array.from({ length: n }, (_, i) => already + i));
      }),
      { numRuns: 10, seed: SEED },
    );
  });

  it('never reuses the index of a deleted item; a deleted or unknown index answers 54151 (404)', async () => {
    const list = await service(t).syncLists.create({});
    const items = service(t).syncLists(list.sid).syncListItems;
    for (let i = 0; i < 3; i += 1) await items.create({ data: { i } });
    expect(await items(2).remove()).toBe(true);
    expect((await items.create({ data: { i: 3 } })).index).toBe(3);
    for (const index of [2, 4, 1_000]) {
      const error = await restError(items(index).fetch());
      expect([error.status, error.code]).toEqual([404, 54151]);
    }
    const stale = await restError(items(0).remove({ ifMatch: '7' }));
    expect([stale.status, stale.code]).toEqual([412, 54155]);
    expect((await items.list()).map((item) => item.index)).toEqual([0, 1, 3]);
    // Three appends, a delete, an append: each a new revision of the list.
    expect((await service(t).syncLists(list.sid).fetch()).revision).toBe('5');
  });

  it('lists items in index order, reversed with Order=desc, from an index (inclusive or exclusive), across pages', async () => {
    const list = await service(t).syncLists.create({});
    const items = service(t).syncLists(list.sid).syncListItems;
    for (let i = 0; i < 7; i += 1) await items.create({ data: { i } });
    const indexes = async (options: Parameters<typeof items.list>[0]) => (await items.list(options)).map((item) => item.index);
    expect(await indexes({ pageSize: 2 })).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await indexes({ order: 'desc', pageSize: 3 })).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(await indexes({ from: '4' })).toEqual([4, 5, 6]);
    expect(await indexes({ from: '4', bounds: 'exclusive' })).toEqual([5, 6]);
    expect(await indexes({ from: '4', order: 'desc', bounds: 'exclusive', pageSize: 2 })).toEqual([3, 2, 1, 0]);
  });

  it('refuses list item Data over 16 KiB with 54006 and item TTLs out of range with 54011', async () => {
    const list = await service(t).syncLists.create({});
    const big = await restError(
      service(t)
        .syncLists(list.sid)
        .syncListItems.create({ data: { v: 'a'.repeat(MAX_DATA_BYTES) } }),
    );
    expect([big.status, big.code]).toEqual([400, 54006]);
    const ttl = await restError(service(t).syncLists(list.sid).syncListItems.create({ data: {}, itemTtl: -1 }));
    expect([ttl.status, ttl.code]).toEqual([400, 54011]);
    expect(t.sandbox.state.syncLists.get(list.sid)?.nextIndex).toBe(0);
  });
});

describe('Sync rate limits (20 writes and 20 reads a second per object, 10 s burst)', () => {
  const t = useSandbox();
  afterEach(() => t.sandbox.setRateLimits(TWILIO_RATE_LIMITS));

  it('lets a burst of 200 writes to one document through, then answers 429 with 54009; other objects and reads are unaffected', async () => {
    const hot = await service(t).documents.create({ uniqueName: uniqueName('hot') });
    const calm = await service(t).documents.create({});
    const burst = await Promise.all(Array.from({ length: 300 }, (_, i) => syncRaw(t, 'POST', `/Documents/${hot.sid}`, { Data: `{"i":${i}}` })));
    const limited = burst.filter((answer) => answer.status === 429);
    // The whole window at once (less the create's write), plus what refilled at 20/s while the burst was in flight.
    expect(burst.length - limited.length).toBeGreaterThanOrEqual(199);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body).toMatchObject({ code: 54009, status: 429 });
    expect(limited[0]!.headers.get('retry-after')).toBeNull();
    expect(t.sandbox.faultLog.filter((record) => record.kind === 'rate-limit')).toHaveLength(limited.length);
    // By unique name it is the same object, the same bucket.
    expect((await syncRaw(t, 'POST', `/Documents/${hot.uniqueName}`, { Data: '{}' })).status).toBe(429);
    expect(
      (
        await service(t)
          .documents(calm.sid)
          .update({ data: { fine: true } })
      ).revision,
    ).toBe('1');
    expect((await service(t).documents(hot.sid).fetch()).sid).toBe(hot.sid);
    t.sandbox.advanceClock(10_000);
    expect((await syncRaw(t, 'POST', `/Documents/${hot.sid}`, { Data: '{}' })).status).toBe(200);
  });

  it('reaches the real client as RestException 54009 once its retries run out, and counts item appends against their list', async () => {
    // One action per object, refilled every 10 s: the client's retries (for 1 s) cannot outlast it.
    t.sandbox.setRateLimits({ perSyncObject: 0.1, syncBurstSeconds: 10 });
    const patient = createTwilioClient({ accountSid: t.sandbox.accountSid, authToken: t.sandbox.authToken, baseUrl: t.sandbox.url, deadlineMs: 1_000 });
    const sync = patient.sync.v1.services('default');
    const document = await sync.documents.create({ uniqueName: uniqueName('limited') });
    const write = await restError(sync.documents(document.sid).update({ data: { again: true } }));
    expect([write.status, write.code]).toEqual([429, 54009]);
    expect((await sync.documents(document.sid).fetch()).revision).toBe('0');
    const read = await restError(sync.documents(document.sid).fetch());
    expect(read.code).toBe(54009);

    const list = await sync.syncLists.create({ uniqueName: uniqueName('limited-list') });
    // The list's one write went to its create: its items are the list's writes.
    const append = await restError(sync.syncLists(list.sid).syncListItems.create({ data: {} }));
    expect([append.status, append.code]).toEqual([429, 54009]);

    t.sandbox.setRateLimits({ enabled: false });
    const free = await Promise.all(Array.from({ length: 30 }, (_, i) => sync.documents(document.sid).update({ data: { i } })));
    expect(free).toHaveLength(30);
  });
});
