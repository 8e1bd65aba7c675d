// The agent's HTTP client against the stand-in on 127.0.0.1 and a raw server: real sockets, real timeouts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentHeaders, callAgent } from '../../../assets/lib/agent/call-agent';
import { startAgentStandIn, type AgentStandIn } from '../../../sandbox/agent/stand-in';

const input = {
  instructions: undefined,
  canHandOff: true,
  channel: 'sms',
  turns: [{ role: 'customer' as const, channel: 'sms', text: 'hi', media: [], at: null }],
};
const ids = { conversationSid: 'CH' + 'a'.repeat(32), messageSid: 'IM' + 'b'.repeat(32) };

let agent: AgentStandIn;
const requestsOf = (): any[] => agent.requests();
beforeAll(async () => {
  agent = await startAgentStandIn();
});
afterAll(() => agent.close());
beforeEach(() => agent.reset());

const openai = () => ({ AGENT_URL: agent.url, AGENT_PROTOCOL: 'openai' as const, AGENT_MODEL: 'm', AGENT_API_KEY: 'k' });

describe('callAgent', () => {
  it('posts the Chat Completions request with the key and reads the answer', async () => {
    agent.script({ reply: 'Hello!' });
    const { answer, ms } = await callAgent(openai(), input, ids, 2_000);
    expect(answer).toEqual({ kind: 'reply', text: 'Hello!' });
    expect(ms).toBeGreaterThanOrEqual(0);
    const [request] = requestsOf();
    expect(request!.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json' });
    expect(request!.body).toMatchObject({ model: 'm', stream: false });
  });

  it('speaks our webhook protocol', async () => {
    agent.script({ handoff: { reason: 'billing' } });
    const { answer } = await callAgent({ ...openai(), AGENT_URL: agent.webhookUrl, AGENT_PROTOCOL: 'webhook' }, input, ids, 2_000);
    expect(answer).toEqual({ kind: 'handoff', reason: 'billing' });
    expect(requestsOf()[0]!.body).toMatchObject({ version: 1, conversationSid: ids.conversationSid, canHandOff: true });
  });

  it.each([
    [{ status: 500 }, { kind: 'failed', cause: 'http_error', status: 500 }],
    [{ status: 429 }, { kind: 'failed', cause: 'http_error', status: 429 }],
    [{ raw: '{"choices": [' }, { kind: 'failed', cause: 'malformed' }],
    [{ raw: `{"a":${'['.repeat(200)}${']'.repeat(200)}}` }, { kind: 'failed', cause: 'malformed' }],
    [{ raw: { choices: [{ message: { content: 'x'.repeat(300_000) } }] } }, { kind: 'failed', cause: 'too_large' }],
  ])('turns %j into a failure', async (scripted, expected) => {
    agent.script(scripted);
    expect((await callAgent(openai(), input, ids, 2_000)).answer).toEqual(expected);
  });

  it('gives up at the timeout, even on a server that sends its headers and then trickles', async () => {
    agent.script({ hang: true });
    const hung = await callAgent(openai(), input, ids, 300);
    expect(hung.answer).toEqual({ kind: 'failed', cause: 'timeout' });
    expect(hung.ms).toBeLessThan(1_500);
    const trickle = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"choices":');
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/v1/chat/completions`;
      expect((await callAgent({ ...openai(), AGENT_URL: url }, input, ids, 300)).answer).toEqual({ kind: 'failed', cause: 'timeout' });
    } finally {
      trickle.closeAllConnections();
      trickle.close();
    }
  });

  it('reports a server nobody listens on as unreachable', async () => {
    expect((await callAgent({ ...openai(), AGENT_URL: 'http://127.0.0.1:9/v1/chat/completions' }, input, ids, 1_000)).answer).toEqual({
      kind: 'failed',
      cause: 'unreachable',
    });
  });
});

describe('agentHeaders', () => {
  it('sends the key as a bearer token, as Azure OpenAI’s api-key header on Azure, and nothing without one', () => {
    expect(agentHeaders('https://api.openai.com/v1/chat/completions', 'sk-1')).toMatchObject({ Authorization: 'Bearer sk-1' });
    const azure = agentHeaders('https://shop.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21', 'az-1');
    expect(azure['api-key']).toBe('az-1');
    expect(azure).not.toHaveProperty('Authorization');
    expect(agentHeaders('http://127.0.0.1:11434/v1/chat/completions', undefined)).not.toHaveProperty('Authorization');
  });
});
