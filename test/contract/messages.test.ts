// Messages with the real twilio 6 client: create/fetch/update/delete, list Order and paging.
import { restError, useSandbox } from './helpers';
import { uploadMedia } from '../../sandbox/testing/media';

describe('Messages', () => {
  const t = useSandbox();

  it('creates, fetches, updates and deletes a message; indexes are never reused', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const messages = t.client.conversations.v1.conversations(c.sid).messages;
    const first = await messages.create({ author: 'agent', body: 'Hello', attributes: '{"k":1}' });
    expect(first.sid).toMatch(/^IM[0-9a-f]{32}$/);
    expect([first.index, first.author, first.body, first.attributes]).toEqual([0, 'agent', 'Hello', '{"k":1}']);
    expect(first.url).toBe(`https://conversations.twilio.com/v1/Conversations/${c.sid}/Messages/${first.sid}`);
    expect((await messages(first.sid).fetch()).body).toBe('Hello');
    expect((await messages(first.sid).update({ body: 'Hello!' })).body).toBe('Hello!');
    await messages(first.sid).remove();
    expect(t.sandbox.state.messages.has(first.sid)).toBe(false);
    const second = await messages.create({ body: 'again' });
    expect(second.index).toBe(1);
    expect(second.author).toBe('system');
  });

  it('links the author to its participant, and accepts MediaSid without a body', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const p = await t.client.conversations.v1.conversations(c.sid).participants.create({ identity: 'agent-7' });
    const upload = await uploadMedia(t.sandbox, Buffer.from('%PDF-1.4 x'), 'application/pdf', 'a.pdf');
    const m = await t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'agent-7', mediaSid: upload.sid });
    expect(m.participantSid).toBe(p.sid);
    expect(m.body).toBeNull();
    expect(m.media).toEqual([{ sid: upload.sid, content_type: 'application/pdf', filename: 'a.pdf', size: 10 }]);
  });

  it('rejects a message with no body, media or content (400), and any message in a closed conversation', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    expect((await restError(t.client.conversations.v1.conversations(c.sid).messages.create({ author: 'x' }))).status).toBe(400);
    await t.client.conversations.v1.conversations(c.sid).update({ state: 'closed' });
    const late = await restError(t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'late' }));
    expect([late.status, late.code]).toEqual([400, 50377]);
  });

  it('lists in Order asc and desc, and pages with PageSize and next_page_url', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const messages = t.client.conversations.v1.conversations(c.sid).messages;
    for (let i = 0; i < 7; i += 1) await messages.create({ body: `m${i}` });
    expect((await messages.list({ order: 'asc' })).map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    const firstDesc = await messages.page({ order: 'desc', pageSize: 3 });
    expect(firstDesc.instances.map((m) => m.body)).toEqual(['m6', 'm5', 'm4']);
    expect(firstDesc.nextPageUrl).toContain('Order=desc&PageSize=3&Page=1&PageToken=PTIM');
    const secondDesc = await firstDesc.nextPage();
    expect(secondDesc?.instances.map((m) => m.body)).toEqual(['m3', 'm2', 'm1']);
    const thirdDesc = await secondDesc?.nextPage();
    expect(thirdDesc?.instances.map((m) => m.body)).toEqual(['m0']);
    expect(thirdDesc?.nextPageUrl).toBeUndefined();
    expect((await messages.list({ pageSize: 2, order: 'desc' })).map((m) => m.index)).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });

  it('serves the service-scoped message paths', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({});
    const m = await service.conversations(c.sid).messages.create({ body: 'svc' });
    expect((await service.conversations(c.sid).messages(m.sid).fetch()).body).toBe('svc');
    expect(await service.conversations(c.sid).messages.list()).toHaveLength(1);
    await service.conversations(c.sid).messages(m.sid).update({ attributes: '{"edited":true}' });
    await service.conversations(c.sid).messages(m.sid).remove();
    expect(t.sandbox.state.messages.has(m.sid)).toBe(false);
  });
});
