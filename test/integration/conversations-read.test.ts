// GET /conversations/list and GET /conversations/fetch through the real local runtime against
// the sandbox: by customer and by Service, the latest messages, the cursor, the round trips.
import { sandboxClient } from '../../sandbox/testing/client';
import { SERVER_API_TOKEN } from '../../sandbox/testing/fixtures';
import { call, postSignedForm } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';
import { snapshot } from '../reliability/support';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const SMS_CUSTOMER = '+14155550142';
const WHATSAPP_CUSTOMER = 'whatsapp:+14155550143';

let stack: Stack;
let open: string;
let closed: string;
let quiet: string;

const service = () => sandboxClient(stack.sandbox).conversations.v1.services(stack.sandbox.serviceSid);
const list = (query: Record<string, string>) => stack.get('/conversations/list', query);
const fetchOne = (query: Record<string, string>) => stack.get('/conversations/fetch', query);
const sids = (answer: { body: { conversations: Array<{ conversationSid: string }> } }) => answer.body.conversations.map((c) => c.conversationSid);
/** The REST calls the functions make while `work` runs. */
async function callsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const before = stack.calls().length;
  await work();
  return stack.calls().slice(before);
}

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER, AGENT_IDENTITIES: 'agent-zoe' }, countRequests: true });
  // The SMS customer's first conversation, closed (which frees the number for the next one).
  closed = (await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: SMS_CUSTOMER }] })).body.conversationSid;
  await service().conversations(closed).messages.create({ author: SMS_CUSTOMER, body: 'Hello 😀' });
  await stack.post('/conversations/close', { conversationSid: closed });
  const onboarded = await stack.post('/participants/onboard', {
    uniqueName: 'order-7',
    friendlyName: 'Order 7',
    participants: [
      { channel: 'sms', address: SMS_CUSTOMER },
      { channel: 'whatsapp', address: WHATSAPP_CUSTOMER },
      { channel: 'chat', identity: 'agent-zoe' },
      { channel: 'chat', identity: 'pat', attributes: { role: 'bot' } },
    ],
  });
  open = onboarded.body.conversationSid;
  quiet = (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'agent-zoe' }] })).body.conversationSid;
  const messages = service().conversations(open).messages;
  await messages.create({ author: SMS_CUSTOMER, body: 'Where is my order?' });
  await messages.create({ author: 'agent-zoe', body: `On its way ${'.'.repeat(300)}` });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

describe('GET /conversations/list (by customer)', () => {
  it('finds every conversation of an SMS number however it is written, with the customer’s participant and the latest message', async () => {
    const answer = await list({ address: '(415) 555-0142', channel: 'sms' });
    expect(answer.status).toBe(200);
    expect(sids(answer).sort()).toEqual([open, closed].sort());
    const current = answer.body.conversations.find((c: { conversationSid: string }) => c.conversationSid === open);
    expect(current).toMatchObject({
      uniqueName: 'order-7',
      friendlyName: 'Order 7',
      state: 'active',
      participant: { channel: 'sms', address: SMS_CUSTOMER, proxyAddress: SMS_PROXY, identity: null, sid: expect.stringMatching(/^MB/) },
      latestMessage: { author: 'agent-zoe', channel: 'chat', bodyTruncated: true, hasMedia: false },
    });
    expect(current.latestMessage.body).toHaveLength(200);
    const old = answer.body.conversations.find((c: { conversationSid: string }) => c.conversationSid === closed);
    expect(old).toMatchObject({ state: 'closed', latestMessage: { author: SMS_CUSTOMER, channel: 'sms', body: 'Hello 😀', bodyTruncated: false } });
    expect(answer.body.nextCursor).toBeNull();
  });

  it('finds a WhatsApp number, with or without its prefix, and a chat identity', async () => {
    for (const address of ['+14155550143', WHATSAPP_CUSTOMER]) expect(sids(await list({ address, channel: 'whatsapp' }))).toEqual([open]);
    const byIdentity = await list({ identity: 'agent-zoe' });
    expect(sids(byIdentity).sort()).toEqual([open, quiet].sort());
    const empty = byIdentity.body.conversations.find((c: { conversationSid: string }) => c.conversationSid === quiet);
    expect(empty).toMatchObject({ participant: { channel: 'chat', identity: 'agent-zoe', address: null }, latestMessage: null });
  });

  it('asks Twilio for at most 50 a page (its limit for ParticipantConversations) whatever the limit', async () => {
    const answer = await list({ identity: 'agent-zoe', limit: '100' });
    expect(answer.status).toBe(200);
    expect(sids(answer)).toHaveLength(2);
  });

  it('narrows by state, and answers an empty list for a customer nobody knows', async () => {
    expect(sids(await list({ address: SMS_CUSTOMER, channel: 'sms', state: 'closed' }))).toEqual([closed]);
    expect((await list({ address: '+14155550999', channel: 'sms' })).body).toEqual({ conversations: [], nextCursor: null });
    expect((await list({ identity: 'nobody-here' })).body).toEqual({ conversations: [], nextCursor: null });
  });

  it('takes one read for the page and one parallel round of latest messages', async () => {
    const calls = await callsDuring(() => list({ address: SMS_CUSTOMER, channel: 'sms' }));
    expect(calls[0]).toBe(`GET /v1/Services/${stack.sandbox.serviceSid}/ParticipantConversations`);
    expect(calls.slice(1).sort()).toEqual([open, closed].map((sid) => `GET /v1/Services/${stack.sandbox.serviceSid}/Conversations/${sid}/Messages`).sort());
  });
});

describe('GET /conversations/list (the Service)', () => {
  const DAY = 86_400_000;
  const START = Date.parse('2025-03-01T00:00:00Z');
  let seeded: string[];

  beforeAll(async () => {
    // Six conversations 12 hours apart, in the past (before everything else in the sandbox).
    seeded = [];
    for (let index = 0; index < 6; index += 1) {
      const created = await service().conversations.create({ friendlyName: `seed ${index}`, dateCreated: new Date(START + index * (DAY / 2)) });
      seeded.push(created.sid);
    }
    await service().conversations(seeded[1]!).update({ state: 'inactive' });
  });

  it('filters by creation time, to the second inside a day, newest first (as Twilio sorts under a date filter)', async () => {
    const range = await list({ from: '2025-03-01T12:00:00Z', to: '2025-03-02T12:00:00Z' });
    expect(sids(range)).toEqual([seeded[3], seeded[2], seeded[1]]);
    // A day alone is the whole day.
    expect(sids(await list({ from: '2025-03-02', to: '2025-03-02' }))).toEqual([seeded[3], seeded[2]]);
    expect(sids(await list({ to: '2025-03-01' }))).toEqual([seeded[1], seeded[0]]);
  });

  it('filters by state, with the dates too', async () => {
    expect(sids(await list({ state: 'inactive' }))).toEqual([seeded[1]]);
    expect(sids(await list({ state: 'active', to: '2025-03-01' }))).toEqual([seeded[0]]);
    expect(sids(await list({ state: 'closed' }))).toEqual([closed]);
  });

  it('pages with the cursor without gaps or repeats, and the last page says so', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await list({ limit: '2', from: '2025-03-01', to: '2025-03-03', ...(cursor ? { cursor } : {}) });
      expect(answer.status).toBe(200);
      seen.push(...sids(answer));
      cursor = answer.body.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...seeded].reverse());
    expect(pages).toBe(3);
  });

  it('lists everything without filters (default limit 20), latest messages included', async () => {
    const answer = await list({});
    expect(sids(answer).sort()).toEqual([...seeded, open, closed, quiet].sort());
    expect(answer.body.conversations.find((c: { conversationSid: string }) => c.conversationSid === open).latestMessage.author).toBe('agent-zoe');
    expect(answer.body.conversations.every((c: { participant?: unknown }) => c.participant === undefined)).toBe(true);
  });

  it('takes one read for the page and one parallel round of latest messages', async () => {
    const calls = await callsDuring(() => list({ to: '2025-03-01' }));
    const base = `/v1/Services/${stack.sandbox.serviceSid}/Conversations`;
    expect(calls[0]).toBe(`GET ${base}`);
    expect(calls.slice(1).sort()).toEqual([seeded[0], seeded[1]].map((sid) => `GET ${base}/${sid}/Messages`).sort());
  });

  it('refuses a cursor made for another request, or changed', async () => {
    const first = await list({ limit: '2', from: '2025-03-01' });
    const cursor: string = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const others: Array<Record<string, string>> = [
      { limit: '3', from: '2025-03-01' },
      { limit: '2' },
      { limit: '2', from: '2025-03-01', state: 'active' },
      { identity: 'agent-zoe', limit: '2', from: '2025-03-01' },
    ];
    for (const query of others) {
      const answer = await list({ ...query, cursor });
      expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_cursor']);
    }
    const [payload, mac] = cursor.split('.');
    const forged = Buffer.from(
      JSON.stringify({ url: `https://conversations.twilio.com/v1/Services/${stack.sandbox.serviceSid}/Conversations?PageSize=100` }),
    ).toString('base64url');
    for (const bad of [`${forged}.${mac}`, payload!, `${payload}.${'😀'.repeat(21)}a`, '%%%'])
      expect((await list({ limit: '2', from: '2025-03-01', cursor: bad })).body.error.code).toBe('invalid_cursor');
  });
});

describe('GET /conversations/list (refusals)', () => {
  it.each([
    ['an address without its channel', { address: SMS_CUSTOMER }, 'invalid_request', 'channel'],
    ['a channel without an address', { channel: 'sms' }, 'invalid_request', 'address'],
    ['a chat channel (identities are found by identity)', { address: 'x', channel: 'chat' }, 'invalid_request', 'channel'],
    ['an address and an identity', { address: SMS_CUSTOMER, channel: 'sms', identity: 'pat' }, 'invalid_request', 'identity'],
    ['an unknown state', { state: 'initializing' }, 'invalid_request', 'state'],
    ['a date that is no date', { from: 'yesterday' }, 'invalid_request', 'from'],
    ['a day that does not exist', { to: '2026-02-30' }, 'invalid_request', 'to'],
    ['from after to', { from: '2026-03-01', to: '2026-02-01' }, 'invalid_request', 'from'],
    ['a limit of 0', { limit: '0' }, 'invalid_request', 'limit'],
    ['a limit over 100', { limit: '101' }, 'invalid_request', 'limit'],
  ])('answers 400 for %s, naming the field', async (_what, query, code, field) => {
    const answer = await list(query);
    expect([answer.status, answer.body.error.code]).toEqual([400, code]);
    expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it.each([
    ['a phone number that is not one', { address: '555-CALL-ME', channel: 'sms' }, 'invalid_address'],
    ['a WhatsApp address that is not one', { address: 'whatsapp:+1', channel: 'whatsapp' }, 'invalid_address'],
    ['a reserved identity', { identity: 'system' }, 'invalid_identity'],
    ['a path-shaped identity', { identity: 'a/../b' }, 'invalid_identity'],
    ['a SID-shaped identity', { identity: 'US' + 'a'.repeat(32) }, 'invalid_identity'],
  ])('answers 400 for %s', async (_what, query, code) => {
    const answer = await list(query);
    expect([answer.status, answer.body.error.code]).toEqual([400, code]);
  });
});

describe('GET /conversations/fetch', () => {
  it('answers the conversation and every participant with channel, address or identity, role and attributes', async () => {
    const answer = await fetchOne({ conversationSid: open });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      conversationSid: open,
      uniqueName: 'order-7',
      friendlyName: 'Order 7',
      state: 'active',
      timers: { dateInactive: null, dateClosed: null },
      attributes: {},
      dateCreated: expect.any(String),
      dateUpdated: expect.any(String),
    });
    expect(answer.body.attributesRaw).toBeUndefined();
    const byWho = Object.fromEntries(answer.body.participants.map((p: { identity: string | null; address: string | null }) => [p.identity ?? p.address, p]));
    expect(byWho[SMS_CUSTOMER]).toMatchObject({ channel: 'sms', proxyAddress: SMS_PROXY, identity: null, role: 'customer', lastReadMessageIndex: null });
    expect(byWho[WHATSAPP_CUSTOMER]).toMatchObject({ channel: 'whatsapp', proxyAddress: WHATSAPP_SENDER, role: 'customer' });
    expect(byWho['agent-zoe']).toMatchObject({ channel: 'chat', address: null, proxyAddress: null, role: 'agent' });
    expect(byWho.pat).toMatchObject({ channel: 'chat', role: 'bot', attributes: { role: 'bot' } });
    expect(answer.body.participants).toHaveLength(4);
  });

  it('answers the same by uniqueName (an exact match), and a repeated call changes nothing', async () => {
    const bySid = await fetchOne({ conversationSid: open });
    const before = snapshot(stack);
    const byName = await fetchOne({ uniqueName: 'order-7' });
    expect(byName.body).toEqual(bySid.body);
    expect((await fetchOne({ uniqueName: 'order-7' })).body).toEqual(bySid.body);
    expect(snapshot(stack)).toBe(before);
  });

  it('takes one parallel round by SID, two by uniqueName (Twilio takes the name in the conversation’s own URL only)', async () => {
    const base = `/v1/Services/${stack.sandbox.serviceSid}/Conversations`;
    expect((await callsDuring(() => fetchOne({ conversationSid: open }))).sort()).toEqual([`GET ${base}/${open}`, `GET ${base}/${open}/Participants`].sort());
    expect(await callsDuring(() => fetchOne({ uniqueName: 'order-7' }))).toEqual([`GET ${base}/order-7`, `GET ${base}/${open}/Participants`]);
  });

  it('shows timers as Twilio gives them, and unsafe attributes as raw text with a flag', async () => {
    const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
    const sid = (await service().conversations.create({ attributes: deep, 'timers.inactive': 'PT10M', 'timers.closed': 'P1D' })).sid;
    await service().conversations(sid).participants.create({ identity: 'guest-1234', attributes: '[1,2]' });
    const answer = await fetchOne({ conversationSid: sid });
    expect(answer.body).toMatchObject({ attributes: deep, attributesRaw: true, timers: { dateInactive: expect.any(String), dateClosed: expect.any(String) } });
    expect(answer.body.participants).toEqual([expect.objectContaining({ identity: 'guest-1234', role: 'customer', attributes: '[1,2]', attributesRaw: true })]);
  });

  it('answers 404 conversation_not_found for an unknown SID or unique name', async () => {
    const unknown: Array<Record<string, string>> = [{ conversationSid: 'CH' + '0'.repeat(32) }, { uniqueName: 'no-such-order' }];
    for (const query of unknown) {
      const answer = await fetchOne(query);
      expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
    }
  });

  it.each([
    ['neither', {}, 'conversationSid'],
    ['both', { conversationSid: 'CH' + 'a'.repeat(32), uniqueName: 'order-7' }, 'uniqueName'],
    ['a malformed SID', { conversationSid: 'CH123' }, 'conversationSid'],
    ['a SID-shaped unique name', { uniqueName: 'CH' + 'a'.repeat(32) }, 'uniqueName'],
    ['a path-shaped unique name', { uniqueName: 'order-7/Participants' }, 'uniqueName'],
  ])('answers 400 for %s, naming the field', async (_what, query, field) => {
    const answer = await fetchOne(query as Record<string, string>);
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_request']);
    expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });
});

describe('auth', () => {
  it.each(['/conversations/list', '/conversations/fetch'])(
    '%s refuses no credentials (401) and a bad signature (403), and takes a good signature',
    async (path) => {
      const url = `${stack.functions.url}${path}`;
      expect((await call(`${url}?conversationSid=${open}`, {})).status).toBe(401);
      expect((await call(`${url}?conversationSid=${open}`, { headers: { Authorization: `Bearer ${SERVER_API_TOKEN}x` } })).status).toBe(401);
      expect((await call(`${url}?conversationSid=${open}`, { headers: { 'X-Twilio-Signature': 'nope' } })).status).toBe(403);
      const signed = await postSignedForm(url, stack.sandbox.authToken, { conversationSid: open });
      expect(signed.status).toBe(200);
    },
  );
});
