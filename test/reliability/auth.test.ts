// The ONE auth matrix: every endpoint of the manifest, every way of getting its credential
// wrong, the status and code each must answer, and nothing changed in the sandbox. Server
// endpoints take the bearer token or a signature; signature endpoints only a signature;
// /token a session JWT; /webchat/start an allowed origin. (The verifiers themselves are unit
// tested with the official vectors: test/unit/auth.)
import { createHash, createHmac } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import { twilioSignature } from '../../sandbox/testing/signer';
import { ENDPOINTS as MANIFEST, type EndpointEntry } from '../../assets/lib/endpoints/manifest';
import { ORIGIN, SERVER_API_TOKEN } from '../../sandbox/testing/fixtures';
import { call } from '../../sandbox/testing/functions-runtime';
import { secondsFromNow, sessionJwt } from '../../sandbox/testing/sessions';
import { startStack, type Stack } from '../support/stack';
import { snapshot } from './support';

let stack: Stack;
let conversationSid: string;

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: '+14155550100', STUDIO_FLOW_SID: 'FW' + 'a'.repeat(32), GUEST_CHAT_ENABLED: 'true' } });
  conversationSid = (await stack.post('/participants/onboard', { participants: [{ channel: 'sms', address: '+14155550123' }] })).body.conversationSid;
});
afterAll(() => stack.stop());

/** A body every endpoint would act on if the credential were right. */
const form = () => ({
  conversationSid,
  ConversationSid: conversationSid,
  participants: JSON.stringify([{ channel: 'chat', identity: 'intruder' }]),
  // The participant updates and removals would act on the onboarded SMS customer.
  address: '+14155550123',
  channel: 'sms',
  attributes: JSON.stringify({ intruder: true }),
  state: 'closed',
  body: 'let me in',
  AgentIdentity: 'intruder',
  FlowSid: 'FW' + 'b'.repeat(32),
  EventType: 'onMessageAdded',
  AccountSid: stack.sandbox.accountSid,
  Source: 'SMS',
  Body: 'hi',
  Author: '+14155550123',
  MessageSid: 'IM' + 'c'.repeat(32),
  Index: '0',
});

const urlOf = (path: string) => `${stack.functions.url}${path}`;
const formHeaders = (extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/x-www-form-urlencoded', ...extra });
const postForm = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
  call(urlOf(path), { method: 'POST', headers: formHeaders(headers), body: new URLSearchParams(params).toString() });
const signed = (path: string, params: Record<string, string>, signFor: string, authToken = stack.sandbox.authToken) =>
  postForm(path, params, { 'X-Twilio-Signature': twilioSignature(authToken, signFor, params) });

type Attempt = { what: string; send(path: string): Promise<{ status: number; body: any }> };

// Ways to get a Twilio signature wrong; each is refused with 403 invalid_signature.
const SIGNATURE_ATTEMPTS: Attempt[] = [
  { what: 'an unsigned request', send: (path) => postForm(path, form(), { 'X-Twilio-Signature': '' }) },
  { what: 'a garbage signature', send: (path) => postForm(path, form(), { 'X-Twilio-Signature': 'not-a-signature' }) },
  {
    what: 'a tampered body',
    send: (path) =>
      postForm(path, { ...form(), Body: 'changed', body: 'changed' }, { 'X-Twilio-Signature': twilioSignature(stack.sandbox.authToken, urlOf(path), form()) }),
  },
  {
    what: 'an added field',
    send: (path) => postForm(path, { ...form(), Extra: '1' }, { 'X-Twilio-Signature': twilioSignature(stack.sandbox.authToken, urlOf(path), form()) }),
  },
  {
    what: 'a removed field',
    send: (path) => {
      const { Index: _index, ...fewer } = form();
      return postForm(path, fewer, { 'X-Twilio-Signature': twilioSignature(stack.sandbox.authToken, urlOf(path), form()) });
    },
  },
  { what: 'a signature for another URL', send: (path) => signed(path, form(), urlOf('/health')) },
  { what: 'a signature for https', send: (path) => signed(path, form(), urlOf(path).replace('http:', 'https:')) },
  { what: 'a signature for the URL with a query string', send: (path) => signed(path, form(), `${urlOf(path)}?x=1`) },
  { what: 'a signature for the URL with a trailing slash', send: (path) => signed(path, form(), `${urlOf(path)}/`) },
  { what: 'a signature made with another auth token', send: (path) => signed(path, form(), urlOf(path), 'f'.repeat(32)) },
  {
    what: 'a JSON body signed without bodySHA256',
    send: (path) =>
      call(urlOf(path), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Twilio-Signature': twilioSignature(stack.sandbox.authToken, urlOf(path), form()) },
        body: JSON.stringify(form()),
      }),
  },
  {
    what: 'a JSON body whose bodySHA256 is for another body',
    send: (path) => {
      const url = `${urlOf(path)}?bodySHA256=${createHash('sha256').update('{}').digest('hex')}`;
      return call(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Twilio-Signature': createHmac('sha1', stack.sandbox.authToken).update(url).digest('base64') },
        body: JSON.stringify(form()),
      });
    },
  },
];

// Ways to get the server bearer token wrong (a signature is not tried: no X-Twilio-Signature header).
const BEARER_ATTEMPTS: Attempt[] = [
  { what: 'no credentials', send: (path) => postForm(path, form()) },
  { what: 'a wrong bearer token', send: (path) => postForm(path, form(), { Authorization: 'Bearer wrong-token-0123456789' }) },
  { what: 'a bearer token one character short', send: (path) => postForm(path, form(), { Authorization: `Bearer ${SERVER_API_TOKEN.slice(0, -1)}` }) },
  { what: 'the token under another scheme', send: (path) => postForm(path, form(), { Authorization: `Basic ${SERVER_API_TOKEN}` }) },
];

const tokenWith = (session: string | undefined) => (path: string) =>
  call(urlOf(path), { method: 'POST', headers: session ? { Authorization: `Bearer ${session}` } : {} });
const SESSION_ATTEMPTS: Array<Attempt & { code: string }> = [
  { what: 'no session', code: 'missing_session', send: tokenWith(undefined) },
  { what: 'a garbled session', code: 'invalid_session', send: tokenWith('not-a-jwt') },
  { what: 'an expired session', code: 'invalid_session', send: async (path) => tokenWith(await sessionJwt({ sub: 'alice', exp: secondsFromNow(-30) }))(path) },
  {
    what: 'another secret',
    code: 'invalid_session',
    send: async (path) => tokenWith(await sessionJwt({ sub: 'alice', exp: secondsFromNow(600) }, { secret: 'w'.repeat(40) }))(path),
  },
  { what: 'alg none', code: 'invalid_session', send: (path) => tokenWith(new UnsecuredJWT({ sub: 'alice', exp: secondsFromNow(600) }).encode())(path) },
  {
    what: 'HS512',
    code: 'invalid_session',
    send: async (path) => tokenWith(await sessionJwt({ sub: 'alice', exp: secondsFromNow(600) }, { alg: 'HS512', secret: 'k'.repeat(64) }))(path),
  },
  { what: 'no sub', code: 'invalid_session', send: async (path) => tokenWith(await sessionJwt({ exp: secondsFromNow(600) }))(path) },
  { what: 'no exp', code: 'invalid_session', send: async (path) => tokenWith(await sessionJwt({ sub: 'alice' }))(path) },
];

const ORIGIN_ATTEMPTS: Attempt[] = [
  { what: 'no origin', send: (path) => call(urlOf(path), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }) },
  {
    what: 'another origin',
    send: (path) => call(urlOf(path), { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' }, body: '{}' }),
  },
  {
    what: 'an allowed origin with a suffix',
    send: (path) => call(urlOf(path), { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: `${ORIGIN}.evil.example` }, body: '{}' }),
  },
];

type Row = [path: string, what: string, status: number, code: string, attempt: Attempt];

function rowsFor(entry: EndpointEntry): Row[] {
  if (entry.auth === 'server') {
    return [
      ...BEARER_ATTEMPTS.map((a): Row => [entry.path, a.what, 401, 'unauthorized', a]),
      // An X-Twilio-Signature header, right or wrong, is checked as a signature.
      ...SIGNATURE_ATTEMPTS.filter((a) => a.what !== 'an unsigned request').map((a): Row => [entry.path, a.what, 403, 'invalid_signature', a]),
    ];
  }
  if (entry.auth === 'twilio-signature') {
    const bearer: Attempt = {
      what: 'the server bearer token (not enough here)',
      send: (path) => postForm(path, form(), { Authorization: `Bearer ${SERVER_API_TOKEN}` }),
    };
    return [...SIGNATURE_ATTEMPTS, bearer].map((a): Row => [entry.path, a.what, 403, 'invalid_signature', a]);
  }
  if (entry.credential) return SESSION_ATTEMPTS.map((a): Row => [entry.path, a.what, 401, a.code, a]);
  if (entry.path === '/webchat/start') return ORIGIN_ATTEMPTS.map((a): Row => [entry.path, a.what, 403, 'origin_not_allowed', a]);
  return [];
}

const ROWS = Object.values(MANIFEST).flatMap((entry) => rowsFor(entry));

describe('auth matrix', () => {
  it('covers every endpoint that checks a credential', () => {
    const covered = new Set(ROWS.map(([path]) => path));
    const guarded = Object.values(MANIFEST as Record<string, EndpointEntry>).filter(
      (entry) => entry.auth !== 'public' || entry.credential || entry.path === '/webchat/start',
    );
    expect(guarded.map((entry) => entry.path).filter((path) => !covered.has(path))).toEqual([]);
  });

  it.each(ROWS)('%s refuses %s with %d %s, changing nothing', async (path, _what, status, code, attempt) => {
    await stack.sandbox.idle();
    const before = snapshot(stack);
    const answer = await attempt.send(path);
    expect([answer.status, answer.body?.error?.code]).toEqual([status, code]);
    await stack.sandbox.idle();
    expect(snapshot(stack)).toBe(before);
  });
});
