// The client factory against a real local HTTP server that misbehaves on purpose.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioClient, isRetrySafe, redirectUri, UPSTREAM_HOST_HEADER } from '../../../assets/lib/platform/twilio-client';
import { ACCOUNT_SID, AUTH_TOKEN } from '../../../sandbox/testing/fixtures';

type Seen = { method: string; url: string; headers: IncomingMessage['headers'] };

let server: Server;
let baseUrl: string;
let seen: Seen[];
let script: Array<number | 'drop' | 'hang'>;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    const next = script.shift() ?? 200;
    if (next === 'drop') return req.socket.destroy();
    if (next === 'hang') return; // never answers: the attempt timeout must fire
    res.writeHead(next, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(next === 200 ? { ok: true } : { code: next === 429 ? 20429 : 20500, message: 'x', status: next }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

beforeEach(() => {
  seen = [];
  script = [];
});

const client = (options: Partial<Parameters<typeof createTwilioClient>[0]> = {}) =>
  createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl, backoffBaseMs: 5, backoffCapMs: 20, ...options });

const CONVERSATIONS = 'https://conversations.twilio.com/v1/Conversations';
const ONE_CONVERSATION = `${CONVERSATIONS}/CH${'0'.repeat(32)}`;

describe('createTwilioClient', () => {
  it('sends *.twilio.com calls to the base URL with the original host in a header', async () => {
    const response = await client().request({ method: 'get', uri: 'https://studio.twilio.com/v2/Flows?PageSize=5' });
    expect(response.statusCode).toBe(200);
    expect(seen[0]!.url).toBe('/v2/Flows?PageSize=5');
    expect(seen[0]!.headers[UPSTREAM_HOST_HEADER.toLowerCase()]).toBe('studio.twilio.com');
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
  });

  it('retries 429 on any method, creates included, until it succeeds', async () => {
    script = [429, 429, 200];
    const response = await client().request({ method: 'post', uri: CONVERSATIONS, data: { FriendlyName: 'x' } });
    expect(response.statusCode).toBe(200);
    expect(seen).toHaveLength(3);
  });

  it('retries 5xx and dropped connections on reads', async () => {
    script = [503, 'drop', 200];
    const response = await client().request({ method: 'get', uri: CONVERSATIONS });
    expect(response.statusCode).toBe(200);
    expect(seen).toHaveLength(3);
  });

  it('retries 5xx on an update (POST to an existing resource)', async () => {
    script = [500, 200];
    expect((await client().request({ method: 'post', uri: ONE_CONVERSATION, data: { State: 'closed' } })).statusCode).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('does NOT resend a create after a 5xx: Twilio may have applied it', async () => {
    script = [503, 200];
    const response = await client().request({ method: 'post', uri: CONVERSATIONS, data: { FriendlyName: 'x' } });
    expect(response.statusCode).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('does NOT resend a create after a dropped connection', async () => {
    script = ['drop', 200];
    await expect(client().request({ method: 'post', uri: CONVERSATIONS, data: {} })).rejects.toBeDefined();
    expect(seen).toHaveLength(1);
  });

  it('stops retrying at the deadline and answers the last 429', async () => {
    script = Array(50).fill(429);
    const started = Date.now();
    const response = await client({ deadlineMs: 300, backoffBaseMs: 40, backoffCapMs: 80 }).request({ method: 'get', uri: CONVERSATIONS });
    expect(response.statusCode).toBe(429);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.length).toBeLessThan(50);
  });

  it('times out a hung attempt and retries a read inside the deadline', async () => {
    script = ['hang', 200];
    const response = await client({ attemptTimeoutMs: 100, deadlineMs: 2_000 }).request({ method: 'get', uri: CONVERSATIONS });
    expect(response.statusCode).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('never starts an attempt past the request-wide deadline', async () => {
    script = ['hang', 'hang', 'hang'];
    const started = Date.now();
    await expect(client({ deadlineAt: Date.now() + 250, attemptTimeoutMs: 5_000 }).request({ method: 'get', uri: CONVERSATIONS })).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('maps 4xx errors through twilio-node as RestException with the Twilio code', async () => {
    script = [404];
    await expect(
      client()
        .conversations.v1.conversations(`CH${'0'.repeat(32)}`)
        .fetch(),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('isRetrySafe', () => {
  it('classifies reads, deletes, updates and creates', () => {
    expect(isRetrySafe('GET', CONVERSATIONS)).toBe(true);
    expect(isRetrySafe('DELETE', ONE_CONVERSATION)).toBe(true);
    expect(isRetrySafe('POST', ONE_CONVERSATION)).toBe(true);
    expect(isRetrySafe('POST', 'https://conversations.twilio.com/v1/Services/IS00000000000000000000000000000000/Configuration/Webhooks')).toBe(true);
    expect(isRetrySafe('POST', CONVERSATIONS)).toBe(false);
    expect(isRetrySafe('POST', `${ONE_CONVERSATION}/Participants`)).toBe(false);
  });
});

describe('redirectUri', () => {
  it('rewrites only Twilio hosts, and only when a base URL is set', () => {
    expect(redirectUri(CONVERSATIONS, undefined)).toEqual({ uri: CONVERSATIONS });
    expect(redirectUri('https://example.com/v1/x', 'http://127.0.0.1:1')).toEqual({ uri: 'https://example.com/v1/x' });
    expect(redirectUri('https://flex-api.twilio.com/v1/Interactions?a=1', 'http://127.0.0.1:1')).toEqual({
      uri: 'http://127.0.0.1:1/v1/Interactions?a=1',
      upstreamHost: 'flex-api.twilio.com',
    });
  });
});
