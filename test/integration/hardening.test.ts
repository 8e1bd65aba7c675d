// What an adversarial review found, one test per finding, through the real local runtime and
// the sandbox (its webhooks wired to /conversations/webhook, as in production). The classes
// are generated in test/reliability/hostile-input.test.ts; these are the examples.
import { twilioSignature } from '../../sandbox/testing/signer';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { sandboxClient } from '../../sandbox/testing/client';
import { ORIGIN } from '../../sandbox/testing/fixtures';
import { call, postSignedForm } from '../../sandbox/testing/functions-runtime';
import { secondsFromNow, sessionJwt } from '../../sandbox/testing/sessions';
import { startStack, type Stack } from '../support/stack';

const SMS_PROXY = '+14155550100';
const AUTO_REPLY = 'Thanks! Someone will answer shortly.';
const CARD = '4111 1111 1111 1111';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: {
      GUEST_CHAT_ENABLED: 'true',
      SMS_PROXY_NUMBER: SMS_PROXY,
      AUTO_REPLY_TEXT: AUTO_REPLY,
      MAX_MESSAGE_LENGTH: '500',
      BLOCKED_PATTERNS: '["forbidden"]',
      TOKEN_TTL_SECONDS: '3600',
    },
    webhooks: true,
  });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

const state = () => stack.sandbox.state;
const messagesOf = (sid: string) => conversationView(stack.sandbox, sid).messages();
const client = () => sandboxClient(stack.sandbox);
const rest = (sid: string) => client().conversations.v1.services(stack.sandbox.serviceSid).conversations(sid);
const health = () => call(`${stack.functions.url}/health`);
const deep = (levels: number, inner = '1') => '['.repeat(levels) + inner + ']'.repeat(levels);
/** /token with a session the host app signed (its SESSION_SECRET) for `identity`. */
const tokenForSession = async (identity: string) =>
  call(`${stack.functions.url}/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await sessionJwt({ sub: identity, exp: secondsFromNow(600) })}` },
  });

async function startGuestChat(body: Record<string, unknown> = {}) {
  const answer = await call(`${stack.functions.url}/webchat/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: JSON.stringify(body),
  });
  await stack.sandbox.idle();
  return answer;
}

async function onboardSms(address: string) {
  const answer = await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address }] });
  expect(answer.status).toBe(200);
  return answer.body.conversationSid as string;
}

let numbers = 0;
const freshNumber = () => `+1415555${String(2000 + (numbers += 1)).padStart(4, '0')}`;

describe('1. nesting and size: nothing a client sends or a customer writes crashes or answers 500', () => {
  it('renders a guest message whose attributes nest 2,045 levels (all of Twilio’s 4 KiB) as raw text, and the process lives on', async () => {
    const guest = await startGuestChat();
    const raw = `{"a":${deep(2_045, '')}}`;
    expect(Buffer.byteLength(raw)).toBe(4_096);
    await stack.sandbox.chatMessage({ conversationSid: guest.body.conversationSid, identity: guest.body.identity, body: 'hello', attributes: raw });
    await stack.sandbox.idle();
    const history = await stack.get('/conversations/messages/history', { conversationSid: guest.body.conversationSid });
    expect(history.status).toBe(200);
    const message = history.body.messages.find((m: { body: string }) => m.body === 'hello');
    expect(message).toMatchObject({ attributes: raw, attributesRaw: true });
    expect((await health()).status).toBe(200);
  });

  it.each(['/conversations/webhook', '/studio/handoff', '/studio/attach', '/participants/onboard', '/conversations/close'])(
    'answers a body nested 6,000 levels on %s with 400 input_too_deep, before any authentication',
    async (path) => {
      const answer = await call(`${stack.functions.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Twilio-Signature': 'x' },
        body: `{"ConversationSid":${deep(6_000)}}`,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'input_too_deep', details: { limit: 'depth', max: 32 } });
    },
  );

  it('refuses deep attributes and contentVariables with the server token (400 naming the field)', async () => {
    const conversationSid = await onboardSms(freshNumber());
    const before = messagesOf(conversationSid).length;
    const asText = await stack.post('/conversations/messages/send', { conversationSid, body: 'x', attributes: `{"a":${deep(40)}}` });
    expect(asText.status).toBe(400);
    expect(asText.body.error.details.fields[0]).toMatchObject({ field: 'attributes', message: expect.stringMatching(/nest/) });
    const variables = await stack.post('/conversations/messages/send', {
      conversationSid,
      contentSid: 'HX' + 'a'.repeat(32),
      contentVariables: JSON.stringify({ 1: JSON.parse(deep(40)) }),
    });
    expect(variables.status).toBe(400);
    expect(variables.body.error.details.fields[0].field).toBe('contentVariables');
    expect(messagesOf(conversationSid)).toHaveLength(before);
  });

  it.each([
    [
      'message attributes over 4 KiB (object)',
      () => ({ path: '/conversations/messages/send', body: { body: 'x', attributes: { note: 'é'.repeat(2_100) } } }),
      'attributes',
    ],
    [
      'participant attributes over 4 KiB (text)',
      () => ({
        path: '/participants/onboard',
        body: { participants: [{ channel: 'sms', address: freshNumber(), attributes: JSON.stringify({ note: 'x'.repeat(4_100) }) }] },
      }),
      'participants.0.attributes',
    ],
    [
      'conversation attributes over 16 KiB',
      () => ({ path: '/participants/onboard', body: { attributes: { note: 'x'.repeat(16_400) }, participants: [{ channel: 'sms', address: freshNumber() }] } }),
      'attributes',
    ],
  ])('refuses %s with 400, creating nothing', async (_what, request, field) => {
    const conversationSid = await onboardSms(freshNumber());
    const before = { conversations: state().conversations.size, messages: state().messages.size };
    const { path, body } = request();
    const answer = await stack.post(path, { conversationSid, ...body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect({ conversations: state().conversations.size, messages: state().messages.size }).toEqual(before);
  });
});

describe('2. the message policy catches every card number on every path', () => {
  const PROBES = [
    `${CARD} 12/27`,
    'ref-4111111111111111',
    '4111.1111.1111.1111',
    '4111/1111/1111/1111',
    '4111_1111_1111_1111',
    '4111  1111  1111  1111',
    '4111\n1111\n1111\n1111',
    '4111\t1111\t1111\t1111',
    '4111\u00a01111\u00a01111\u00a01111',
    '4111\u20091111\u20091111\u20091111',
    '4111\u200b1111\u200b1111\u200b1111',
    '４１１１ １１１１ １１１１ １１１１',
    '٤١١١ ١١١١ ١١١١ ١١١١',
    `${CARD} and 5555 5555 5555 4444`,
  ];
  const leaksCard = (body: string | null) => /\d{4}[^\d\]]{0,4}\d{4}|[０-９٠-٩]/.test((body ?? '').replace(/\[card •••• \d{4}\]/g, ''));

  it('redacts every probe sent as an inbound SMS', async () => {
    const customer = freshNumber();
    const conversationSid = await onboardSms(customer);
    for (const body of PROBES) await stack.sandbox.inbound({ from: customer, to: SMS_PROXY, body });
    await stack.sandbox.idle();
    const stored = messagesOf(conversationSid).filter((m) => m.author === customer);
    expect(stored).toHaveLength(PROBES.length);
    expect(stored.filter((m) => leaksCard(m.body)).map((m) => m.body)).toEqual([]);
    expect(stored.every((m) => m.body?.includes('[card •••• '))).toBe(true);
  });

  it('redacts the /webchat/start question, stored as the first message AND as the question attribute', async () => {
    const guest = await startGuestChat({ question: `my card is ${CARD}` });
    expect(guest.status).toBe(200);
    expect(messagesOf(guest.body.conversationSid).map((m) => m.body)).toEqual(['my card is [card •••• 1111]']);
    expect(JSON.parse(state().conversations.get(guest.body.conversationSid)!.attributes).question).toBe('my card is [card •••• 1111]');
  });

  it.each([
    ['longer than MAX_MESSAGE_LENGTH', 'x'.repeat(501), 'message_too_long'],
    ['blocked', 'this is forbidden', 'message_blocked'],
  ])('refuses a /webchat/start question %s with 422, creating nothing', async (_what, question, code) => {
    const before = state().conversations.size;
    const answer = await startGuestChat({ question });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe(code);
    expect(state().conversations.size).toBe(before);
  });

  it('redacts a card added by editing a message (onMessageUpdate)', async () => {
    const guest = await startGuestChat();
    const sent = await stack.sandbox.chatMessage({ conversationSid: guest.body.conversationSid, identity: guest.body.identity, body: 'harmless' });
    await stack.sandbox.editChatMessage({
      conversationSid: guest.body.conversationSid,
      messageSid: sent.sid,
      identity: guest.body.identity,
      body: `oops ${CARD}`,
    });
    await stack.sandbox.idle();
    expect(state().messages.get(sent.sid)!.body).toBe('oops [card •••• 1111]');
  });

  it('redacts the messages of a chat identity named "system" (it is not our own message)', async () => {
    // Made by REST, as a host app could have made it before identities were checked.
    const customer = freshNumber();
    const conversationSid = await onboardSms(customer);
    await rest(conversationSid).participants.create({ identity: 'system' });
    const sent = await stack.sandbox.chatMessage({ conversationSid, identity: 'system', body: `pay ${CARD}` });
    await stack.sandbox.idle();
    expect(state().messages.get(sent.sid)!.body).toBe('pay [card •••• 1111]');
  });

  it('redacts our own sends through /conversations/messages', async () => {
    const conversationSid = await onboardSms(freshNumber());
    const answer = await stack.post('/conversations/messages/send', { conversationSid, body: `card ${CARD}` });
    expect(answer.status).toBe(200);
    expect(state().messages.get(answer.body.messageSid)!.body).toBe('card [card •••• 1111]');
  });

  it.each([
    ['/token for a session of "system"', () => tokenForSession('system')],
    ['/token for a host session naming a guest identity', () => tokenForSession('guest-0b5b5d6e-1f5c-4d0e-9d0a-2f6b2c8f4a11')],
    ['onboarding a chat participant "system"', () => stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'system' }] })],
    ['onboarding a chat participant "System"', () => stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'System' }] })],
  ])('refuses the reserved identity: %s', async (_what, send) => {
    const answer = await send();
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_identity');
  });

  it('still refreshes a guest token with the session /webchat/start signed', async () => {
    const guest = await startGuestChat();
    const refreshed = await call(`${stack.functions.url}/token`, { method: 'POST', headers: { Authorization: `Bearer ${guest.body.sessionToken}` } });
    expect(refreshed).toMatchObject({ status: 200, body: { identity: guest.body.identity } });
  });
});

describe('3. configured patterns cannot hang the process', () => {
  let patterned: Stack;
  beforeAll(async () => {
    patterned = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, REDACT_PATTERNS: '["(a|aa)+$"]' }, webhooks: true });
  });
  afterAll(() => patterned.stop());

  it('runs (a|aa)+$ in linear time: a 41-character body is judged inside the pre-event, never timed out', async () => {
    const customer = freshNumber();
    const conversationSid = (await patterned.post('/participants/onboard', { participants: [{ channel: 'sms', address: customer }] })).body.conversationSid;
    const body = `${'a'.repeat(40)}b`;
    const [, alive] = await Promise.all([
      patterned.sandbox.inbound({ from: customer, to: SMS_PROXY, body: `${'a'.repeat(40)}` }),
      call(`${patterned.functions.url}/health`),
    ]);
    await patterned.sandbox.inbound({ from: customer, to: SMS_PROXY, body });
    await patterned.sandbox.idle();
    expect(alive.status).toBe(200);
    const outcomes = patterned.sandbox.state.webhookDeliveries.filter((d) => d.eventType === 'onMessageAdd').map((d) => d.outcome);
    expect(outcomes).toEqual(['modified', 'unchanged']);
    const stored = conversationView(patterned.sandbox, conversationSid)
      .messages()
      .map((m) => m.body);
    expect(stored).toEqual(['[redacted]', body]);
  });

  it('refuses a pattern RE2 cannot run (a lookbehind) when the configuration is read, naming it', async () => {
    const refusing = await startStack({ env: { REDACT_PATTERNS: '["ok", "(?<=a)b"]' } });
    try {
      const answer = await call(`${refusing.functions.url}/health`);
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatchObject({ code: 'not_configured', details: { variables: ['REDACT_PATTERNS'] } });
      expect(answer.body.error.message).toContain('pattern 1 "(?<=a)b"');
    } finally {
      await refusing.stop();
    }
  });
});

describe('4. sessions', () => {
  const tokenFor = async (claims: Record<string, unknown>) =>
    call(`${stack.functions.url}/token`, { method: 'POST', headers: { Authorization: `Bearer ${await sessionJwt(claims)}` } });

  it('mints a token for a session with a fractional exp, even with less than TOKEN_TTL_SECONDS left', async () => {
    const answer = await tokenFor({ sub: 'alice', exp: Date.now() / 1000 + 120.75 });
    expect(answer.status).toBe(200);
    expect(Date.parse(answer.body.expiresAt) / 1000 - Date.now() / 1000).toBeLessThanOrEqual(121);
  });

  it.each([
    ['an iat in the future beyond the clock skew', { sub: 'alice', iat: secondsFromNow(600), exp: secondsFromNow(3600) }],
    ['an exp in 2286', { sub: 'alice', exp: 9_999_999_999 }],
    ['a session longer than 30 days', { sub: 'alice', iat: secondsFromNow(0), exp: secondsFromNow(31 * 86_400) }],
  ])('refuses %s with 401 invalid_session', async (_what, claims) => {
    const answer = await tokenFor(claims);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('invalid_session');
  });
});

describe('5. unique names and identities as keys', () => {
  it.each(['order-N#x', '%2D', 'a/b', 'a?b', '..'])('refuses uniqueName %j with 400 and touches no conversation', async (uniqueName) => {
    const snapshot = JSON.stringify([...state().conversations.values()].map((c) => [c.sid, c.attributes]));
    const participants = [...state().participants.values()].length;
    const answer = await stack.post('/participants/onboard', { uniqueName, participants: [{ channel: 'chat', identity: 'intruder' }] });
    expect(answer.status).toBe(400);
    expect(JSON.stringify([...state().conversations.values()].map((c) => [c.sid, c.attributes]))).toBe(snapshot);
    expect([...state().participants.values()].length).toBe(participants);
  });

  it('refuses a uniqueName equal to another conversation SID (Twilio refuses SID look-alikes: 50390)', async () => {
    const victim = await onboardSms(freshNumber());
    const answer = await stack.post('/participants/onboard', { uniqueName: victim, participants: [{ channel: 'chat', identity: 'intruder' }] });
    expect(answer.status).toBe(400);
    expect(
      conversationView(stack.sandbox, victim)
        .participants()
        .map((p) => p.identity),
    ).not.toContain('intruder');
  });

  it('lands an ordinary uniqueName in its own conversation, and the same name again in the same one', async () => {
    const first = await stack.post('/participants/onboard', { uniqueName: 'order-77', participants: [{ channel: 'chat', identity: 'ann' }] });
    const again = await stack.post('/participants/onboard', { uniqueName: 'order-77', participants: [{ channel: 'chat', identity: 'bob' }] });
    expect(again.body.conversationSid).toBe(first.body.conversationSid);
    expect(state().conversations.get(first.body.conversationSid)!.uniqueName).toBe('order-77');
  });

  it.each([['ann\u200b'], ['\u202eann'], ['an\u2066n'], ['ann\u00ad']])('refuses the invisible or bidi identity %j', async (identity) => {
    const answer = await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity }] });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_identity');
  });

  it('stores identities in NFC form', async () => {
    const answer = await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'Zoe\u0308' }] });
    expect(answer.status).toBe(200);
    expect(
      conversationView(stack.sandbox, answer.body.conversationSid)
        .participants()
        .map((p) => p.identity),
    ).toEqual(['Zoë']);
  });
});

describe('6. what a signature covers', () => {
  it('refuses a JSON body without bodySHA256 whose nested values would be signed as [object Object]', async () => {
    const url = `${stack.functions.url}/participants/onboard`;
    // The signature twilio-node computes for these parameters fits ANY participants object.
    const signature = twilioSignature(stack.sandbox.authToken, url, { participants: '[object Object]' });
    const before = state().participants.size;
    const answer = await call(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Twilio-Signature': signature },
      body: JSON.stringify({ participants: [{ channel: 'chat', identity: 'mallory' }] }),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('invalid_signature');
    expect(state().participants.size).toBe(before);
  });

  it('still accepts a signed form body, every value text', async () => {
    const answer = await postSignedForm(`${stack.functions.url}/participants/onboard`, stack.sandbox.authToken, {
      participants: JSON.stringify([{ channel: 'chat', identity: 'signed-user' }]),
    });
    expect(answer.status).toBe(200);
  });
});

describe('7. client conditions are 4xx, not 5xx', () => {
  it('answers 409 conversation_closed for a send into a closed conversation, as the hand-off does', async () => {
    const conversationSid = await onboardSms(freshNumber());
    await rest(conversationSid).update({ state: 'closed' });
    const send = await stack.post('/conversations/messages/send', { conversationSid, body: 'anyone there?' });
    expect(send.status).toBe(409);
    expect(send.body.error.code).toBe('conversation_closed');
    const handoff = await postSignedForm(`${stack.functions.url}/studio/handoff`, stack.sandbox.authToken, {
      ConversationSid: conversationSid,
      AgentIdentity: 'agent-ann',
    });
    expect(handoff.status).toBe(409);
    expect(handoff.body.error.code).toBe('conversation_closed');
  });

  it('answers 400 invalid_cursor for a cursor whose page parameters were changed', async () => {
    const conversationSid = await onboardSms(freshNumber());
    for (let index = 0; index < 3; index += 1) await stack.post('/conversations/messages/send', { conversationSid, body: `m${index}` });
    const first = await stack.get('/conversations/messages/history', { conversationSid, limit: '1' });
    const [payload, mac] = (first.body.nextCursor as string).split('.');
    const cursor = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...cursor, url: cursor.url.replace('PageSize=100', 'PageSize=5000') })).toString('base64url');
    for (const forged of [`${tampered}.${mac}`, tampered, `${payload}.${mac}x`]) {
      const answer = await stack.get('/conversations/messages/history', { conversationSid, cursor: forged });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_cursor');
    }
    const next = await stack.get('/conversations/messages/history', { conversationSid, limit: '1', cursor: first.body.nextCursor });
    expect(next.status).toBe(200);
  });

  it('answers a signed post-event with a malformed ConversationSid 200 {} (ignored, never 500)', async () => {
    const answer = await postSignedForm(`${stack.functions.url}/conversations/webhook`, stack.sandbox.authToken, {
      EventType: 'onMessageAdded',
      AccountSid: stack.sandbox.accountSid,
      Source: 'SMS',
      ConversationSid: 'CH../../Configuration',
      MessageSid: 'IM' + '1'.repeat(32),
      Body: 'hi',
      Author: '+14155550111',
      Index: '0',
    });
    expect(answer).toMatchObject({ status: 200, body: {} });
  });

  it('ignores message events of another Conversations Service: no auto-reply', async () => {
    const conversationSid = await onboardSms(freshNumber());
    const before = messagesOf(conversationSid).length;
    const answer = await postSignedForm(`${stack.functions.url}/conversations/webhook`, stack.sandbox.authToken, {
      EventType: 'onMessageAdded',
      AccountSid: stack.sandbox.accountSid,
      ChatServiceSid: 'IS' + '9'.repeat(32),
      Source: 'SMS',
      ConversationSid: conversationSid,
      MessageSid: 'IM' + '2'.repeat(32),
      Body: 'hi',
      Author: '+14155550112',
      Index: '0',
    });
    expect(answer).toMatchObject({ status: 200, body: {} });
    expect(messagesOf(conversationSid)).toHaveLength(before);
    expect(stack.functions.requestLogs().at(-1)).toMatchObject({ event: 'onMessageAdded', action: 'ignored_other_service' });
  });
});

describe('8. customer-writable data does not steer the server', () => {
  it('sends the guest its auto-reply even when its message says {"autoReply": true}', async () => {
    const guest = await startGuestChat();
    await stack.sandbox.chatMessage({
      conversationSid: guest.body.conversationSid,
      identity: guest.body.identity,
      body: 'hello?',
      attributes: '{"autoReply":true}',
    });
    await stack.sandbox.idle();
    expect(
      messagesOf(guest.body.conversationSid)
        .filter((m) => m.author === 'system')
        .map((m) => m.body),
    ).toEqual([AUTO_REPLY]);
  });

  it("never answers a guest's message for the server's idempotencyKey", async () => {
    const guest = await startGuestChat();
    const conversationSid = guest.body.conversationSid;
    const key = 'order-update-0001';
    const planted = await stack.sandbox.chatMessage({
      conversationSid,
      identity: guest.body.identity,
      body: 'your order shipped',
      attributes: JSON.stringify({ idempotencyKey: key }),
    });
    await stack.sandbox.idle();
    const sent = await stack.post('/conversations/messages/send', { conversationSid, body: 'your order shipped', idempotencyKey: key });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ duplicate: false });
    expect(sent.body.messageSid).not.toBe(planted.sid);
    const again = await stack.post('/conversations/messages/send', { conversationSid, body: 'your order shipped', idempotencyKey: key });
    expect(again.body).toMatchObject({ duplicate: true, messageSid: sent.body.messageSid });
  });
});
