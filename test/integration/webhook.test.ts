// POST /conversations/webhook on the real local runtime: every documented event type,
// signed with twilio-node's own signer, plus the requests that must be refused (403).
// The functions' REST client points at a sandbox that holds none of the fixtures'
// conversations, so post-event handlers that look one up find it gone and answer {}.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';
import type { EventType } from '../../assets/lib/webhook/events';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID } from '../support/fixtures';
import { call } from '../support/functions-runtime';
import { startStack, type Stack } from '../support/stack';
import { EVENT_FORMS } from '../support/webhook-fixtures';

let stack: Stack;
let webhookUrl: string;

beforeAll(async () => {
  stack = await startStack({
    sandbox: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, serviceSid: SERVICE_SID },
    env: { AUTO_REPLY_TEXT: 'Thanks, we will answer shortly.', BLOCKED_PATTERNS: '["forbidden"]', MAX_MESSAGE_LENGTH: '200' },
  });
  webhookUrl = `${stack.functions.url}/conversations/webhook`;
});
afterAll(() => stack.stop());

type SendOptions = { signUrl?: string; signParams?: Record<string, string>; signature?: string | null; authToken?: string };

/** Posts a form as Twilio does: X-Twilio-Signature over the URL and the sorted parameters. */
function post(params: Record<string, string>, options: SendOptions = {}) {
  const signature =
    options.signature === null
      ? undefined
      : (options.signature ?? getExpectedTwilioSignature(options.authToken ?? AUTH_TOKEN, options.signUrl ?? webhookUrl, options.signParams ?? params));
  return call(webhookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature ? { 'X-Twilio-Signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
}

const EXPECTED_BODIES: Partial<Record<EventType, object>> = {
  onConversationAdd: { friendly_name: 'WhatsApp •••• 4567' },
};

describe('POST /conversations/webhook', () => {
  it.each(Object.keys(EVENT_FORMS) as EventType[])('answers a signed %s with 200', async (eventType) => {
    const answer = await post(EVENT_FORMS[eventType]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(EXPECTED_BODIES[eventType] ?? {});
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('logs one line per event, with its type and what was done', async () => {
    await post(EVENT_FORMS.onMessageAdd);
    const line = stack.functions
      .requestLogs()
      .filter((l) => l.fn === 'conversations/webhook')
      .at(-1);
    expect(line).toMatchObject({
      event: 'onMessageAdd',
      outcome: 'ok',
      status: 200,
      action: 'policy_passed',
      conversationSid: EVENT_FORMS.onMessageAdd.ConversationSid,
    });
  });

  it("logs what each post-event did (here: the fixtures' conversation does not exist)", async () => {
    await post(EVENT_FORMS.onParticipantAdded);
    await post({ ...EVENT_FORMS.onDeliveryUpdated, Status: 'undelivered', ErrorCode: '30003' });
    const lines = stack.functions.requestLogs().filter((l) => l.fn === 'conversations/webhook');
    expect(lines.at(-2)).toMatchObject({ event: 'onParticipantAdded', action: 'conversation_gone', status: 200 });
    expect(lines.at(-1)).toMatchObject({ event: 'onDeliveryUpdated', action: 'delivery_failed', deliveryStatus: 'undelivered', errorCode: 30003, status: 200 });
  });

  it('acts on every handled event type', () => {
    for (const type of HANDLED_WEBHOOK_EVENTS) expect(EVENT_FORMS[type]).toBeDefined();
  });

  it('answers a redaction as { body }', async () => {
    const answer = await post({ ...EVENT_FORMS.onMessageAdd, Body: 'my card: 4111-1111-1111-1111' });
    expect(answer).toMatchObject({ status: 200, body: { body: 'my card: [card •••• 1111]' } });
  });

  it.each([
    ['an oversize body', 'x'.repeat(201), 'message_too_long'],
    ['a blocked body', 'this is forbidden', 'message_blocked'],
  ])('rejects %s with 422 (Twilio refuses the message)', async (_what, body, code) => {
    const answer = await post({ ...EVENT_FORMS.onMessageAdd, Body: body });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ['an unknown event type', { ...EVENT_FORMS.onMessageAdded, EventType: 'onSomethingNew' }],
    ['no event type', { AccountSid: ACCOUNT_SID, Source: 'SDK' }],
    ['a known type missing its ConversationSid', { ...EVENT_FORMS.onMessageAdd, ConversationSid: '' }],
  ])('answers %s 200 {} (never an error: it would block a pre-event)', async (_what, params) => {
    const answer = await post(params);
    expect(answer).toMatchObject({ status: 200, body: {} });
  });

  it('accepts the same signed request twice (a redelivery is answered the same)', async () => {
    const first = await post(EVENT_FORMS.onConversationAdd);
    const again = await post(EVENT_FORMS.onConversationAdd);
    expect(again).toMatchObject({ status: first.status, body: first.body });
  });

  describe('refuses with 403 invalid_signature', () => {
    const form = EVENT_FORMS.onMessageAdd;
    const { Media: _media, ...withoutMedia } = form;
    const cases: Array<[string, () => Promise<{ status: number; body: any; text: string }>]> = [
      ['an unsigned request', () => post(form, { signature: null })],
      ['a garbage signature', () => post(form, { signature: 'not-a-signature' })],
      ['a tampered body', () => post({ ...form, Body: 'changed after signing' }, { signParams: form })],
      ['a replay with a changed field', () => post({ ...form, ConversationSid: 'CH' + 'e'.repeat(32) }, { signParams: form })],
      ['a replay with an added field', () => post({ ...form, Author: 'mallory', Extra: '1' }, { signParams: { ...form, Author: 'mallory' } })],
      ['a replay with a removed field', () => post(withoutMedia, { signParams: form })],
      ['a signature for another URL', () => post(form, { signUrl: `${webhookUrl.replace('/webhook', '/webhook2')}` })],
      ['a signature for https', () => post(form, { signUrl: webhookUrl.replace('http:', 'https:') })],
      ['a signature for the URL with a query string', () => post(form, { signUrl: `${webhookUrl}?x=1` })],
      ['a signature made with another auth token', () => post(form, { authToken: 'f'.repeat(32) })],
    ];

    it.each(cases)('%s', async (_what, send) => {
      const answer = await send();
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ error: { code: 'invalid_signature', message: expect.any(String) } });
      expect(answer.text).not.toMatch(/at \w+ \(|[0-9a-f]{32}/);
    });
  });
});
