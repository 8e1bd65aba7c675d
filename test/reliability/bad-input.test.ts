// Generated malformed input for every endpoint (fast-check, 500 cases each): wrong types,
// huge strings, unicode, missing fields, wrong content types, broken JSON, header abuse.
// Zero 5xx, no stack trace or secret in any answer, and a refused request changes nothing.
import { runCount } from '../support/run-counts';
import fc from 'fast-check';
import { signedJsonRequest, twilioSignature } from '../../sandbox/testing/signer';
import { signSession } from '../../assets/lib/auth/session';
import { ORIGIN, SERVER_API_TOKEN, SESSION_SECRET } from '../../sandbox/testing/fixtures';
import { checkAnswer } from '../../sandbox/testing/openapi-contract';
import { startStack, type Stack } from '../support/stack';
import { startAgentStandIn, type AgentStandIn } from '../../sandbox/agent/stand-in';
import { ENDPOINTS, leaks, onboardedConversation, snapshot, type Endpoint } from './support';

const RUNS = runCount('BAD_INPUT_RUNS', 500);

let stack: Stack;
let agent: AgentStandIn;
let conversationSid: string;
let guestSession: string;
// Where generated removals and updates may land without emptying the conversation the other endpoints use.
let spareConversationSid: string;

beforeAll(async () => {
  // The AI agent is on (the stand-in answers): /agent/attach works, and hostile message events reach the agent's prompt.
  agent = await startAgentStandIn();
  stack = await startStack({
    // Thousands of requests in seconds: Twilio's action limits are not what this suite tests (the faults suite keeps them).
    sandbox: { rateLimits: { enabled: false } },
    env: {
      SMS_PROXY_NUMBER: '+14155550100',
      WHATSAPP_SENDER: 'whatsapp:+14155238886',
      GUEST_CHAT_ENABLED: 'true',
      AGENT_IDENTITIES: 'agent-a',
      AUTO_REPLY_TEXT: 'Thanks!',
      AGENT_URL: agent.url,
      AGENT_MODEL: 'sandbox-model',
    },
    webhooks: true,
  });
  conversationSid = await onboardedConversation(stack);
  const guest = await stack.post('/webchat/start', {}, { Origin: ORIGIN });
  guestSession = guest.body.sessionToken;
  spareConversationSid = (
    await stack.post('/participants/onboard', {
      participants: [
        { channel: 'sms', address: '+14155550125' },
        { channel: 'chat', identity: 'bob' },
      ],
    })
  ).body.conversationSid;
});
afterAll(async () => {
  await stack.stop();
  await agent.close();
});

const FIELDS: Record<string, string[]> = {
  '/health': [],
  '/token': ['identity', 'sub'],
  '/webchat/start': ['friendlyName', 'email', 'question'],
  '/webchat/end': ['conversationSid', 'notice'],
  '/participants/onboard': [
    'conversationSid',
    'uniqueName',
    'friendlyName',
    'attributes',
    'onConflict',
    'participants',
    'participants[0][channel]',
    'participants[0][address]',
    'participants[0][identity]',
  ],
  '/conversations/messages/send': [
    'conversationSid',
    'body',
    'mediaSid',
    'contentSid',
    'contentVariables',
    'author',
    'attributes',
    'webhookEnabled',
    'idempotencyKey',
    'mediaUrl',
  ],
  '/conversations/messages/history': ['conversationSid', 'from', 'to', 'limit', 'cursor', 'channel', 'order', 'participantSid', 'author'],
  '/conversations/messages/receipts': ['conversationSid', 'messageSid'],
  '/conversations/messages': ['conversationSid', 'body', 'from'],
  '/conversations/close': ['conversationSid', 'delete'],
  '/conversations/transcript': ['conversationSid', 'uniqueName', 'format', 'cursor'],
  '/conversations/list': ['address', 'channel', 'identity', 'state', 'from', 'to', 'limit', 'cursor'],
  '/conversations/fetch': ['conversationSid', 'uniqueName'],
  '/conversations/update': ['conversationSid', 'uniqueName', 'attributes', 'friendlyName', 'state', 'timers'],
  '/participants/update': ['conversationSid', 'participantSid', 'identity', 'address', 'channel', 'attributes'],
  '/participants/remove': ['conversationSid', 'participants', 'participants[0][identity]', 'participants[0][address]', 'participants[0][channel]', 'close'],
  '/conversations/webhook': [
    'EventType',
    'AccountSid',
    'ConversationSid',
    'Body',
    'Author',
    'Source',
    'Attributes',
    'Media',
    'Index',
    'MessageSid',
    'ParticipantSid',
    'MessagingBinding.Address',
    'FriendlyName',
    'Status',
    'ErrorCode',
  ],
  '/studio/handoff': ['ConversationSid', 'ExecutionSid', 'FlowSid', 'AgentIdentity', 'Reason', 'Message'],
  '/studio/attach': ['ConversationSid', 'FlowSid', 'ReplayAfter'],
  '/agent/attach': ['ConversationSid'],
};

const EVENT_TYPES = [
  'onMessageAdd',
  'onMessageAdded',
  'onConversationAdd',
  'onConversationAdded',
  'onParticipantAdded',
  'onParticipantRemoved',
  'onDeliveryUpdated',
  'onUserUpdate',
  'onSomethingNew',
];

/** Values a field might carry: plausible ones (so deeper code runs) and hostile ones. */
const scalar = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(conversationSid),
    fc.constantFrom(
      ...EVENT_TYPES,
      stack.sandbox.accountSid,
      'sms',
      'whatsapp',
      'chat',
      '+14155550123',
      'whatsapp:+14155550124',
      'true',
      'false',
      '',
      ' ',
      'null',
      '[]',
      '{}',
    ),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.stringMatching(/^(CH|MB|IM|FW|FN|HX|ME)[0-9a-f]{30,34}$/),
    fc.constantFrom(
      'x'.repeat(5_000),
      '😀'.repeat(2_000),
      '\u0000\u0001\u001f',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      '{"__proto__":{"admin":true}}',
      '%00%ff',
      '\ud800',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
  );

const jsonValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: scalar() },
    { weight: 1, arbitrary: fc.array(scalar(), { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), scalar(), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(fc.record({ channel: scalar(), address: scalar(), identity: scalar() }, { requiredKeys: [] }), { maxLength: 12 }) },
  );

const fieldsOf = (endpoint: Endpoint) => {
  const known = FIELDS[endpoint.path]!;
  const key =
    known.length > 0
      ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) })
      : fc.string({ maxLength: 20 });
  return fc.dictionary(key, jsonValue(), { maxKeys: 8 });
};

/** Text meant to get past the shape checks and reach deeper code: unicode, control characters, size. */
const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
    fc.string({ minLength: 1, maxLength: 300 }),
    fc.constantFrom(
      ...['Zoë 😀', 'a\u0000b', '\ud83d', 'x'.repeat(1_700), 'x'.repeat(257), '  padded  ', 'line\nbreak', '{"json":true}', 'whatsapp:+14155550199'],
    ),
  );

const phoneish = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom('+14155550123', '(415) 555-0199', '+447911123456', '4155550188', '+1', '555-CALL-ME'), hostileText());

/** One participant named one way (SID, identity, or address + channel), mostly; sometimes two ways. */
const participantNamed = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    fc.record({ participantSid: fc.stringMatching(/^MB[0-9a-f]{32}$/) }),
    fc.record({ identity: fc.oneof(fc.constant('bob'), hostileText()) }),
    fc.record({ address: fc.oneof(fc.constant('+14155550125'), phoneish()), channel: fc.constantFrom('sms', 'whatsapp', 'chat', 'messenger', 'SMS') }),
    fc.record({ identity: hostileText(), address: phoneish() }),
  );

/**
 * Requests that are well formed except for their values: they pass the shape checks and
 * exercise validation, normalisation and the calls to Twilio (the sandbox) with hostile data.
 */
const nearValid = (endpoint: Endpoint): fc.Arbitrary<Record<string, unknown>> => {
  const participant = fc.record(
    {
      channel: fc.constantFrom('sms', 'whatsapp', 'chat', 'messenger', 'SMS'),
      address: phoneish(),
      identity: hostileText(),
      proxyAddress: fc.option(phoneish(), { nil: undefined }),
      friendlyName: hostileText(),
      attributes: fc.dictionary(hostileText(), hostileText(), { maxKeys: 3 }),
    },
    { requiredKeys: ['channel'] },
  );
  switch (endpoint.path) {
    case '/webchat/start':
      return fc.record({ friendlyName: hostileText(), email: fc.oneof(fc.emailAddress(), hostileText()), question: hostileText() }, { requiredKeys: [] });
    case '/participants/onboard':
      return fc.record(
        {
          participants: fc.array(participant, { minLength: 1, maxLength: 4 }),
          uniqueName: hostileText(),
          friendlyName: hostileText(),
          attributes: fc.dictionary(hostileText(), hostileText(), { maxKeys: 3 }),
          onConflict: fc.constantFrom('reuse', 'move', 'fail'),
        },
        { requiredKeys: ['participants'] },
      );
    case '/conversations/messages/send':
      return fc.record(
        {
          conversationSid: fc.constant(conversationSid),
          body: hostileText(),
          author: hostileText(),
          attributes: fc.dictionary(hostileText(), hostileText(), { maxKeys: 3 }),
          idempotencyKey: hostileText(),
        },
        { requiredKeys: ['conversationSid', 'body'] },
      );
    case '/conversations/messages/history':
      return fc.record(
        {
          conversationSid: fc.constant(conversationSid),
          from: hostileText(),
          to: hostileText(),
          author: hostileText(),
          limit: hostileText(),
          channel: hostileText(),
          order: hostileText(),
        },
        { requiredKeys: ['conversationSid'] },
      );
    case '/conversations/messages/receipts':
      return fc.record(
        {
          conversationSid: fc.oneof(fc.constant(conversationSid), fc.constant('CH' + '9'.repeat(32)), hostileText()),
          messageSid: fc.oneof(fc.stringMatching(/^IM[0-9a-f]{32}$/), hostileText()),
        },
        { requiredKeys: ['conversationSid'] },
      );
    case '/conversations/close':
      return fc.record({
        conversationSid: fc.oneof(fc.constant('CH' + '9'.repeat(32)), fc.stringMatching(/^CH[0-9a-f]{32}$/), hostileText()),
        delete: fc.constantFrom('true', 'false', true, 'yes'),
      });
    case '/webchat/end':
      return fc.record(
        { conversationSid: fc.oneof(fc.constant(conversationSid), fc.stringMatching(/^CH[0-9a-f]{32}$/), hostileText()), notice: hostileText() },
        { requiredKeys: [] },
      );
    case '/conversations/transcript':
      return fc.oneof(
        fc.record(
          {
            conversationSid: fc.oneof(fc.constant(conversationSid), fc.constant('CH' + '9'.repeat(32))),
            format: fc.constantFrom('json', 'text', 'xml'),
            cursor: hostileText(),
          },
          { requiredKeys: ['conversationSid'] },
        ),
        fc.record({ uniqueName: hostileText(), format: fc.constantFrom('json', 'text', 'xml') }, { requiredKeys: ['uniqueName'] }),
      );
    case '/conversations/list':
      return fc.record(
        {
          address: phoneish(),
          channel: fc.constantFrom('sms', 'whatsapp', 'chat', 'SMS'),
          identity: hostileText(),
          state: fc.constantFrom('active', 'inactive', 'closed', 'initializing'),
          from: fc.oneof(fc.constantFrom('2026-01-31', '2026-01-31T12:00:00Z', '2026-02-30'), hostileText()),
          to: fc.oneof(fc.constantFrom('2026-12-31', '2026-01-31T12:00:00+02:00'), hostileText()),
          limit: fc.oneof(fc.integer({ min: -5, max: 120 }), hostileText()),
          cursor: hostileText(),
        },
        { requiredKeys: [] },
      );
    case '/conversations/fetch':
      return fc.record(
        {
          conversationSid: fc.oneof(fc.constant(conversationSid), fc.constant('CH' + '9'.repeat(32)), hostileText()),
          uniqueName: hostileText(),
        },
        { requiredKeys: [] },
      );
    case '/conversations/update': {
      const changes = {
        // A few keys, so that the merged attributes stay within Twilio's limit run after run.
        attributes: fc.dictionary(fc.constantFrom('a', 'tier', 'Zoë 😀', '__proto__', 'x.y'), fc.oneof(hostileText(), fc.constant(null)), { maxKeys: 3 }),
        friendlyName: hostileText(),
        // Mostly not closed: the spare conversation stays open for the other cases.
        state: fc.constantFrom('active', 'inactive', 'active', 'inactive', 'initializing', 'open'),
        timers: fc.record({ inactive: fc.constantFrom('PT5M', 'PT30S', 'P1D', 'soon'), closed: fc.constantFrom('PT10M', 'PT9M', 'P2D') }, { requiredKeys: [] }),
      };
      return fc.oneof(
        fc.record(
          { conversationSid: fc.oneof(fc.constant(spareConversationSid), fc.constant('CH' + '9'.repeat(32)), hostileText()), ...changes },
          { requiredKeys: ['conversationSid'] },
        ),
        fc.record({ uniqueName: hostileText(), ...changes }, { requiredKeys: ['uniqueName'] }),
      );
    }
    case '/participants/update':
      return fc
        .record(
          {
            conversationSid: fc.oneof(fc.constant(spareConversationSid), fc.constant('CH' + '9'.repeat(32))),
            participant: participantNamed(),
            attributes: fc.dictionary(fc.constantFrom('a', 'tier', 'Zoë 😀', '__proto__'), fc.oneof(hostileText(), fc.constant(null)), { maxKeys: 3 }),
          },
          { requiredKeys: ['conversationSid', 'participant', 'attributes'] },
        )
        .map(({ participant, ...rest }) => ({ ...rest, ...participant }));
    case '/participants/remove':
      return fc.record(
        {
          conversationSid: fc.oneof(fc.constant(spareConversationSid), fc.constant('CH' + '9'.repeat(32))),
          participants: fc.array(participantNamed(), { minLength: 0, maxLength: 4 }),
          close: fc.constantFrom(false, 'false', 'no'),
        },
        { requiredKeys: ['conversationSid', 'participants'] },
      );
    case '/conversations/webhook':
      return fc.record(
        {
          AccountSid: fc.constant(stack.sandbox.accountSid),
          EventType: fc.constantFrom(...EVENT_TYPES),
          ConversationSid: fc.constant(conversationSid),
          Source: fc.constantFrom('SMS', 'WHATSAPP', 'SDK', 'API'),
          Body: hostileText(),
          Author: hostileText(),
          Attributes: hostileText(),
          Media: hostileText(),
          MessageSid: fc.constant('IM' + '7'.repeat(32)),
          Index: hostileText(),
          'MessagingBinding.Address': phoneish(),
          FriendlyName: hostileText(),
        },
        { requiredKeys: ['AccountSid', 'EventType', 'ConversationSid'] },
      );
    case '/studio/handoff':
      return fc.record(
        {
          ConversationSid: fc.oneof(fc.constant(conversationSid), fc.constant('CH' + '8'.repeat(32))),
          AgentIdentity: hostileText(),
          Reason: hostileText(),
          Message: hostileText(),
          ExecutionSid: fc.stringMatching(/^FN[0-9a-f]{32}$/),
          FlowSid: fc.stringMatching(/^FW[0-9a-f]{32}$/),
        },
        { requiredKeys: ['ConversationSid'] },
      );
    case '/studio/attach':
      return fc.record(
        {
          ConversationSid: fc.oneof(fc.constant(conversationSid), fc.constant('CH' + '8'.repeat(32))),
          FlowSid: fc.oneof(fc.stringMatching(/^FW[0-9a-f]{32}$/), hostileText()),
          ReplayAfter: hostileText(),
        },
        { requiredKeys: ['ConversationSid'] },
      );
    case '/agent/attach':
      return fc.record(
        { ConversationSid: fc.oneof(fc.constant(conversationSid), fc.constant('CH' + '8'.repeat(32)), hostileText()) },
        { requiredKeys: ['ConversationSid'] },
      );
    default:
      return fc.dictionary(hostileText(), hostileText(), { maxKeys: 4 });
  }
};

type Shape = 'json' | 'form' | 'broken-json' | 'text' | 'none' | 'query';

type Case = {
  shape: Shape;
  fields: Record<string, unknown>;
  raw: string;
  authorization: 'valid' | 'garbage' | 'none' | 'duplicate';
  extraHeader: [string, string] | null;
  origin: string;
};

/** Half the cases: anything at all. The other half: valid auth and body shape, hostile values. */
const caseOf = (endpoint: Endpoint): fc.Arbitrary<Case> => fc.oneof(anyCase(endpoint), nearValidCase(endpoint));

const nearValidCase = (endpoint: Endpoint): fc.Arbitrary<Case> =>
  fc.record({
    shape: fc.constantFrom<Shape>('json', 'form'),
    fields: nearValid(endpoint),
    raw: fc.constant(''),
    authorization: fc.constant<Case['authorization']>('valid'),
    extraHeader: fc.constant(null),
    origin: fc.constant(ORIGIN),
  });

const anyCase = (endpoint: Endpoint): fc.Arbitrary<Case> =>
  fc.record({
    shape: fc.constantFrom<Shape>('json', 'json', 'form', 'form', 'broken-json', 'text', 'none', 'query'),
    fields: fc.oneof(fieldsOf(endpoint), nearValid(endpoint)),
    raw: fc.oneof(fc.constantFrom('{', '{"a":', '[1,2', '{"participants": [}', 'null', '"just a string"', '\u0000'), fc.string({ maxLength: 200 })),
    authorization: fc.constantFrom<Case['authorization']>('valid', 'valid', 'valid', 'garbage', 'none', 'duplicate'),
    extraHeader: fc.option(
      fc.tuple(
        fc.constantFrom('x-twilio-signature', 'x-forwarded-for', 'origin', 'content-length-ish', 'cookie', 'x-huge'),
        fc.oneof(fc.string({ maxLength: 50 }), fc.constant('h'.repeat(6_000))),
      ),
      { nil: null },
    ),
    origin: fc.constantFrom(ORIGIN, 'https://evil.example', 'null', ''),
  });

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const asFormValue = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

function buildRequest(endpoint: Endpoint, input: Case): { url: string; init: RequestInit } {
  const base = `${stack.functions.url}${endpoint.path}`;
  const headers: Record<string, string> = {};
  let url = base;
  let body: string | undefined;
  const form = Object.fromEntries(Object.entries(input.fields).map(([key, value]) => [key, asFormValue(value)]));
  switch (input.shape) {
    case 'json':
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(input.fields);
      break;
    case 'form':
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
      break;
    case 'broken-json':
      headers['Content-Type'] = 'application/json';
      body = input.raw;
      break;
    case 'text':
      headers['Content-Type'] = 'text/plain';
      body = input.raw;
      break;
    case 'query':
      url = `${base}?${new URLSearchParams(form)}`;
      break;
    case 'none':
      break;
  }
  if (input.origin) headers.Origin = input.origin;
  if (input.authorization === 'valid') {
    if (endpoint.auth === 'server') headers.Authorization = `Bearer ${SERVER_API_TOKEN}`;
    if (endpoint.path === '/token') headers.Authorization = `Bearer ${signSession('fuzz-user', 600, { secret: SESSION_SECRET }).token}`;
    if (endpoint.path === '/webchat/end') headers.Authorization = `Bearer ${guestSession}`;
    if (endpoint.auth === 'signature') {
      // Signed for real, the way Twilio signs: form params, or the URL with bodySHA256 for JSON.
      if (input.shape === 'json') {
        const signed = signedJsonRequest(stack.sandbox.authToken, base, body ?? '');
        url = signed.url;
        headers['X-Twilio-Signature'] = signed.signature;
      } else {
        const signedParams = input.shape === 'form' ? form : {};
        headers['X-Twilio-Signature'] = twilioSignature(stack.sandbox.authToken, input.shape === 'query' ? url : base, signedParams);
      }
    }
  } else if (input.authorization === 'garbage') {
    headers.Authorization = 'Bearer ' + 'g'.repeat(3_000);
  }
  const init: RequestInit = { method: body === undefined ? 'GET' : 'POST', headers: new Headers(headers), body };
  if (input.authorization === 'duplicate') {
    (init.headers as Headers).append('Authorization', `Bearer ${SERVER_API_TOKEN}`);
    (init.headers as Headers).append('Authorization', 'Bearer other');
  }
  // Header values must be printable ASCII.
  if (input.extraHeader) (init.headers as Headers).set(input.extraHeader[0], input.extraHeader[1].replace(/[^\x20-\x7e]/g, '?'));
  return { url, init };
}

const outcomes: Record<string, Record<string, number>> = {};

afterAll(() => {
  const lines = Object.entries(outcomes).map(
    ([path, counts]) =>
      `${path}: ${Object.entries(counts)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ')}`,
  );
  process.stdout.write(`bad-input answers by status (${RUNS} cases each):\n  ${lines.join('\n  ')}\n`);
});

describe('bad input', () => {
  it.each(ENDPOINTS.map((endpoint) => [endpoint.path, endpoint] as const))(
    '%s: no 5xx, no leak, refused requests change nothing',
    async (path, endpoint) => {
      const counts: Record<string, number> = (outcomes[path] = {});
      await fc.assert(
        fc.asyncProperty(caseOf(endpoint), async (input) => {
          await stack.sandbox.idle();
          const before = snapshot(stack);
          const { url, init } = buildRequest(endpoint, input);
          const response = await fetch(url, init);
          const text = await response.text();
          // Every answer, refusal or not, is one docs/openapi.json describes (checked when the stack stops).
          const contentType = response.headers.get('content-type');
          checkAnswer(url, response.status, contentType?.startsWith('text/plain') ? text : parseJson(text), init.headers, contentType);
          counts[response.status] = (counts[response.status] ?? 0) + 1;
          if (response.status >= 500) throw new Error(`${response.status} for ${JSON.stringify(input).slice(0, 500)}: ${text.slice(0, 300)}`);
          const leak = leaks(text, stack);
          if (leak) throw new Error(`answer leaks ${leak}: ${text.slice(0, 300)}`);
          if (response.status >= 400) {
            await stack.sandbox.idle();
            expect(snapshot(stack)).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: 20261121, endOnFailure: true },
      );
      stack.sandbox.assertNoViolations();
    },
    120_000,
  );
});
