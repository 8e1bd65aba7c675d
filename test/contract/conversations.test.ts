// Conversations with the real twilio 6 client: default-service and /Services/{IS} paths,
// State and Timers, list filters and paging, ConversationWithParticipants.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { restError, useSandbox } from './helpers';

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`);

describe('Conversations', () => {
  const t = useSandbox();

  it('creates, fetches (by SID and unique name), updates and deletes a conversation', async () => {
    const conversations = t.client.conversations.v1.conversations;
    const created = await conversations.create({ friendlyName: 'Support', uniqueName: 'support-1', attributes: '{"topic":"billing"}' });
    expect(created.sid).toMatch(SID('CH'));
    expect(created.chatServiceSid).toBe(t.sandbox.serviceSid);
    expect(created.state).toBe('active');
    expect(created.url).toBe(`https://conversations.twilio.com/v1/Conversations/${created.sid}`);
    expect(created.links.messages).toBe(`https://conversations.twilio.com/v1/Conversations/${created.sid}/Messages`);
    expect(created.dateCreated).toBeInstanceOf(Date);

    expect((await conversations(created.sid).fetch()).friendlyName).toBe('Support');
    expect((await conversations('support-1').fetch()).sid).toBe(created.sid);

    const updated = await conversations(created.sid).update({ friendlyName: 'Billing', state: 'inactive', 'timers.closed': 'PT10M' });
    expect(updated.state).toBe('inactive');
    expect(updated.timers).toEqual({ date_closed: expect.any(String) });
    expect(t.sandbox.state.conversations.get(created.sid)?.friendlyName).toBe('Billing');

    await conversations(created.sid).remove();
    expect(t.sandbox.state.conversations.has(created.sid)).toBe(false);
    expect((await restError(conversations(created.sid).fetch())).status).toBe(404);
  });

  it('sets Timers.Inactive and Timers.Closed, and moves state when they are due', async () => {
    const c = await t.client.conversations.v1.conversations.create({ 'timers.inactive': 'PT1M', 'timers.closed': 'PT10M' });
    expect(Object.keys(c.timers as object).sort()).toEqual(['date_closed', 'date_inactive']);
    t.sandbox.advanceClock(61_000);
    expect((await t.client.conversations.v1.conversations(c.sid).fetch()).state).toBe('inactive');
    t.sandbox.advanceClock(10 * 60_000);
    expect((await t.client.conversations.v1.conversations(c.sid).fetch()).state).toBe('closed');
  });

  it.each([
    ['timers.inactive', 'PT59S', 50375],
    ['timers.closed', 'PT9M59S', 50376],
    ['timers.inactive', 'five minutes', 50379],
    ['timers.closed', '10 minutes', 50380],
  ])('refuses %s=%s with Twilio code %i (below the minimum, or not an ISO-8601 duration)', async (name, value, code) => {
    const error = await restError(t.client.conversations.v1.conversations.create({ [name]: value }));
    expect([error.status, error.code]).toEqual([400, code]);
    const c = await t.client.conversations.v1.conversations.create({});
    const onUpdate = await restError(t.client.conversations.v1.conversations(c.sid).update({ [name]: value }));
    expect(onUpdate.code).toBe(code);
  });

  it('accepts the minimums exactly (1 minute inactive, 10 minutes closed)', async () => {
    const c = await t.client.conversations.v1.conversations.create({ 'timers.inactive': 'PT1M', 'timers.closed': 'PT10M' });
    expect(c.timers).toEqual({ date_inactive: expect.any(String), date_closed: expect.any(String) });
  });

  it.each([
    ['a conversation', 16_384],
    ['a participant', 4_096],
    ['a message', 4_096],
  ])('takes attributes of %s up to %i bytes of UTF-8, and refuses one byte more (50303)', async (what, limit) => {
    const c = await t.client.conversations.v1.conversations.create({});
    // {"n":"…"} with multi-byte characters, so that bytes (not characters) are what counts.
    const sized = (bytes: number) => JSON.stringify({ n: 'é'.repeat((bytes - 8) / 2) + 'x'.repeat((bytes - 8) % 2) });
    const write = (attributes: string) =>
      what === 'a conversation'
        ? t.client.conversations.v1.conversations(c.sid).update({ attributes })
        : what === 'a participant'
          ? t.client.conversations.v1.conversations(c.sid).participants.create({ identity: `p-${attributes.length}`, attributes })
          : t.client.conversations.v1.conversations(c.sid).messages.create({ body: 'x', attributes });
    expect(Buffer.byteLength(sized(limit))).toBe(limit);
    await expect(write(sized(limit))).resolves.toBeDefined();
    const error = await restError(write(sized(limit + 1)));
    expect([error.status, error.code]).toEqual([400, 50303]);
  });

  it('keeps a closed conversation closed: no update, no message, no participant (50377), and its unique name stays taken', async () => {
    const conversations = t.client.conversations.v1.conversations;
    const c = await conversations.create({ uniqueName: 'closed-for-good' });
    await conversations(c.sid).update({ state: 'closed' });
    for (const attempt of [
      conversations(c.sid).update({ state: 'active' }),
      conversations(c.sid).update({ friendlyName: 'renamed' }),
      conversations(c.sid).update({ attributes: '{"a":1}' }),
      conversations(c.sid).messages.create({ body: 'late' }),
      conversations(c.sid).participants.create({ identity: 'latecomer' }),
      conversations(c.sid).participants.create({ 'messagingBinding.address': '+15550001234', 'messagingBinding.proxyAddress': '+15550009999' }),
    ]) {
      const error = await restError(attempt);
      expect([error.status, error.code]).toEqual([400, 50377]);
    }
    const fetched = await conversations(c.sid).fetch();
    expect([fetched.state, fetched.friendlyName, fetched.attributes]).toEqual(['closed', null, '{}']);
    const taken = await restError(conversations.create({ uniqueName: 'closed-for-good' }));
    expect(taken.code).toBe(50353);
    // Deleting frees the name.
    await conversations(c.sid).remove();
    await expect(conversations.create({ uniqueName: 'closed-for-good' })).resolves.toMatchObject({ uniqueName: 'closed-for-good' });
  });

  it('refuses a second conversation with the same unique name (50353)', async () => {
    await t.client.conversations.v1.conversations.create({ uniqueName: 'dup-name' });
    const error = await restError(t.client.conversations.v1.conversations.create({ uniqueName: 'dup-name' }));
    expect([error.status, error.code]).toEqual([409, 50353]);
  });

  it('lists with State, StartDate and EndDate filters', async () => {
    const closed = await t.client.conversations.v1.conversations.create({ friendlyName: 'to close' });
    await t.client.conversations.v1.conversations(closed.sid).update({ state: 'closed' });
    const closedList = await t.client.conversations.v1.conversations.list({ state: 'closed' });
    expect(closedList.map((c) => c.sid)).toContain(closed.sid);
    expect(closedList.every((c) => c.state === 'closed')).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await t.client.conversations.v1.conversations.list({ startDate: `${today}T00:00:00Z`, endDate: '2999-12-31T23:59:59Z' });
    expect(inRange.map((c) => c.sid)).toContain(closed.sid);
    const past = await t.client.conversations.v1.conversations.list({ endDate: '2001-01-01T00:00:00Z' });
    expect(past).toEqual([]);
  });

  it('pages through several pages by following next_page_url', async () => {
    for (let i = 0; i < 5; i += 1) await t.client.conversations.v1.conversations.create({ friendlyName: `paged ${i}` });
    const total = t.sandbox.state.conversations.size;
    const first = await t.client.conversations.v1.conversations.page({ pageSize: 2 });
    expect(first.instances).toHaveLength(2);
    expect(first.nextPageUrl).toMatch(/^https:\/\/conversations\.twilio\.com\/v1\/Conversations\?PageSize=2&Page=1&PageToken=PTCH[0-9a-f]{32}$/);
    const second = await first.nextPage();
    expect(second?.instances).toHaveLength(2);
    expect(second?.instances[0].sid).not.toBe(first.instances[0].sid);
    const all = await t.client.conversations.v1.conversations.list({ pageSize: 2 });
    expect(all).toHaveLength(total);
    expect(new Set(all.map((c) => c.sid)).size).toBe(total);
  });

  it('serves the /v1/Services/{IS}/Conversations paths with service URLs', async () => {
    const service = t.client.conversations.v1.services(t.sandbox.serviceSid);
    const c = await service.conversations.create({ friendlyName: 'via service' });
    expect(c.url).toBe(`https://conversations.twilio.com/v1/Services/${t.sandbox.serviceSid}/Conversations/${c.sid}`);
    expect((await service.conversations(c.sid).fetch()).friendlyName).toBe('via service');
    await service.conversations(c.sid).update({ attributes: '{"a":1}' });
    expect(t.sandbox.state.conversations.get(c.sid)?.attributes).toBe('{"a":1}');
    expect((await service.conversations.list({ pageSize: 100 })).map((x) => x.sid)).toContain(c.sid);
    const other = await restError(t.client.conversations.v1.services('IS00000000000000000000000000000000').conversations.list());
    expect([other.status, other.code]).toEqual([404, 20404]);
    await service.conversations(c.sid).remove();
  });
});

describe('ConversationWithParticipants', () => {
  const t = useSandbox();

  it('creates a conversation and its participants in one request', async () => {
    const c = await t.client.conversations.v1.conversationWithParticipants.create({
      friendlyName: 'one shot',
      participant: [JSON.stringify({ messaging_binding: { address: '+15550002001', proxy_address: '+15559990001' } }), JSON.stringify({ identity: 'agent-1' })],
    });
    expect(c.sid).toMatch(SID('CH'));
    const participants = conversationView(t.sandbox, c.sid).participants();
    expect(participants.map((p) => p.identity ?? (p.binding && 'address' in p.binding ? p.binding.address : null)).sort()).toEqual(['+15550002001', 'agent-1']);
  });

  it('answers 50425 when an address pair is already bound, and creates nothing', async () => {
    const before = t.sandbox.state.conversations.size;
    const error = await restError(
      t.client.conversations.v1.conversationWithParticipants.create({
        participant: [JSON.stringify({ messaging_binding: { address: '+15550002001', proxy_address: '+15559990001' } })],
      }),
    );
    expect([error.status, error.code]).toEqual([409, 50425]);
    expect(error.message).toMatch(/CH[0-9a-f]{32}/);
    expect(t.sandbox.state.conversations.size).toBe(before);
  });

  it('works on the service path too', async () => {
    const c = await t.client.conversations.v1
      .services(t.sandbox.serviceSid)
      .conversationWithParticipants.create({ participant: [JSON.stringify({ identity: 'svc-user' })] });
    expect(c.url).toContain(`/Services/${t.sandbox.serviceSid}/Conversations/`);
  });
});
