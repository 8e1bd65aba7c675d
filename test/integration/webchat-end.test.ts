// /webchat/end end to end: a guest started by /webchat/start ends its own chat with the
// session it was given, through the real local runtime against the sandbox.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { sandboxClient } from '../../sandbox/testing/client';
import { call } from '../../sandbox/testing/functions-runtime';
import { ORIGIN } from '../../sandbox/testing/fixtures';
import { secondsFromNow, sessionJwt } from '../../sandbox/testing/sessions';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { GUEST_CHAT_ENABLED: 'true', BLOCKED_PATTERNS: '["forbidden"]' }, webhooks: true });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

type Guest = { identity: string; conversationSid: string; sessionToken: string };

async function startChat(question = 'Where is my order?'): Promise<Guest> {
  const answer = await call(`${stack.functions.url}/webchat/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: JSON.stringify({ question }),
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

const end = (session: string | undefined, body: unknown = {}, headers: Record<string, string> = {}) =>
  call(`${stack.functions.url}/webchat/end`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...(session ? { Authorization: `Bearer ${session}` } : {}), ...headers },
    body: JSON.stringify(body),
  });

const view = (sid: string) => conversationView(stack.sandbox, sid);

describe('POST /webchat/end', () => {
  it('posts the notice as our own message, closes the conversation, and keeps the guest and the history', async () => {
    const guest = await startChat();
    const answer = await end(guest.sessionToken, { notice: 'The visitor ended the chat.' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ conversationSid: guest.conversationSid, closed: true, changed: true });
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(view(guest.conversationSid).conversation()!.state).toBe('closed');
    expect(view(guest.conversationSid).identities()).toEqual([guest.identity]);
    const [question, notice] = view(guest.conversationSid).messages();
    expect(question!.body).toBe('Where is my order?');
    expect(notice).toMatchObject({ author: 'system', participantSid: null, body: 'The visitor ended the chat.' });
    expect(JSON.parse(notice!.attributes)).toEqual({ idempotencyKey: `webchat-end:${guest.conversationSid}` });
    // Our own message fires no webhook (no X-Twilio-Webhook-Enabled).
    await stack.sandbox.idle();
    expect(stack.sandbox.state.webhookDeliveries.filter((hook) => hook.params.MessageSid === notice!.sid)).toEqual([]);
    // The history stays readable.
    const history = await stack.get('/conversations/messages/history', { conversationSid: guest.conversationSid });
    expect(history.body.messages.map((m: { body: string }) => m.body)).toEqual(['Where is my order?', 'The visitor ended the chat.']);
  });

  it('answers changed: false when called again, and posts the notice only once', async () => {
    const guest = await startChat();
    expect((await end(guest.sessionToken, { notice: 'Bye' })).body.changed).toBe(true);
    const again = await end(guest.sessionToken, { notice: 'Bye' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ conversationSid: guest.conversationSid, closed: true, changed: false });
    expect(view(guest.conversationSid).bodies()).toEqual(['Where is my order?', 'Bye']);
  });

  it.each([2, 6])('%i parallel ends (a double click) close once and post the notice once', async (parallel) => {
    const guest = await startChat();
    const answers = await Promise.all(Array.from({ length: parallel }, () => end(guest.sessionToken, { notice: 'Bye' })));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(answers.filter((answer) => answer.body.changed === true)).toHaveLength(1);
    expect(view(guest.conversationSid).bodies()).toEqual(['Where is my order?', 'Bye']);
  });

  it('does not post the notice twice when a retry finds it already posted (the close had failed)', async () => {
    const guest = await startChat();
    // What a first attempt leaves when the notice landed but the close did not.
    await sandboxClient(stack.sandbox)
      .conversations.v1.services(stack.sandbox.serviceSid)
      .conversations(guest.conversationSid)
      .messages.create({ author: 'system', body: 'Bye', attributes: JSON.stringify({ idempotencyKey: `webchat-end:${guest.conversationSid}` }) });
    const answer = await end(guest.sessionToken, { notice: 'Bye' });
    expect(answer.body.changed).toBe(true);
    expect(view(guest.conversationSid).bodies()).toEqual(['Where is my order?', 'Bye']);
    expect(view(guest.conversationSid).conversation()!.state).toBe('closed');
  });

  it('closes without a message when no notice is given (a form body, the own conversationSid)', async () => {
    const guest = await startChat();
    const answer = await call(`${stack.functions.url}/webchat/end`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${guest.sessionToken}` },
      body: new URLSearchParams({ conversationSid: guest.conversationSid, notice: '' }).toString(),
    });
    expect(answer.body).toEqual({ conversationSid: guest.conversationSid, closed: true, changed: true });
    expect(view(guest.conversationSid).bodies()).toEqual(['Where is my order?']);
  });

  it('passes the notice through the message policy: card numbers redacted, blocked words refused', async () => {
    const guest = await startChat();
    const blocked = await end(guest.sessionToken, { notice: 'forbidden words' });
    expect([blocked.status, blocked.body.error.code]).toEqual([422, 'message_blocked']);
    expect(view(guest.conversationSid).conversation()!.state).toBe('active');
    expect((await end(guest.sessionToken, { notice: 'Card 4111 1111 1111 1111 noted' })).status).toBe(200);
    expect(view(guest.conversationSid).bodies()[1]).not.toContain('4111');
  });

  it('answers 403 not_your_conversation for another conversation, changing nothing', async () => {
    const mine = await startChat();
    const theirs = await startChat();
    const answer = await end(mine.sessionToken, { conversationSid: theirs.conversationSid });
    expect([answer.status, answer.body.error.code]).toEqual([403, 'not_your_conversation']);
    expect(view(theirs.conversationSid).conversation()!.state).toBe('active');
    expect(view(mine.conversationSid).conversation()!.state).toBe('active');
  });

  it('answers 403 not_your_conversation when the guest was removed from the conversation', async () => {
    const guest = await startChat();
    await sandboxClient(stack.sandbox)
      .conversations.v1.services(stack.sandbox.serviceSid)
      .conversations(guest.conversationSid)
      .participants(view(guest.conversationSid).participants()[0]!.sid)
      .remove();
    const answer = await end(guest.sessionToken);
    expect([answer.status, answer.body.error.code]).toEqual([403, 'not_your_conversation']);
    expect(view(guest.conversationSid).conversation()!.state).toBe('active');
  });

  it('answers 403 for a signed-in user’s session (not a guest)', async () => {
    const guest = await startChat();
    const session = await sessionJwt({ sub: 'alice', exp: secondsFromNow(600), conversationSid: guest.conversationSid });
    const answer = await end(session);
    expect([answer.status, answer.body.error.code]).toEqual([403, 'not_your_conversation']);
  });

  it('answers 401 invalid_session, saying to start a new chat, for a guest session from before /webchat/end', async () => {
    const guest = await startChat();
    const old = await sessionJwt({ sub: guest.identity, exp: secondsFromNow(600), guest: true });
    const answer = await end(old);
    expect([answer.status, answer.body.error.code]).toEqual([401, 'invalid_session']);
    expect(answer.body.error.message).toMatch(/start a new chat/);
    expect(view(guest.conversationSid).conversation()!.state).toBe('active');
  });

  it('answers 401 missing_session without a session', async () => {
    const answer = await end(undefined);
    expect([answer.status, answer.body.error.code]).toEqual([401, 'missing_session']);
  });

  it('answers 404 conversation_not_found when the conversation was deleted', async () => {
    const guest = await startChat();
    await stack.post('/conversations/close', { conversationSid: guest.conversationSid, delete: true });
    const answer = await end(guest.sessionToken, { notice: 'Bye' });
    expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
  });

  it.each([
    ['a notice over 1600 characters', { notice: 'n'.repeat(1601) }, 'notice'],
    ['a notice that is not text', { notice: { text: 'hi' } }, 'notice'],
    ['a malformed conversationSid', { conversationSid: 'CH-nope' }, 'conversationSid'],
  ])('answers 400 invalid_request naming the field for %s', async (_what, body, field) => {
    const guest = await startChat();
    const answer = await end(guest.sessionToken, body);
    expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_request']);
    expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    expect(view(guest.conversationSid).conversation()!.state).toBe('active');
  });
});
