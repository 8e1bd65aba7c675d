// /conversations/messages/send, /conversations/messages/history and /conversations/close
// through the real local runtime against the sandbox; the old /conversations/messages has moved.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { sandboxClient } from '../../sandbox/testing/client';
import { startWebhookReceiver } from '../../sandbox/testing/webhook-receiver';
import { SERVER_API_TOKEN } from '../../sandbox/testing/fixtures';
import { call } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const SMS_CUSTOMER = '+14155550142';
const WHATSAPP_CUSTOMER = 'whatsapp:+14155550143';

let stack: Stack;
let conversationSid: string;
let participants: Record<'sms' | 'whatsapp' | 'chat', string>;

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const SEEDED = 260;
const channelOfSeed = (index: number) => (['sms', 'whatsapp', 'chat'] as const)[index % 3]!;

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER } });
  const onboard = await stack.post('/participants/onboard', {
    conversationSid: undefined,
    uniqueName: 'history-seed',
    participants: [
      { channel: 'sms', address: SMS_CUSTOMER },
      { channel: 'whatsapp', address: WHATSAPP_CUSTOMER },
      { channel: 'chat', identity: 'agent-zoe' },
    ],
  });
  conversationSid = onboard.body.conversationSid;
  const bySid = conversationView(stack.sandbox, conversationSid).participants();
  participants = {
    sms: bySid.find((p) => p.binding?.type === 'sms')!.sid,
    whatsapp: bySid.find((p) => p.binding?.type === 'whatsapp')!.sid,
    chat: bySid.find((p) => p.identity === 'agent-zoe')!.sid,
  };
  // Seed more than two pages of history, one message a day, rotating through the channels.
  const client = sandboxClient(stack.sandbox);
  const messages = client.conversations.v1.services(stack.sandbox.serviceSid).conversations(conversationSid).messages;
  const authors = { sms: SMS_CUSTOMER, whatsapp: WHATSAPP_CUSTOMER, chat: 'agent-zoe' };
  // Seeding is not what is tested: Twilio's 30 messages a second per conversation are lifted for it.
  stack.sandbox.setRateLimits({ enabled: false });
  for (let index = 0; index < SEEDED; index += 1) {
    await messages.create({ author: authors[channelOfSeed(index)], body: `message ${index}`, dateCreated: new Date(START + index * DAY) });
  }
  stack.sandbox.setRateLimits({ enabled: true });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

const history = (query: Record<string, string>) => stack.get('/conversations/messages/history', { conversationSid, ...query });
const send = (body: Record<string, unknown>) => stack.post('/conversations/messages/send', { conversationSid, ...body });
const bodies = (answer: { body: { messages: Array<{ body: string }> } }) => answer.body.messages.map((m) => m.body);

describe('GET /conversations/messages (history)', () => {
  it('pages through the whole history with the cursor, across Twilio pages, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const answer = await history({ limit: '70', ...(cursor ? { cursor } : {}) });
      expect(answer.status).toBe(200);
      seen.push(...bodies(answer));
      cursor = answer.body.nextCursor ?? undefined;
      calls += 1;
    } while (cursor && calls < 10);
    expect(seen).toEqual(Array.from({ length: SEEDED }, (_, index) => `message ${index}`));
    expect(calls).toBe(4);
  });

  it('filters by date range (inclusive) in both orders', async () => {
    const range = { from: '2026-02-01T00:00:00Z', to: '2026-02-10T00:00:00Z' };
    const ascending = await history({ ...range, limit: '100' });
    expect(bodies(ascending)).toEqual(Array.from({ length: 10 }, (_, index) => `message ${31 + index}`));
    expect(ascending.body.nextCursor).toBeNull();
    const descending = await history({ ...range, order: 'desc', limit: '100' });
    expect(bodies(descending)).toEqual(bodies(ascending).reverse());
  });

  it('filters by channel, derived from the participants', async () => {
    for (const channel of ['sms', 'whatsapp', 'chat'] as const) {
      const answer = await history({ channel, limit: '1000' });
      expect(answer.body.messages).toHaveLength(Math.ceil((SEEDED - ['sms', 'whatsapp', 'chat'].indexOf(channel)) / 3));
      expect(answer.body.messages.every((m: { channel: string }) => m.channel === channel)).toBe(true);
    }
  });

  it('filters by author and by participant, and combines filters with paging', async () => {
    const byAuthor = await history({ author: 'agent-zoe', limit: '5' });
    expect(bodies(byAuthor)).toEqual(['message 2', 'message 5', 'message 8', 'message 11', 'message 14']);
    const next = await history({ author: 'agent-zoe', limit: '5', cursor: byAuthor.body.nextCursor });
    expect(bodies(next)[0]).toBe('message 17');
    const byParticipant = await history({ participantSid: participants.whatsapp, to: '2026-01-10T00:00:00Z' });
    expect(bodies(byParticipant)).toEqual(['message 1', 'message 4', 'message 7']);
  });

  it.each([
    ['a bad date', { from: 'yesterday' }, 'invalid_request'],
    ['from after to', { from: '2026-03-01', to: '2026-02-01' }, 'invalid_request'],
    ['an unknown channel', { channel: 'fax' }, 'invalid_request'],
    ['a limit out of range', { limit: '5000' }, 'invalid_request'],
    [
      'a forged cursor',
      { cursor: Buffer.from(JSON.stringify({ url: 'https://api.twilio.com/2010-04-01/Accounts.json', offset: 0 })).toString('base64url') },
      'invalid_cursor',
    ],
    ['a garbled cursor', { cursor: '%%%' }, 'invalid_cursor'],
    ['a cursor whose signature has the right length in characters, not in bytes', { cursor: `e30.${'😀'.repeat(21)}a` }, 'invalid_cursor'],
  ])('answers 400 for %s', async (_what, query, code) => {
    const answer = await history(query as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
  });

  it('answers 404 for an unknown conversation', async () => {
    const answer = await stack.get('/conversations/messages/history', { conversationSid: 'CH' + '0'.repeat(32) });
    expect(answer.status).toBe(404);
  });
});

describe('POST /conversations/messages (send)', () => {
  const deliveriesOf = (messageSid: string) => stack.sandbox.state.deliveries.filter((d) => d.messageSid === messageSid);

  it('sends a body to every SMS and WhatsApp participant, as `system` by default', async () => {
    const answer = await send({ body: 'Your order shipped', attributes: { kind: 'notice' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ conversationSid, messageSid: expect.stringMatching(/^IM/), duplicate: false });
    const stored = stack.sandbox.state.messages.get(answer.body.messageSid)!;
    expect(stored.author).toBe('system');
    expect(JSON.parse(stored.attributes)).toMatchObject({ kind: 'notice', idempotencyKey: answer.body.idempotencyKey });
    expect(
      deliveriesOf(answer.body.messageSid)
        .map((d) => d.to)
        .sort(),
    ).toEqual([SMS_CUSTOMER, WHATSAPP_CUSTOMER].sort());
  });

  it('sends a Content template with its variables', async () => {
    const contentSid = 'HX' + 'a'.repeat(32);
    const answer = await send({ contentSid, contentVariables: { 1: 'Zoe' } });
    expect(answer.status).toBe(200);
    expect(stack.sandbox.state.messages.get(answer.body.messageSid)!.contentSid).toBe(contentSid);
  });

  it('does not send twice when the caller retries with the same idempotencyKey', async () => {
    const before = stack.sandbox.state.messages.size;
    const first = await send({ body: 'once', idempotencyKey: 'retry-key-0001' });
    const second = await send({ body: 'once', idempotencyKey: 'retry-key-0001' });
    expect(second.body).toMatchObject({ messageSid: first.body.messageSid, duplicate: true });
    expect(stack.sandbox.state.messages.size).toBe(before + 1);
  });

  it('never sends twice when Twilio answers 5xx or drops the connection after storing the message', async () => {
    const before = stack.sandbox.state.messages.size;
    stack.sandbox.setFaults({ rate5xx: 0.25, rateDrop: 0.15, appliedRate: 1, seed: 3 });
    const answers = [];
    for (let index = 0; index < 6; index += 1) answers.push(await send({ body: `flaky ${index}` }));
    stack.sandbox.setFaults({ rate5xx: 0, rateDrop: 0 });
    expect(stack.sandbox.faultLog.some((fault) => fault.applied && fault.method === 'POST' && fault.path.endsWith('/Messages'))).toBe(true);
    const stored = [...stack.sandbox.state.messages.values()].filter((m) => m.body?.startsWith('flaky '));
    expect(stored.map((m) => m.body).sort()).toEqual([...new Set(stored.map((m) => m.body))].sort());
    expect(stack.sandbox.state.messages.size - before).toBe(stored.length);
    for (const answer of answers) {
      if (answer.status === 200) expect(stack.sandbox.state.messages.has(answer.body.messageSid)).toBe(true);
      else expect(answer.body.error.details.retriable).toBe(true);
    }
  });

  it('fires webhooks only when webhookEnabled is set', async () => {
    const receiver = await startWebhookReceiver(stack.sandbox.authToken);
    try {
      stack.sandbox.setWebhooks({ postUrl: receiver.url, filters: ['onMessageAdded'] });
      await send({ body: 'quiet' });
      await send({ body: 'loud', webhookEnabled: true });
      await stack.sandbox.idle();
      expect(receiver.events('onMessageAdded').map((hook) => hook.params.Body)).toEqual(['loud']);
    } finally {
      stack.sandbox.setWebhooks({ postUrl: '', filters: [] });
      await receiver.close();
    }
  });

  it.each([
    [
      'two media URLs (Twilio takes one MediaSid per message)',
      { body: 'x', mediaUrl: ['https://example.com/a.png', 'https://example.com/b.png'] },
      'invalid_request',
    ],
    ['a mediaUrl with a mediaSid', { mediaUrl: 'https://example.com/a.png', mediaSid: 'ME' + 'a'.repeat(32) }, 'invalid_request'],
    ['a mediaUrl that is not a URL', { mediaUrl: 'not a url' }, 'media_url_invalid'],
    ['an http mediaUrl (https only)', { mediaUrl: 'http://example.com/a.png' }, 'media_url_forbidden'],
    ['nothing to send', {}, 'invalid_request'],
    ['a template with a body', { contentSid: 'HX' + 'a'.repeat(32), body: 'x' }, 'invalid_request'],
    ['a malformed mediaSid', { mediaSid: 'https://example.com/a.png' }, 'invalid_request'],
    ['a non-string body', { body: 42 }, 'invalid_request'],
    ['attributes that are not JSON', { body: 'x', attributes: '{' }, 'invalid_request'],
  ])('answers 400 for %s and stores nothing', async (_what, body, code) => {
    const before = stack.sandbox.state.messages.size;
    const answer = await send(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
    expect(stack.sandbox.state.messages.size).toBe(before);
  });
});

describe('POST /conversations/close', () => {
  const close = (body: Record<string, unknown>) => stack.post('/conversations/close', body);
  const newConversation = async () =>
    (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'closer' }] })).body.conversationSid as string;

  it('closes a conversation, and closing it again changes nothing', async () => {
    const sid = await newConversation();
    expect((await close({ conversationSid: sid })).body).toEqual({ conversationSid: sid, state: 'closed', changed: true });
    expect(stack.sandbox.state.conversations.get(sid)!.state).toBe('closed');
    expect((await close({ conversationSid: sid })).body).toEqual({ conversationSid: sid, state: 'closed', changed: false });
  });

  it('deletes a conversation with delete=true (form body too)', async () => {
    const sid = await newConversation();
    const answer = await call(`${stack.functions.url}/conversations/close`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${SERVER_API_TOKEN}` },
      body: new URLSearchParams({ conversationSid: sid, delete: 'true' }).toString(),
    });
    expect(answer.body).toEqual({ conversationSid: sid, state: 'deleted', changed: true });
    expect(stack.sandbox.state.conversations.has(sid)).toBe(false);
  });

  it('answers 404 conversation_not_found for an unknown SID', async () => {
    for (const body of [{ conversationSid: 'CH' + '1'.repeat(32) }, { conversationSid: 'CH' + '1'.repeat(32), delete: true }]) {
      const answer = await close(body);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('conversation_not_found');
    }
  });

  it('answers 400 for a malformed SID or flag', async () => {
    expect((await close({ conversationSid: 'nope' })).status).toBe(400);
    expect((await close({ conversationSid: 'CH' + '1'.repeat(32), delete: 'maybe' })).status).toBe(400);
  });
});

describe('/conversations/messages (moved)', () => {
  it.each([
    [
      'a GET',
      () =>
        call(`${stack.functions.url}/conversations/messages?conversationSid=${conversationSid}`, { headers: { Authorization: `Bearer ${SERVER_API_TOKEN}` } }),
    ],
    ['a POST', () => stack.post('/conversations/messages', { conversationSid, body: 'hi' })],
  ])('answers %s with 410 endpoint_moved naming the two URLs, sending nothing', async (_what, request) => {
    const before = stack.sandbox.state.messages.size;
    const answer = await request();
    expect(answer.status).toBe(410);
    expect(answer.body.error).toMatchObject({
      code: 'endpoint_moved',
      details: { use: { send: '/conversations/messages/send', history: '/conversations/messages/history' } },
    });
    expect(stack.sandbox.state.messages.size).toBe(before);
  });
});
