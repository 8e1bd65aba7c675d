// Every protected or server-auth endpoint refuses: no auth, a wrong bearer token, a tampered
// signature, a signature made for another URL. Nothing changes in the sandbox.
import { createHmac } from 'node:crypto';
import { call } from '../support/functions-runtime';
import { startStack, type Stack } from '../support/stack';
import { ENDPOINTS, signedFormPost, snapshot } from './support';

let stack: Stack;
let conversationSid: string;

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: '+14155550100', STUDIO_FLOW_SID: 'FW' + 'a'.repeat(32) } });
  conversationSid = (await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: '+14155550123' }] })).body.conversationSid;
});
afterAll(() => stack.stop());

const guarded = ENDPOINTS.filter((endpoint) => endpoint.auth !== 'public');
const body = () => ({
  conversationSid,
  ConversationSid: conversationSid,
  participants: JSON.stringify([{ channel: 'chat', identity: 'intruder' }]),
  body: 'let me in',
  AgentIdentity: 'intruder',
  FlowSid: 'FW' + 'b'.repeat(32),
  EventType: 'onMessageAdded',
  AccountSid: stack.sandbox.accountSid,
  Source: 'SMS',
  Body: 'hi',
  Author: '+14155550123',
  MessageSid: 'IM' + 'c'.repeat(32),
});

type Attempt = { what: string; send: (path: string) => Promise<{ status: number }> };

const attempts: Attempt[] = [
  {
    what: 'no auth',
    send: (path) =>
      call(`${stack.functions.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body()).toString(),
      }),
  },
  {
    what: 'a wrong bearer token',
    send: (path) =>
      call(`${stack.functions.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer wrong-token-0123456789' },
        body: new URLSearchParams(body()).toString(),
      }),
  },
  {
    what: 'a tampered signature',
    send: async (path) => {
      // Signed for the original parameters, sent with one of them changed.
      const params = body();
      const url = `${stack.functions.url}${path}`;
      const signature = createHmac('sha1', stack.sandbox.authToken)
        .update(
          url +
            Object.keys(params)
              .sort()
              .map((key) => key + params[key as keyof typeof params])
              .join(''),
        )
        .digest('base64');
      return call(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
        body: new URLSearchParams({ ...params, body: 'tampered', Body: 'tampered' }).toString(),
      });
    },
  },
  { what: 'a signature for another URL', send: (path) => signedFormPost(stack, path, body(), `${stack.functions.url}/health`) },
  {
    what: 'a signature made with another auth token',
    send: (path) =>
      call(`${stack.functions.url}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': createHmac('sha1', 'f'.repeat(32)).update(`${stack.functions.url}${path}`).digest('base64'),
        },
        body: new URLSearchParams(body()).toString(),
      }),
  },
];

describe('auth on every guarded endpoint', () => {
  const cases = guarded.flatMap((endpoint) => attempts.map((attempt) => [endpoint.path, attempt.what, attempt] as const));

  it.each(cases)('%s refuses %s', async (path, _what, attempt) => {
    const before = snapshot(stack);
    const answer = await attempt.send(path);
    expect([401, 403]).toContain(answer.status);
    await stack.sandbox.idle();
    expect(snapshot(stack)).toBe(before);
  });
});
