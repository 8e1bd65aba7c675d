// POST /conversations/webhook on the real local runtime: every documented event type,
// signed with twilio-node's own signer (the refusals are in the auth matrix, test/reliability/auth).
// The functions' REST client points at a sandbox that holds none of the fixtures'
// conversations, so post-event handlers that look one up find it gone and answer {}.
import { twilioSignature } from '../../sandbox/testing/signer';
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';
import type { EventType } from '../../assets/lib/webhook/events';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_SID } from '../../sandbox/testing/fixtures';
import { call } from '../../sandbox/testing/functions-runtime';
import { startStack, type Stack } from '../support/stack';
import { EVENT_FORMS } from '../../sandbox/testing/webhook-fixtures';

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
      : (options.signature ?? twilioSignature(options.authToken ?? AUTH_TOKEN, options.signUrl ?? webhookUrl, options.signParams ?? params));
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

  it.each([...HANDLED_WEBHOOK_EVENTS])('hands %s to its handler (the log line names what it did)', async (type) => {
    await post(EVENT_FORMS[type]);
    const line = stack.functions
      .requestLogs()
      .filter((l) => l.fn === 'conversations/webhook')
      .at(-1);
    expect(line).toMatchObject({ event: type, status: 200 });
    expect(['not_handled', 'ignored_unknown_event', undefined]).not.toContain(line!.action);
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
});
