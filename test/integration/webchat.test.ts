// /webchat/start end to end: the real local runtime, the sandbox, tokens checked with jose.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { jwtVerify } from 'jose';
import { startWebhookReceiver } from '../../sandbox/testing/webhook-receiver';
import { call } from '../../sandbox/testing/functions-runtime';
import { API_KEY_SECRET, ORIGIN, SESSION_SECRET } from '../../sandbox/testing/fixtures';
import { startStack, type Stack } from '../support/stack';

const FLOW_SID = 'FW' + 'e'.repeat(32);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: { GUEST_CHAT_ENABLED: 'true', STUDIO_FLOW_SID: FLOW_SID, TIMERS_INACTIVE: 'PT30M', TOKEN_TTL_SECONDS: '600', GUEST_SESSION_TTL_SECONDS: '3600' },
  });
});
afterAll(() => stack.stop());
afterEach(() => {
  stack.sandbox.setFaults({ rate5xx: 0, rateDrop: 0, rate429: 0 });
  stack.sandbox.assertNoViolations();
});

const start = (body: unknown, headers: Record<string, string> = { Origin: ORIGIN }, url = stack.functions.url) =>
  call(`${url}/webchat/start`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

const state = () => stack.sandbox.state;

describe('POST /webchat/start', () => {
  it('creates the conversation with the guest, the question as first message, the bot attached, and answers a token and a session', async () => {
    const answer = await start({ friendlyName: 'Pat', email: 'pat@example.com', question: 'Where is my order?' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const { token, identity, conversationSid, sessionToken, expiresAt } = answer.body;
    expect(identity).toMatch(/^guest-[0-9a-f-]{36}$/);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());

    const conversation = state().conversations.get(conversationSid)!;
    expect(JSON.parse(conversation.attributes)).toEqual({
      channel: 'chat',
      guest: true,
      friendlyName: 'Pat',
      email: 'pat@example.com',
      question: 'Where is my order?',
    });
    expect(conversation.timers.inactiveMs).toBe(30 * 60_000);
    const members = conversationView(stack.sandbox, conversationSid).participants();
    expect(members).toHaveLength(1);
    expect(members[0]!.identity).toBe(identity);
    expect(JSON.parse(members[0]!.attributes)).toEqual({ channel: 'chat', guest: true, friendlyName: 'Pat', email: 'pat@example.com' });

    const messages = conversationView(stack.sandbox, conversationSid).messages();
    expect(messages.map((m) => [m.author, m.body])).toEqual([[identity, 'Where is my order?']]);
    const studio = conversationView(stack.sandbox, conversationSid).studioWebhooks();
    expect(studio).toHaveLength(1);
    expect(studio[0]!.flowSid).toBe(FLOW_SID);
    await stack.sandbox.idle();
    // The flow saw the question exactly once (live trigger or replay, never both).
    const executions = conversationView(stack.sandbox, conversationSid).executions();
    expect(executions).toHaveLength(1);
    expect(executions[0]!.messageSids).toEqual([messages[0]!.sid]);

    const { payload: chat } = await jwtVerify(token, new TextEncoder().encode(API_KEY_SECRET));
    expect((chat as { grants: { identity: string; chat: { service_sid: string } } }).grants).toMatchObject({
      identity,
      chat: { service_sid: stack.sandbox.serviceSid },
    });
    expect(chat.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
    const { payload: session } = await jwtVerify(sessionToken, new TextEncoder().encode(SESSION_SECRET), { algorithms: ['HS256'] });
    expect(session.sub).toBe(identity);
    expect(session.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
  });

  it('lets the guest refresh its token through /token with the session', async () => {
    const { identity, sessionToken } = (await start({})).body;
    const refreshed = await call(`${stack.functions.url}/token`, { method: 'POST', headers: { Authorization: `Bearer ${sessionToken}` } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.identity).toBe(identity);
  });

  it('makes a new guest for every start, never touching an earlier one', async () => {
    const first = (await start({ question: 'one' })).body;
    const second = (await start({ question: 'two' })).body;
    expect(second.identity).not.toBe(first.identity);
    expect(second.conversationSid).not.toBe(first.conversationSid);
    const firstMembers = conversationView(stack.sandbox, first.conversationSid).participants();
    expect(firstMembers.map((p) => p.identity)).toEqual([first.identity]);
    const firstMessages = conversationView(stack.sandbox, first.conversationSid).messages();
    expect(firstMessages.map((m) => m.body)).toEqual(['one']);
  });

  it('starts without a question or form: no message, bot still attached', async () => {
    const answer = await start({});
    expect(answer.status).toBe(200);
    expect(conversationView(stack.sandbox, answer.body.conversationSid).messages()).toHaveLength(0);
    expect(conversationView(stack.sandbox, answer.body.conversationSid).webhooks()).toHaveLength(1);
  });

  it('accepts a form body', async () => {
    const answer = await call(`${stack.functions.url}/webchat/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
      body: new URLSearchParams({ friendlyName: 'Form Guest', email: '' }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(state().conversations.get(answer.body.conversationSid)!.attributes)).toMatchObject({ friendlyName: 'Form Guest' });
  });

  it('leaves no orphan conversation when the second step fails', async () => {
    // A pre-event webhook that rejects every message makes the first message fail after the create.
    const receiver = await startWebhookReceiver(stack.sandbox.authToken, (hook) => (hook.params.EventType === 'onMessageAdd' ? { status: 403 } : {}));
    stack.sandbox.setWebhooks({ preUrl: receiver.url, filters: ['onMessageAdd'] });
    try {
      const conversations = state().conversations.size;
      const webhooks = state().webhooks.size;
      const answer = await start({ question: 'rejected' });
      expect(answer.status).toBe(502);
      expect(answer.body.error.code).toBe('twilio_rejected');
      expect(receiver.events('onMessageAdd')).toHaveLength(1);
      expect(state().conversations.size).toBe(conversations);
      expect(state().webhooks.size).toBe(webhooks);
    } finally {
      stack.sandbox.setWebhooks({ preUrl: '', filters: [] });
      await receiver.close();
    }
  });

  describe('refuses with a clear 4xx', () => {
    it.each([
      ['a name over 100 characters', { friendlyName: 'x'.repeat(101) }, 'invalid_request'],
      ['an invalid email', { email: 'not-an-email' }, 'invalid_request'],
      ['a question over 1600 characters', { question: 'q'.repeat(1601) }, 'invalid_request'],
      ['a non-string name', { friendlyName: { $ne: 1 } }, 'invalid_request'],
    ])('%s', async (_what, body, code) => {
      const before = state().conversations.size;
      const answer = await start(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe(code);
      expect(state().conversations.size).toBe(before);
    });

    it('malformed JSON', async () => {
      const answer = await call(`${stack.functions.url}/webchat/start`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: '{"question":',
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_body');
    });
  });
});

describe('POST /webchat/start with guest chat disabled', () => {
  it('answers 404 guest_chat_disabled and creates nothing', async () => {
    const disabled = await startStack();
    try {
      const answer = await call(`${disabled.functions.url}/webchat/start`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: '{}',
      });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('guest_chat_disabled');
      expect(disabled.sandbox.state.conversations.size).toBe(0);
    } finally {
      await disabled.stop();
    }
  });
});
