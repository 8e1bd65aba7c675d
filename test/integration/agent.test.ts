// The AI agent bridge end to end: the sandbox sends its signed post-events to the functions
// on the real local runtime, the functions call the stand-in agent (sandbox/agent) on
// 127.0.0.1 and post its answer through the sandbox. What is checked is what the customer
// received, the state the sandbox is left in, and what the agent was shown.
import { conversationsService } from '../../assets/lib/conversations/service';
import { startAgentStandIn, type AgentStandIn } from '../../sandbox/agent/stand-in';
import { sandboxClient } from '../../sandbox/testing/client';
import { conversationView } from '../../sandbox/testing/conversation-view';
import { postSignedForm } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';

const SUPPORT_SMS = '+15005550006';
const SUPPORT_WHATSAPP = 'whatsapp:+15005550007';
const AUTO_REPLY = 'Thanks for your message! Someone will answer shortly.';
const FALLBACK = 'Our assistant is resting; a person will answer soon.';
const AGENT_KEY = 'sk-test-agent-key-for-the-stand-in-0123456789';
const addressConfigurations = [
  { type: 'sms', address: SUPPORT_SMS, autoCreation: { enabled: true, type: 'default' as const } },
  { type: 'whatsapp', address: SUPPORT_WHATSAPP, autoCreation: { enabled: true, type: 'default' as const } },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const agentMessages = (stack: Stack, sid: string) =>
  conversationView(stack.sandbox, sid)
    .messages()
    .filter((m) => m.author === 'assistant');
const webhookLogs = (stack: Stack, sid: string) =>
  stack.functions.requestLogs().filter((line) => line.fn === 'conversations/webhook' && line.conversationSid === sid && line.event === 'onMessageAdded');

async function inbound(stack: Stack, from: string, to: string, body: string): Promise<string> {
  const result = await stack.sandbox.inbound({ from, to, body });
  await stack.sandbox.idle();
  if (result.outcome !== 'created' && result.outcome !== 'added') throw new Error(`inbound not stored: ${JSON.stringify(result)}`);
  return result.conversationSid;
}

/** Every onMessageAdded of the conversation answered by the function (their log lines), `count` of them. */
const settled = (stack: Stack, sid: string, count: number) =>
  waitFor(`${count} onMessageAdded answers`, () => webhookLogs(stack, sid).length >= count && webhookLogs(stack, sid));

describe('the AI agent answers customers (OpenAI-compatible protocol), post-events delivered twice', () => {
  let stack: Stack;
  let agent: AgentStandIn;
  beforeAll(async () => {
    agent = await startAgentStandIn();
    stack = await startStack({
      webhooks: true,
      sandbox: { addressConfigurations, duplicateWebhooks: true, webhookTimeoutMs: 5_000 },
      env: {
        AGENT_URL: agent.url,
        AGENT_MODEL: 'sandbox-model',
        AGENT_API_KEY: AGENT_KEY,
        AGENT_INSTRUCTIONS: 'You are the support assistant of Example Shop.',
        AGENT_TIMEOUT_MS: '1500',
        AGENT_FALLBACK_TEXT: FALLBACK,
        AGENT_IDENTITIES: 'agent-ann',
        AUTO_REPLY_TEXT: AUTO_REPLY,
      },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await agent.close();
  });
  beforeEach(() => agent.reset());
  afterEach(() => stack.sandbox.assertNoViolations());

  it('answers an inbound SMS once, as the agent, instead of the auto-reply; the model saw the customer’s words, not their number', async () => {
    agent.script({ reply: 'Hello! Your order ships tomorrow.' });
    const customer = '+14155550101';
    const sid = await inbound(stack, customer, SUPPORT_SMS, 'Where is my order?');
    await settled(stack, sid, 2);
    const replies = agentMessages(stack, sid);
    expect(replies.map((m) => m.body)).toEqual(['Hello! Your order ships tomorrow.']);
    expect(replies[0]).toMatchObject({ source: 'API' });
    expect(stack.sandbox.state.deliveries.filter((d) => d.to === customer).map((d) => d.body)).toEqual(['Hello! Your order ships tomorrow.']);
    expect(conversationView(stack.sandbox, sid).bodies()).not.toContain(AUTO_REPLY);
    expect(agent.requests()).toHaveLength(1);
    const [request] = agent.requests();
    expect(request!.headers.authorization).toBe(`Bearer ${AGENT_KEY}`);
    expect(request!.body.model).toBe('sandbox-model');
    expect(request!.body.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('You are the support assistant of Example Shop.') });
    expect(JSON.parse(request!.body.messages.at(-1).content)).toEqual({ from: 'customer', channel: 'sms', text: 'Where is my order?' });
    expect(JSON.stringify(request!.body)).not.toMatch(/4155550101/);
    expect(
      webhookLogs(stack, sid)
        .map((l) => l.action)
        .sort(),
    ).toEqual(['agent_replied', 'skipped_already_answered']);
    // The typing mark was cleared once the answer was out.
    expect(conversationView(stack.sandbox, sid).attributes().agentTyping).toBeUndefined();
  });
});
