// The sandbox console over HTTP (the page itself runs in test/browser): who may open it,
// what its views show of what happened (policy outcomes, refusals, deliveries, badges, the
// webhook log), and what its actions do, with bad input refused before anything happens.
import { startWebhookReceiver, type WebhookReceiver, type WebhookReply } from '../../sandbox/testing/webhook-receiver';
import { clientFor } from '../contract/helpers';
import { type Sandbox, startSandbox } from '../../sandbox/index';
import { EVERY_EVENT } from '../../sandbox/testing/webhook-fixtures';
import type { TwilioClient } from '../../assets/lib/platform/twilio-client';
import { ACCOUNT_SID, AUTH_TOKEN } from '../../sandbox/testing/fixtures';
import { basicAuth, consoleCall, consoleClient } from './console-http';

const PROXY_SMS = '+15005550006';
const PROXY_WHATSAPP = 'whatsapp:+14155238886';
const CARD = '4111 1111 1111 1111';
const TOKEN = 'console-token-for-tests-0123456789';
const ON = { xTwilioWebhookEnabled: 'true' as const };

let sandbox: Sandbox;
let receiver: WebhookReceiver;
let client: TwilioClient;
let reply: (params: Record<string, string>) => WebhookReply;
let api: ReturnType<typeof consoleClient>;
let customerCount = 0;

/** A new customer number per test, so each test gets its own autocreated conversation. */
const newCustomer = () => `+1555010${String(++customerCount).padStart(4, '0')}`;

// The "functions" here are a receiver that redacts card numbers, refuses BLOCK, and answers
// /studio/handoff: what the real functions do is tested in test/browser and test/integration.
function answerLikeThePolicy(params: Record<string, string>): WebhookReply {
  if (params.EventType === 'onMessageAdd' && params.Body?.includes('BLOCK')) return { status: 422, body: '{"error":"blocked"}' };
  if (params.EventType === 'onMessageAdd' && params.Body?.includes(CARD)) return { body: JSON.stringify({ body: params.Body.replace(CARD, '[card]') }) };
  return {};
}

beforeAll(async () => {
  receiver = await startWebhookReceiver(AUTH_TOKEN, (hook) => (hook.path === '/studio/handoff' ? { body: '{"handedOff":true}' } : reply(hook.params)));
  sandbox = await startSandbox({
    quiet: true,
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    webhookTimeoutMs: 1_000,
    rateLimits: { enabled: false },
    webhooks: { preUrl: `${receiver.url}/pre`, postUrl: `${receiver.url}/post`, filters: EVERY_EVENT },
    addressConfigurations: [
      { type: 'sms', address: PROXY_SMS, autoCreation: { enabled: true, type: 'default' } },
      { type: 'whatsapp', address: PROXY_WHATSAPP, autoCreation: { enabled: true, type: 'default' } },
    ],
    console: { token: TOKEN, functionsUrl: receiver.url },
  });
  client = clientFor(sandbox);
  api = consoleClient(sandbox.url, basicAuth(ACCOUNT_SID, AUTH_TOKEN));
});
beforeEach(() => {
  reply = answerLikeThePolicy;
});
afterEach(async () => {
  await sandbox.idle();
  sandbox.assertNoViolations();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function textIn(body: string, from = newCustomer(), channel: 'sms' | 'whatsapp' = 'sms') {
  const answer = await api.post('/console/api/inbound', { channel, from, to: channel === 'sms' ? PROXY_SMS : PROXY_WHATSAPP, body });
  expect(answer.status).toBe(200);
  await sandbox.idle();
  return { ...(answer.json as { outcome: string; conversationSid: string; messageSid: string }), from };
}

const detail = async (sid: string) => (await api.get(`/console/api/conversations/${sid}`)).json;

const READ_ROUTES = ['/', '/console/console.js', '/console/console.css', '/console/api/setup', '/console/api/conversations', '/console/api/webhooks'];
const ACTION_ROUTES = ['/console/api/inbound', '/console/api/chat', '/console/api/handoff', '/console/api/clock', '/console/api/delivery-failures'];

describe('who may open the console', () => {
  it.each(READ_ROUTES)('GET %s without credentials is refused with 401', async (path) => {
    const answer = await consoleCall(sandbox.url, path);
    expect(answer.status).toBe(401);
    expect(answer.text).not.toContain('"conversations"');
  });

  it.each(ACTION_ROUTES)('POST %s without credentials is refused with 401 and does nothing', async (path) => {
    const before = sandbox.state.conversations.size;
    const answer = await consoleCall(sandbox.url, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(401);
    expect(sandbox.state.conversations.size).toBe(before);
  });

  it('answers the root without credentials with a page saying where the link is, and offers Basic auth', async () => {
    const answer = await consoleCall(sandbox.url, '/');
    expect(answer.headers['www-authenticate']).toBe('Basic realm="Twilio sandbox console"');
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.text).toContain('npm start');
  });

  it('turns the token link into an HttpOnly, SameSite=Strict cookie and drops the token from the address', async () => {
    const link = await consoleCall(sandbox.url, `/?token=${TOKEN}`);
    expect(link.status).toBe(303);
    expect(link.headers.location).toBe('/');
    const port = new URL(sandbox.url).port;
    expect(link.headers['set-cookie']).toEqual([`sandbox_console_${port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`]);
    const page = await consoleCall(sandbox.url, '/', { headers: { Cookie: `other=1; sandbox_console_${port}=${TOKEN}` } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Sandbox console</title>');
    expect(sandbox.consoleUrl).toBe(`${sandbox.url}/?token=${TOKEN}`);
    // Signed in already, the token still leaves the address bar.
    const again = await consoleCall(sandbox.url, `/?token=${TOKEN}`, { headers: { Authorization: basicAuth(ACCOUNT_SID, AUTH_TOKEN) } });
    expect([again.status, again.headers.location]).toEqual([303, '/']);
  });

  it.each([
    ['a wrong token', `/?token=${TOKEN.slice(0, -1)}x`, {}],
    ['a token of another port', '/', { Cookie: `sandbox_console_1=${TOKEN}` }],
    ['wrong credentials', '/', { Authorization: basicAuth(ACCOUNT_SID, AUTH_TOKEN.replace('0', '1')) }],
  ])('refuses %s', async (_what, path, headers) => {
    expect((await consoleCall(sandbox.url, path, { headers: headers as Record<string, string> })).status).toBe(401);
  });

  it('does not take the token from the address of a write', async () => {
    const answer = await consoleCall(sandbox.url, `/console/api/clock?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"minutes":1}',
    });
    expect(answer.status).toBe(401);
  });

  it.each(['evil.example', 'evil.example:80', 'rebind.attacker.test', '127.0.0.1'])(
    'refuses the Host %s even with credentials (DNS rebinding)',
    async (badHost) => {
      const answer = await consoleCall(sandbox.url, '/console/api/conversations', {
        headers: { Host: badHost, Authorization: basicAuth(ACCOUNT_SID, AUTH_TOKEN) },
      });
      expect(answer.status).toBe(403);
    },
  );

  it('answers as localhost too', async () => {
    const port = new URL(sandbox.url).port;
    const answer = await consoleCall(sandbox.url, '/console/api/setup', {
      headers: { Host: `localhost:${port}`, Authorization: basicAuth(ACCOUNT_SID, AUTH_TOKEN) },
    });
    expect(answer.status).toBe(200);
  });

  it.each(ACTION_ROUTES)('refuses a write to %s from another origin, or one that is not JSON', async (path) => {
    const before = JSON.stringify([sandbox.state.conversations.size, sandbox.state.messages.size, sandbox.state.deliveries.length]);
    const authorization = basicAuth(ACCOUNT_SID, AUTH_TOKEN);
    const foreign = await consoleCall(sandbox.url, path, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const form = await consoleCall(sandbox.url, path, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(403);
    const plain = await consoleCall(sandbox.url, path, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(plain.status).toBe(403);
    expect(JSON.stringify([sandbox.state.conversations.size, sandbox.state.messages.size, sandbox.state.deliveries.length])).toBe(before);
  });

  it('serves the page with a policy that loads nothing from elsewhere and runs no inline script', async () => {
    const page = await api.get('/');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const references = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(references.sort()).toEqual(['/console/console.css', '/console/console.js']);
    expect(page.text).not.toMatch(/<script>|\son[a-z]+=/);
    const script = await api.get('/console/console.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)[a-z]/i);
  });
});

describe('what the console shows', () => {
  it('shows what the message policy did to each customer message', async () => {
    const first = await textIn('Hello there');
    const sid = first.conversationSid;
    expect(first.outcome).toBe('created');
    await textIn(`My card is ${CARD}`, first.from);
    await textIn('BLOCK this one', first.from);
    // What the functions do to an autocreated first message: a REST update after publication.
    await client.conversations.v1.conversations(sid).messages(first.messageSid).update({ body: 'Hello [checked]' });
    await client.conversations.v1.conversations(sid).messages.create({ author: 'system', body: 'We are on it', ...ON });
    const shown = await detail(sid);
    expect(shown.messages.map((m: any) => [m.body, m.policy])).toEqual([
      ['Hello [checked]', 'redacted after publication'],
      ['My card is [card]', 'redacted'],
      ['We are on it', 'sent by REST'],
    ]);
    expect(shown.refused).toEqual([{ at: expect.any(String), author: first.from, source: 'SMS', how: 'rejected by the onMessageAdd pre-event' }]);
    expect(JSON.stringify(shown)).not.toContain(CARD);
  });

  it('lists a message removed by REST after publication as refused, without its body', async () => {
    const { conversationSid, messageSid, from } = await textIn('please delete me');
    await client.conversations.v1.conversations(conversationSid).messages(messageSid).remove();
    const shown = await detail(conversationSid);
    expect(shown.messages).toEqual([]);
    expect(shown.refused).toEqual([{ at: expect.any(String), author: from, source: 'SMS', how: 'removed by REST after publication' }]);
    expect(JSON.stringify(shown.refused)).not.toContain('delete me');
  });

  it("counts an author's own edit as theirs, not as the policy's", async () => {
    const c = await client.conversations.v1.conversations.create({ friendlyName: 'chat' });
    await client.conversations.v1.conversations(c.sid).participants.create({ identity: 'pat' });
    const m = await sandbox.chatMessage({ conversationSid: c.sid, identity: 'pat', body: `card ${CARD}` });
    expect((await detail(c.sid)).messages[0].policy).toBe('redacted');
    await sandbox.editChatMessage({ conversationSid: c.sid, messageSid: m.sid, identity: 'pat', body: 'never mind' });
    expect((await detail(c.sid)).messages[0]).toMatchObject({ body: 'never mind', policy: 'passed', badge: 'chat', source: 'SDK' });
  });

  it('gives each participant and author a channel badge', async () => {
    const sms = await textIn('from sms');
    const whatsapp = await textIn('from whatsapp', newCustomer(), 'whatsapp');
    const sid = sms.conversationSid;
    const participants = client.conversations.v1.conversations(sid).participants;
    await participants.create({ identity: 'agent-ann', attributes: '{"role":"agent"}' });
    await participants.create({ identity: 'guest-1', attributes: '{"guest":true}' });
    await participants.create({ identity: 'menu-bot', attributes: '{"role":"bot"}' });
    await client.conversations.v1.conversations(sid).webhooks.create({ target: 'studio', 'configuration.flowSid': `FW${'e'.repeat(32)}` } as any);
    await sandbox.chatMessage({ conversationSid: sid, identity: 'agent-ann', body: 'Hi, Ann here' });
    await client.conversations.v1.conversations(sid).messages.create({ author: 'assistant', body: 'The AI agent answers' });
    await client.conversations.v1.conversations(sid).messages.create({ author: 'system', body: 'A notice of the functions' });
    const shown = await detail(sid);
    expect(shown.participants.map((p: any) => [p.label, p.badge])).toEqual([
      [sms.from, 'sms'],
      ['agent-ann', 'agent'],
      ['guest-1', 'chat'],
      ['menu-bot', 'bot'],
    ]);
    expect(shown.messages.map((m: any) => m.badge)).toEqual(['sms', 'agent', 'bot', 'functions']);
    expect(shown.webhooks).toEqual([expect.objectContaining({ target: 'studio', flowSid: `FW${'e'.repeat(32)}` })]);
    expect(shown.executions).toEqual([expect.objectContaining({ flowSid: `FW${'e'.repeat(32)}`, status: 'active', messages: 1 })]);
    const listed = (await api.get('/console/api/conversations')).json.conversations;
    expect(listed.find((c: any) => c.sid === sid).channels).toEqual(['agent', 'bot', 'chat', 'sms']);
    expect(listed.find((c: any) => c.sid === whatsapp.conversationSid).channels).toEqual(['whatsapp']);
  });

  it('lists conversations by latest activity, with a bounded preview of the latest message', async () => {
    const older = await textIn('older');
    const newer = await textIn(`newer ${'x'.repeat(300)}`);
    const { json } = await api.get('/console/api/conversations');
    expect(json.total).toBe(sandbox.state.conversations.size);
    const sids = json.conversations.map((c: any) => c.sid);
    expect(sids.indexOf(newer.conversationSid)).toBeLessThan(sids.indexOf(older.conversationSid));
    const preview = json.conversations.find((c: any) => c.sid === newer.conversationSid).latest;
    expect(preview).toMatchObject({ author: newer.from, body: `newer ${'x'.repeat(154)}…` });
  });

  it('shows each delivery, and the failure set for an address', async () => {
    const customer = newCustomer();
    const failing = await api.post('/console/api/delivery-failures', { address: customer, status: 'undelivered', errorCode: 30005 });
    expect(failing.json.failures[customer]).toEqual({ status: 'undelivered', errorCode: 30005 });
    const { conversationSid } = await textIn('hello', customer);
    await client.conversations.v1.conversations(conversationSid).messages.create({ author: 'system', body: 'answer' });
    await sandbox.idle();
    const answer = (await detail(conversationSid)).messages[1];
    expect(answer.deliveries).toEqual([{ to: customer, channel: 'sms', status: 'undelivered', errorCode: 30005 }]);
    await api.post('/console/api/delivery-failures', { address: customer, status: 'none' });
    await client.conversations.v1.conversations(conversationSid).messages.create({ author: 'system', body: 'again' });
    await sandbox.idle();
    expect((await detail(conversationSid)).messages[2].deliveries).toEqual([{ to: customer, channel: 'sms', status: 'delivered', errorCode: null }]);
    expect((await api.get('/console/api/setup')).json.deliveryFailures).toEqual({});
  });

  it('logs every webhook with its fields, signature, answer, status and time, filtered by conversation and event', async () => {
    const a = await textIn('first customer');
    await textIn(`card ${CARD}`, a.from);
    const b = await textIn('second customer');
    const all = (await api.get('/console/api/webhooks')).json;
    expect(all.entries.map((e: any) => e.id)).toEqual([...all.entries.map((e: any) => e.id)].sort((x: number, y: number) => y - x));
    const mine = (await api.get(`/console/api/webhooks?conversation=${a.conversationSid}`)).json;
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e: any) => e.conversationSid === a.conversationSid)).toBe(true);
    expect(mine.entries.some((e: any) => e.conversationSid === b.conversationSid)).toBe(false);
    const pre = (await api.get(`/console/api/webhooks?conversation=${a.conversationSid}&event=onMessageAdd`)).json;
    expect(pre.entries).toEqual([
      expect.objectContaining({
        kind: 'pre',
        eventType: 'onMessageAdd',
        url: `${receiver.url}/pre`,
        method: 'POST',
        status: 200,
        outcome: 'modified',
        answer: JSON.stringify({ body: 'card [card]' }),
        signature: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
        ms: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        params: expect.objectContaining({ Body: `card ${CARD}`, Author: a.from, Source: 'SMS' }),
      }),
    ]);
    expect(pre.eventTypes).toEqual(expect.arrayContaining(['onConversationAdd', 'onMessageAdd', 'onMessageAdded']));
  });

  it('keeps the webhook log to its newest 200 entries and says how many matched', async () => {
    const c = await client.conversations.v1.conversations.create({ friendlyName: 'busy', ...ON });
    await Promise.all(
      Array.from({ length: 110 }, (_, i) => client.conversations.v1.conversations(c.sid).messages.create({ author: 'system', body: `n${i}`, ...ON })),
    );
    await sandbox.idle();
    const { json } = await api.get(`/console/api/webhooks?conversation=${c.sid}`);
    expect(json.total).toBe(221); // onConversationAdded + onMessageAdd and onMessageAdded per message
    expect(json.entries).toHaveLength(200);
  });

  it('answers 404 for a conversation it does not have, and 400 for a malformed filter', async () => {
    expect((await api.get(`/console/api/conversations/CH${'0'.repeat(32)}`)).status).toBe(404);
    expect((await api.get('/console/api/conversations/not-a-sid')).status).toBe(404);
    const bad = await api.get('/console/api/webhooks?conversation=CH123');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('conversation');
    expect((await api.get('/console/api/webhooks?event=%3Cscript%3E')).json.message).toContain('event');
  });
});

describe('what the console does', () => {
  it('texts in as an SMS or WhatsApp customer, autocreating a conversation', async () => {
    const sms = await textIn('need help');
    expect(sms.outcome).toBe('created');
    const again = await textIn('still there?', sms.from);
    expect(again).toMatchObject({ outcome: 'delivered', conversationSid: sms.conversationSid });
    const whatsapp = await textIn('hola', newCustomer(), 'whatsapp');
    const shown = await detail(whatsapp.conversationSid);
    expect(shown.participants).toEqual([expect.objectContaining({ badge: 'whatsapp', label: `whatsapp:${whatsapp.from}`, proxyAddress: PROXY_WHATSAPP })]);
    expect(shown.messages[0]).toMatchObject({ body: 'hola', source: 'WHATSAPP', policy: 'passed' });
  });

  it('says when a text is dropped: no conversation and no address configuration', async () => {
    const from = newCustomer();
    const answer = await api.post('/console/api/inbound', { channel: 'sms', from, to: '+15550009999', body: 'anyone?' });
    expect(answer.json).toMatchObject({ outcome: 'dropped', reason: expect.stringContaining('+15550009999') });
    const { dropped } = (await api.get('/console/api/conversations')).json;
    expect(dropped[0]).toEqual({ at: expect.any(String), from, to: '+15550009999', reason: expect.stringContaining('no enabled address configuration') });
    expect(JSON.stringify(dropped)).not.toContain('anyone?');
  });

  it('writes as a chat participant, and refuses someone who is not in the conversation', async () => {
    const { conversationSid } = await textIn('hello');
    await client.conversations.v1.conversations(conversationSid).participants.create({ identity: 'agent-bob', attributes: '{"role":"agent"}' });
    const sent = await api.post('/console/api/chat', { conversationSid, identity: 'agent-bob', body: 'Bob here' });
    expect(sent.status).toBe(200);
    await sandbox.idle();
    expect((await detail(conversationSid)).messages[1]).toMatchObject({ sid: sent.json.messageSid, author: 'agent-bob', badge: 'agent', source: 'SDK' });
    const stranger = await api.post('/console/api/chat', { conversationSid, identity: 'mallory', body: 'hi' });
    expect(stranger.status).toBe(403);
    expect(stranger.json.message).toContain('mallory');
  });

  it("hands off as the bot's menu does: a signed call to /studio/handoff with the flow's parameters", async () => {
    const { conversationSid, from } = await textIn('talk to a human');
    receiver.received.length = 0;
    const plain = await api.post('/console/api/handoff', { conversationSid });
    expect(plain.json).toEqual({ status: 200, answer: { handedOff: true }, error: null });
    const handoffCalls = () => receiver.received.filter((r) => r.path === '/studio/handoff');
    expect(handoffCalls()).toEqual([expect.objectContaining({ method: 'POST', signatureValid: true })]);
    expect(handoffCalls()[0]!.params).toEqual({ ConversationSid: conversationSid, Reason: 'Chose 2 in the bot menu' });
    // With the bot's flow attached and running, the call names its execution, as the flow's widget does.
    const flowSid = `FW${'f'.repeat(32)}`;
    await client.conversations.v1.conversations(conversationSid).webhooks.create({ target: 'studio', 'configuration.flowSid': flowSid } as any);
    await textIn('2', from);
    const execution = [...sandbox.state.executions.values()].find((e) => e.conversationSid === conversationSid)!;
    receiver.received.length = 0;
    await api.post('/console/api/handoff', { conversationSid });
    expect(handoffCalls()[0]!.params).toEqual({
      ConversationSid: conversationSid,
      Reason: 'Chose 2 in the bot menu',
      ExecutionSid: execution.sid,
      FlowSid: flowSid,
    });
  });

  it('refuses a hand-off for a conversation it does not have, without calling the functions', async () => {
    receiver.received.length = 0;
    const answer = await api.post('/console/api/handoff', { conversationSid: `CH${'9'.repeat(32)}` });
    expect(answer.status).toBe(404);
    expect(receiver.received).toEqual([]);
  });

  it('advances the sandbox clock, which runs the conversation timers that fell due', async () => {
    const c = await client.conversations.v1.conversations.create({ friendlyName: 'timed', 'timers.inactive': 'PT5M' } as any);
    const before = Date.parse((await api.get('/console/api/setup')).json.now);
    const moved = await api.post('/console/api/clock', { minutes: 6 });
    expect(Date.parse(moved.json.now) - before).toBeGreaterThanOrEqual(6 * 60_000);
    expect((await detail(c.sid)).state).toBe('inactive');
  });
});

describe('console actions refuse bad input before doing anything, naming the field', () => {
  const valid: Record<string, Record<string, unknown>> = {
    '/console/api/inbound': { channel: 'sms', from: '+15550101234', to: PROXY_SMS, body: 'hi' },
    '/console/api/chat': { conversationSid: `CH${'a'.repeat(32)}`, identity: 'pat', body: 'hi' },
    '/console/api/handoff': { conversationSid: `CH${'a'.repeat(32)}` },
    '/console/api/clock': { minutes: 5 },
    '/console/api/delivery-failures': { address: '+15550101234', status: 'failed', errorCode: 30003 },
  };
  // Per field: values that must be refused (missing is checked for every required field).
  const wrong: Record<string, unknown[]> = {
    channel: ['email', 1, null],
    from: ['5551234', '+0123', 'whatsapp:+15550101234', 42, '+1'.padEnd(40, '5')],
    to: [7, 'x'.repeat(65)],
    body: ['', '   ', 'x'.repeat(1_601), 5, ['a']],
    conversationSid: ['CH123', `IM${'a'.repeat(32)}`, `CH${'A'.repeat(32)}`, 12],
    identity: ['', 'x'.repeat(257), {}],
    minutes: [0, -1, 1.5, 43_201, '5', null],
    address: ['', 'x'.repeat(65), 3],
    status: ['delivered', ''],
    errorCode: [20001, 31000, 1.5, '30003'],
  };
  const optional = new Set(['errorCode']);
  const cases = Object.entries(valid).flatMap(([path, input]) =>
    Object.keys(input).flatMap((name) => [
      ...(optional.has(name) ? [] : [[path, name, 'missing', undefined] as const]),
      ...(wrong[name] ?? []).map((value) => [path, name, JSON.stringify(value)?.slice(0, 20), value] as const),
    ]),
  );

  it.each(cases)('%s refuses %s = %s', async (path, name, _shown, value) => {
    const input = { ...valid[path] };
    if (value === undefined) delete input[name];
    else input[name] = value;
    const before = JSON.stringify([
      sandbox.state.conversations.size,
      sandbox.state.messages.size,
      Object.keys(sandbox.state.deliveries).length,
      receiver.received.length,
    ]);
    const answer = await api.post(path, input);
    expect(answer.status).toBe(400);
    expect(answer.json.message).toContain(name);
    expect(
      JSON.stringify([sandbox.state.conversations.size, sandbox.state.messages.size, Object.keys(sandbox.state.deliveries).length, receiver.received.length]),
    ).toBe(before);
  });

  it.each(ACTION_ROUTES)('%s refuses a body that is not JSON, is not an object, or is too big', async (path) => {
    for (const body of ['{nope', '[]', 'null', '"text"', JSON.stringify({ ...valid[path], padding: 'x'.repeat(17_000) })]) {
      const answer = await api.post(path, body);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ status: 400, message: expect.any(String) });
    }
  });

  it('answers 404 for a route it does not have', async () => {
    expect((await api.post('/console/api/nothing', {})).status).toBe(404);
    expect((await api.get('/console/api/nothing')).status).toBe(404);
  });
});
