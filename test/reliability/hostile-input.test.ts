// The classes an adversarial review found, generated (fast-check) rather than listed:
// deep nesting on every endpoint and in what customers write, attributes around Twilio's
// size limits, card numbers in every separator, digit script and neighbourhood through the
// pre-event webhook, SID-shaped unique names and identities, nested JSON under a signature.
// Each property checks the answer (never a 5xx, the right 4xx), the state left in the
// sandbox (a refused request changes nothing) and that the functions' process lives on.
import { runCount } from '../support/run-counts';
import fc from 'fast-check';
import { twilioSignature } from '../../sandbox/testing/signer';
import { ORIGIN, SERVER_API_TOKEN } from '../../sandbox/testing/fixtures';
import { cardText, markersIn, nonCardText, showsAnyCard } from '../support/card-corpus';
import { call } from '../../sandbox/testing/functions-runtime';
import { sessionJwt, secondsFromNow } from '../../sandbox/testing/sessions';
import { startStack, type Stack } from '../support/stack';
import { ENDPOINTS, leaks, onboardedConversation, snapshot } from './support';

const RUNS = runCount('HOSTILE_RUNS', 60);
const SEED = 20261201;
const SMS_PROXY = '+14155550100';

let stack: Stack;
let conversationSid: string;
let guest: { identity: string; conversationSid: string };

beforeAll(async () => {
  stack = await startStack({
    // Generated traffic far above Twilio's action limits, which are not what this suite tests (the faults suite keeps them).
    sandbox: { rateLimits: { enabled: false } },
    env: { GUEST_CHAT_ENABLED: 'true', SMS_PROXY_NUMBER: SMS_PROXY, MAX_MESSAGE_LENGTH: '2000' },
    webhooks: true,
  });
  conversationSid = await onboardedConversation(stack);
  const started = await call(`${stack.functions.url}/webchat/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: '{}',
  });
  guest = { identity: started.body.identity, conversationSid: started.body.conversationSid };
  await stack.sandbox.idle();
});
afterAll(() => stack.stop());

const alive = async () => expect((await call(`${stack.functions.url}/health`)).status).toBe(200);
const opener = fc.constantFrom('[', '{"k":');
const closerOf = (open: string) => (open === '[' ? ']' : '}');
/** JSON text nested `depth` levels, mixing lists and objects. */
const deepJson = (depth: number, openers: readonly string[]) =>
  openers.slice(0, depth).join('') + '0' + openers.slice(0, depth).reverse().map(closerOf).join('');
const deepText = (min: number, max: number) =>
  fc.integer({ min, max }).chain((depth) => fc.array(opener, { minLength: depth, maxLength: depth }).map((openers) => deepJson(depth, openers)));

async function expectRefusedWithoutChange(send: () => Promise<{ status: number; text: string }>, statuses: number[]) {
  await stack.sandbox.idle();
  const before = snapshot(stack);
  const answer = await send();
  if (!statuses.includes(answer.status)) throw new Error(`answered ${answer.status}, expected one of ${statuses}: ${answer.text.slice(0, 200)}`);
  expect(leaks(answer.text, stack)).toBeUndefined();
  await stack.sandbox.idle();
  expect(snapshot(stack)).toBe(before);
}

describe('deep nesting', () => {
  it.each(ENDPOINTS.map((endpoint) => [endpoint.path] as const))(
    '%s answers any body nested deeper than 32 levels with 400 input_too_deep, before auth',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(deepText(33, 8_000), fc.constantFrom('participants', 'attributes', 'Body', 'x', 'ConversationSid'), async (inner, key) => {
          await expectRefusedWithoutChange(
            () =>
              call(`${stack.functions.url}${path}`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
                body: `{"${key}":${inner}}`,
              }),
            [400],
          );
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: SEED },
      );
      await alive();
    },
  );

  it('answers deep JSON inside text fields (attributes, contentVariables, participants) with 400 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        deepText(33, 6_000),
        fc.constantFrom(
          (inner: string) => ['/conversations/messages/send', { conversationSid, body: 'x', attributes: `{"a":${inner}}` }, 'attributes'] as const,
          (inner: string) =>
            [
              '/conversations/messages/send',
              { conversationSid, contentSid: 'HX' + 'a'.repeat(32), contentVariables: `{"a":${inner}}` },
              'contentVariables',
            ] as const,
          (inner: string) =>
            [
              '/participants/onboard',
              { participants: [{ channel: 'sms', address: '+14155550177', attributes: `{"a":${inner}}` }] },
              'participants.0.attributes',
            ] as const,
          (inner: string) =>
            ['/participants/onboard', { attributes: `{"a":${inner}}`, participants: [{ channel: 'chat', identity: 'x1' }] }, 'attributes'] as const,
          (inner: string) => ['/conversations/update', { conversationSid, attributes: `{"a":${inner}}` }, 'attributes'] as const,
          (inner: string) => ['/participants/update', { conversationSid, identity: 'x1', attributes: `{"a":${inner}}` }, 'attributes'] as const,
        ),
        async (inner, build) => {
          const [path, body, field] = build(inner);
          await stack.sandbox.idle();
          const before = snapshot(stack);
          const answer = await stack.post(path, body);
          expect(answer.status).toBe(400);
          // Text over the size limit is refused for its size, deep text within it for its depth.
          expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
          expect(snapshot(stack)).toBe(before);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    await alive();
  });

  it('reads back whatever a customer stored as message attributes (any depth, not JSON at all): 200, raw when unsafe', async () => {
    // [stored text, whether it must come back raw]: deeper than 32 levels or not a JSON object.
    // 2,044 levels (with the 0 inside) fill Twilio’s 4 KiB for message attributes: the deepest a customer can store.
    const stored = fc.oneof(
      fc.integer({ min: 1, max: 2_044 }).map((depth) => [`{"a":${deepJson(depth, Array(depth).fill('['))}}`, depth + 1 > 32] as const),
      fc.constantFrom(['[]', true], ['"text"', true], ['42', true], ['null', true], ['{"ok":true}', false], ['{"a":{"b":[1,2,{"c":null}]}}', false]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(stored, { minLength: 1, maxLength: 4 }), async (entries) => {
        const expected = new Map<string, boolean>();
        for (const [raw, rawBack] of entries) {
          const message = await stack.sandbox.chatMessage({ conversationSid: guest.conversationSid, identity: guest.identity, body: 'm', attributes: raw });
          expected.set(message.sid, rawBack);
        }
        await stack.sandbox.idle();
        const history = await stack.get('/conversations/messages/history', { conversationSid: guest.conversationSid, order: 'desc', limit: '10' });
        expect(history.status).toBe(200);
        const answered = new Map((history.body.messages as Array<{ sid: string; attributes: unknown; attributesRaw?: true }>).map((m) => [m.sid, m]));
        for (const [sid, rawBack] of expected) {
          const message = answered.get(sid)!;
          expect(message.attributesRaw === true).toBe(rawBack);
          expect(typeof message.attributes).toBe(rawBack ? 'string' : 'object');
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
    await alive();
  });
});

describe('attributes around Twilio size limits', () => {
  const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
  // Bytes of one character: ASCII, Latin, CJK, emoji.
  const filler = fc.constantFrom('x', 'é', '中', '😀');
  const sized = (limit: number) =>
    fc.tuple(fc.integer({ min: limit - 80, max: limit + 80 }), filler, fc.boolean()).map(([bytes, char, asText]) => {
      const note = char.repeat(Math.max(0, Math.floor((bytes - 11) / utf8(char))));
      const value = { note };
      return { value: asText ? JSON.stringify(value) : value, bytes: utf8(JSON.stringify(value)) };
    });

  it('accepts message attributes up to 4 KiB with the idempotency key, refuses one byte more, creating nothing then', async () => {
    let key = 0;
    await fc.assert(
      fc.asyncProperty(sized(4_096 - 40), async ({ value, bytes }) => {
        const idempotencyKey = `size-key-${String((key += 1)).padStart(6, '0')}`;
        const total = bytes + utf8(`,"idempotencyKey":"${idempotencyKey}"`);
        await stack.sandbox.idle();
        const before = snapshot(stack);
        const answer = await stack.post('/conversations/messages/send', { conversationSid, body: 'sized', attributes: value, idempotencyKey });
        if (total <= 4_096) expect(answer.status).toBe(200);
        else {
          expect(answer.status).toBe(400);
          expect(snapshot(stack)).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  let member = 0;
  it.each([
    ['participant attributes', 4_096, (value: unknown) => ({ participants: [{ channel: 'chat', identity: `sized-${(member += 1)}`, attributes: value }] })],
    ['conversation attributes', 16_384, (value: unknown) => ({ attributes: value, participants: [{ channel: 'chat', identity: 'sized-conversation' }] })],
  ])('accepts %s up to %d bytes and refuses more, creating nothing then', async (_what, limit, body) => {
    await fc.assert(
      fc.asyncProperty(sized(limit), async ({ value, bytes }) => {
        await stack.sandbox.idle();
        const before = snapshot(stack);
        const answer = await stack.post('/participants/onboard', body(value));
        if (bytes <= limit) expect(answer.status).toBe(200);
        else {
          expect(answer.status).toBe(400);
          expect(snapshot(stack)).toBe(before);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});

describe('card numbers in every rendering, through the pre-event webhook', () => {
  it('publishes no generated card rendering a chat user sends, and leaves texts of other numbers as they are', async () => {
    const cards = fc.sample(cardText, { numRuns: RUNS * 2, seed: SEED });
    const others = fc.sample(nonCardText, { numRuns: RUNS * 2, seed: SEED });
    const bodies = [...cards.map((c) => c.text), ...others];
    const sent = [];
    // In batches: many customers at once, but within Twilio's 30 messages/s per conversation spirit.
    for (let start = 0; start < bodies.length; start += 20) {
      sent.push(...(await Promise.all(bodies.slice(start, start + 20).map((body) => stack.sandbox.chatMessage({ conversationSid, identity: 'alice', body })))));
    }
    await stack.sandbox.idle();
    const published = sent.map((message) => stack.sandbox.state.messages.get(message.sid)!.body ?? '');
    const leaked = cards.filter((card, index) => showsAnyCard(published[index]!, card.pans) || markersIn(published[index]!) < card.pans.length);
    const changed = others.filter((text, index) => published[cards.length + index] !== text);
    process.stdout.write(
      `webhook card corpus: ${cards.length - leaked.length}/${cards.length} redacted; other numbers changed ${changed.length}/${others.length}\n`,
    );
    expect(leaked.map((card) => card.text)).toEqual([]);
    expect(changed.length / others.length).toBeLessThanOrEqual(0.01);
  });
});

describe('SID-shaped and path-shaped names', () => {
  const hex = fc.constantFrom(...'0123456789abcdef');
  const sidLike = fc
    .tuple(fc.constantFrom('CH', 'MB', 'IS', 'US', 'IM', 'RL', 'ch', 'Ab'), fc.array(hex, { minLength: 32, maxLength: 32 }))
    .map(([prefix, digits]) => prefix + digits.join(''));
  // A path, query, fragment, escape or invisible character between two ordinary parts.
  const pathLike = fc
    .tuple(
      fc.stringMatching(/^[a-z]{1,8}$/),
      fc.constantFrom('#', '/', '?', '%2D', '%2F', '\\', '/../', ' ', '\u200b', '\u202e'),
      fc.stringMatching(/^[a-z0-9]{1,8}$/),
    )
    .map(([a, bad, b]) => a + bad + b);
  const name = fc.oneof(sidLike, pathLike, fc.constantFrom('', '.', '..'));

  it('refuses them as a uniqueName (400), whichever conversation they resemble', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(name, fc.constant(conversationSid), fc.constant(guest.conversationSid)), async (uniqueName) => {
        await expectRefusedWithoutChange(
          () => stack.post('/participants/onboard', { uniqueName, participants: [{ channel: 'chat', identity: 'intruder' }] }),
          [400],
        );
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('refuses them as the uniqueName of /conversations/fetch and the identity of /conversations/list (400)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(name, fc.constant(conversationSid)), fc.constantFrom('fetch', 'list'), async (value, where) => {
        await expectRefusedWithoutChange(
          () => (where === 'fetch' ? stack.get('/conversations/fetch', { uniqueName: value }) : stack.get('/conversations/list', { identity: value })),
          [400],
        );
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('refuses them as an identity: onboarding, /token, the hand-off agent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(sidLike, pathLike, fc.constantFrom('.', '..', 'system', 'SYSTEM', 'guest-123')),
        fc.constantFrom('onboard', 'token', 'handoff'),
        async (identity, where) => {
          await expectRefusedWithoutChange(async () => {
            if (where === 'onboard') return stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity }] });
            if (where === 'token')
              return call(`${stack.functions.url}/token`, {
                method: 'POST',
                headers: { Authorization: `Bearer ${await sessionJwt({ sub: identity, exp: secondsFromNow(600) })}` },
              });
            const params = { ConversationSid: conversationSid, AgentIdentity: identity };
            const url = `${stack.functions.url}/studio/handoff`;
            return call(url, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/x-www-form-urlencoded',
                'X-Twilio-Signature': twilioSignature(stack.sandbox.authToken, url, params),
              },
              body: new URLSearchParams(params).toString(),
            });
          }, [400]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('nested JSON under a signature', () => {
  const nested = fc.dictionary(
    fc.stringMatching(/^[A-Za-z]{1,12}$/),
    fc.oneof(fc.object({ maxDepth: 3 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }), fc.integer(), fc.boolean()),
    { minKeys: 1, maxKeys: 4 },
  );
  const guarded = ENDPOINTS.filter((endpoint) => endpoint.auth !== 'public');

  it.each(guarded.map((endpoint) => [endpoint.path] as const))(
    '%s refuses a JSON body without bodySHA256, signed as twilio-node signs its values (403)',
    async (path) => {
      await fc.assert(
        fc.asyncProperty(nested, fc.constantFrom('application/json', 'application/json; charset=utf-8'), async (body, contentType) => {
          const url = `${stack.functions.url}${path}`;
          const payload = { ConversationSid: conversationSid, ...body };
          // What a naive check computes: every value turned to text, so one signature fits any object.
          const signature = twilioSignature(stack.sandbox.authToken, url, payload as Record<string, string>);
          await expectRefusedWithoutChange(
            () => call(url, { method: 'POST', headers: { 'Content-Type': contentType, 'X-Twilio-Signature': signature }, body: JSON.stringify(payload) }),
            [403],
          );
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: SEED },
      );
    },
  );

  it('still accepts the bearer token on server endpoints with a JSON body (nothing to sign there)', async () => {
    const answer = await call(`${stack.functions.url}/conversations/close`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SERVER_API_TOKEN}` },
      body: JSON.stringify({ conversationSid: 'CH' + '0'.repeat(32) }),
    });
    expect(answer.status).toBe(404);
  });
});
