// The promises that hold only with state shared across invocations (Twilio Sync), tested
// under real concurrency: parallel requests through the local runtime, against the sandbox.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { sandboxClient } from '../../sandbox/testing/client';
import { ORIGIN } from '../../sandbox/testing/fixtures';
import { postSignedForm } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';
import { clearOfWindowEnd } from '../support/window-end';

const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const SMS_PROXY = '+14155550100';
const AGENTS = ['agent-ann', 'agent-bob', 'agent-cy'];
const GUESTS_PER_MINUTE = 7;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: {
      WHATSAPP_SENDER,
      SMS_PROXY_NUMBER: SMS_PROXY,
      AGENT_IDENTITIES: AGENTS.join(','),
      GUEST_CHAT_ENABLED: 'true',
      GUEST_CHAT_MAX_PER_MINUTE: String(GUESTS_PER_MINUTE),
      AUTO_REPLY_TEXT: 'Thanks, someone will answer soon.',
    },
    sandbox: { addressConfigurations: [{ type: 'sms', address: SMS_PROXY, autoCreation: { enabled: true, type: 'default' } }] },
    webhooks: true,
    countRequests: true,
  });
});
afterAll(() => stack.stop());
afterEach(() => stack.sandbox.assertNoViolations());

let counter = 0;
const freshNumber = () => `+1415555${String(6000 + (counter += 1)).padStart(4, '0')}`;

async function emptyConversation(): Promise<string> {
  const created = await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: freshNumber() }] });
  expect(created.status).toBe(200);
  return created.body.conversationSid as string;
}

const messagesOf = (conversationSid: string) => [...stack.sandbox.state.messages.values()].filter((message) => message.conversationSid === conversationSid);

describe('exactly-once sends with an idempotencyKey', () => {
  it.each([5, 20])('%i parallel sends with one key create one message, and every answer names it', async (parallel) => {
    const conversationSid = await emptyConversation();
    const send = () => stack.post('/conversations/messages/send', { conversationSid, body: 'Your order shipped', idempotencyKey: `order-shipped-${parallel}` });
    const answers = await Promise.all(Array.from({ length: parallel }, send));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const sids = new Set(answers.map((answer) => answer.body.messageSid));
    expect(sids.size).toBe(1);
    expect(messagesOf(conversationSid)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
  });

  it('answers the same message to a retry that comes after any number of newer messages', async () => {
    const conversationSid = await emptyConversation();
    const first = await stack.post('/conversations/messages/send', { conversationSid, body: 'Receipt #1', idempotencyKey: 'receipt-0001' });
    const messages = sandboxClient(stack.sandbox).conversations.v1.services(stack.sandbox.serviceSid).conversations(conversationSid).messages;
    stack.sandbox.setRateLimits({ enabled: false });
    for (let index = 0; index < 60; index += 1) await messages.create({ author: 'system', body: `later ${index}` });
    stack.sandbox.setRateLimits({ enabled: true });
    const retry = await stack.post('/conversations/messages/send', { conversationSid, body: 'Receipt #1', idempotencyKey: 'receipt-0001' });
    expect(retry.body).toMatchObject({ messageSid: first.body.messageSid, duplicate: true });
    expect(messagesOf(conversationSid).filter((message) => message.body === 'Receipt #1')).toHaveLength(1);
  });

  it('refuses the same key for a different message (422 idempotency_key_reused), sending nothing', async () => {
    const conversationSid = await emptyConversation();
    await stack.post('/conversations/messages/send', { conversationSid, body: 'first text', idempotencyKey: 'reused-key-01' });
    const other = await stack.post('/conversations/messages/send', { conversationSid, body: 'another text', idempotencyKey: 'reused-key-01' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(messagesOf(conversationSid)).toHaveLength(1);
  });

  it('scopes a key to its conversation: the same key in two conversations sends two messages', async () => {
    const [a, b] = await Promise.all([emptyConversation(), emptyConversation()]);
    const answers = await Promise.all(
      [a, b].map((conversationSid) => stack.post('/conversations/messages/send', { conversationSid, body: 'hi', idempotencyKey: 'shared-key-01' })),
    );
    expect(new Set(answers.map((answer) => answer.body.messageSid)).size).toBe(2);
  });
});

describe('concurrent hand-offs of one conversation', () => {
  it.each([2, 5])('%i at once add exactly one agent and post one notice', async (parallel) => {
    const conversationSid = await emptyConversation();
    const url = `${stack.functions.url}/studio/handoff`;
    const answers = await Promise.all(
      Array.from({ length: parallel }, () => postSignedForm(url, stack.sandbox.authToken, { ConversationSid: conversationSid, Reason: 'menu 2' })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const agents = conversationView(stack.sandbox, conversationSid)
      .participants()
      .filter((participant) => participant.identity && AGENTS.includes(participant.identity));
    expect(agents).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.body.agentIdentity))).toEqual(new Set([agents[0]!.identity]));
    expect(answers.filter((answer) => answer.body.alreadyHandedOff === false)).toHaveLength(1);
    const notices = messagesOf(conversationSid).filter((message) => JSON.parse(message.attributes).handoffNotice === true);
    expect(notices).toHaveLength(1);
  });
});

describe('the guest chat quota (GUEST_CHAT_MAX_PER_MINUTE)', () => {
  it('admits exactly the quota of 30 parallel anonymous starts; the rest get 429 guest_chat_busy with Retry-After and create nothing', async () => {
    await clearOfWindowEnd();
    const before = stack.sandbox.state.conversations.size;
    const start = () => stack.post('/webchat/start', { question: 'Hello?' }, { Origin: ORIGIN });
    const answers = await Promise.all(Array.from({ length: 30 }, start));
    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted).toHaveLength(GUESTS_PER_MINUTE);
    expect(refused).toHaveLength(30 - GUESTS_PER_MINUTE);
    for (const answer of refused) {
      expect(answer.body.error.code).toBe('guest_chat_busy');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
    expect(stack.sandbox.state.conversations.size - before).toBe(GUESTS_PER_MINUTE);
  });
});

describe('no conversation is ever a lock', () => {
  it('an SMS that autocreates a conversation and gets the auto-reply creates exactly that one conversation', async () => {
    const before = stack.sandbox.state.conversations.size;
    const callsBefore = stack.calls().length;
    const customer = freshNumber();
    const inbound = await stack.sandbox.inbound({ from: customer, to: SMS_PROXY, body: 'Is anyone there?' });
    if (inbound.outcome === 'dropped') throw new Error(`inbound dropped: ${inbound.reason}`);
    await stack.sandbox.idle();
    expect(stack.sandbox.state.conversations.size - before).toBe(1);
    expect(messagesOf(inbound.conversationSid).filter((message) => message.body === 'Thanks, someone will answer soon.')).toHaveLength(1);
    // Twilio's autocreation is the one conversation action; the functions made none (no lock conversations).
    const conversationActions = stack
      .calls()
      .slice(callsBefore)
      .filter((line) => /^(POST \/v1\/Services\/IS\w+\/Conversations|DELETE \/v1\/Services\/IS\w+\/Conversations\/[^/]+)$/.test(line));
    expect(conversationActions).toEqual([]);
  });
});
