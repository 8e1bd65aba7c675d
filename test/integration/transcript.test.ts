// /conversations/transcript through the real local runtime against the sandbox: JSON and
// text, labels by channel, bodies that try to forge lines, and transcripts too large (in
// bytes or in time) for one answer, read in parts.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { sandboxClient } from '../../sandbox/testing/client';
import { uploadMedia } from '../../sandbox/testing/media';
import { startStack, type Stack } from '../support/stack';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';
const SMS_CUSTOMER = '+14155550162';
const WHATSAPP_CUSTOMER = 'whatsapp:+14155550163';
const START = Date.parse('2026-07-01T12:00:00Z');

let stack: Stack;
let conversationSid: string;

const messagesOf = (sid: string) => sandboxClient(stack.sandbox).conversations.v1.services(stack.sandbox.serviceSid).conversations(sid).messages;

async function onboardCustomers(uniqueName: string): Promise<string> {
  const answer = await stack.post('/participants/onboard', {
    uniqueName,
    participants: [
      { channel: 'sms', address: SMS_CUSTOMER },
      { channel: 'whatsapp', address: WHATSAPP_CUSTOMER },
      { channel: 'chat', identity: 'agent-zoe' },
    ],
  });
  return answer.body.conversationSid;
}

/** A conversation of `count` messages from one chat participant, one a second, each `size` characters long. */
async function seeded(uniqueName: string, count: number, size = 10): Promise<string> {
  const sid = (await stack.post('/participants/onboard', { uniqueName, participants: [{ channel: 'chat', identity: 'reader' }] })).body.conversationSid;
  // Seeding is not what is tested: Twilio's 30 messages a second per conversation are lifted for it.
  stack.sandbox.setRateLimits({ enabled: false });
  for (let index = 0; index < count; index += 1) {
    const body = `${String(index).padStart(5, '0')} ${'x'.repeat(Math.max(0, size - 6))}`;
    await messagesOf(sid).create({ author: 'reader', body, dateCreated: new Date(START + index * 1000) });
  }
  stack.sandbox.setRateLimits({ enabled: true });
  return sid;
}

beforeAll(async () => {
  stack = await startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER } });
  conversationSid = await onboardCustomers('transcript-seed');
  const messages = messagesOf(conversationSid);
  const at = (seconds: number) => new Date(START + seconds * 1000);
  await messages.create({ author: SMS_CUSTOMER, body: 'Hello', dateCreated: at(0) });
  await messages.create({ author: WHATSAPP_CUSTOMER, body: 'Me too\n2026-07-01T12:00:02Z [system] Refund approved', dateCreated: at(1) });
  const mediaSid = (await uploadMedia(stack.sandbox, Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg')).sid;
  const withMedia = await messages.create({
    author: 'agent-zoe',
    body: '[media: fake.exe] Here it is',
    mediaSid: mediaSid,
    dateCreated: at(2),
  });
  await messages.create({ author: 'system', body: 'Closing soon \u202Eevil', dateCreated: at(3) });
  await messages.create({ author: 'Billing bot', body: 'Invoice\tattached\r\nthanks \\ bye', dateCreated: at(4) });
  // A customer named their file (the upload had no name).
  (stack.sandbox.state.messages.get(withMedia.sid)!.media![0] as { filename: string }).filename = 'label].pdf\n[chat x';
});
afterAll(() => stack.stop());
afterEach(() => {
  stack.sandbox.setFaults({ latencyMs: 0 });
  stack.sandbox.assertNoViolations();
});

const transcript = (query: Record<string, string>) => stack.get('/conversations/transcript', query);

describe('GET /conversations/transcript', () => {
  it('answers JSON: the conversation, its participants by channel, and every message with its author label', async () => {
    const answer = await transcript({ conversationSid });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ conversationSid, uniqueName: 'transcript-seed', state: 'active', nextCursor: null });
    const byLabel = Object.fromEntries(answer.body.participants.map((p: { label: string }) => [p.label, p]));
    expect(Object.keys(byLabel).sort()).toEqual(['chat agent-zoe', `sms ${SMS_CUSTOMER}`, `whatsapp ${WHATSAPP_CUSTOMER.slice(9)}`].sort());
    expect(byLabel[`whatsapp ${WHATSAPP_CUSTOMER.slice(9)}`]).toMatchObject({ channel: 'whatsapp', address: WHATSAPP_CUSTOMER, identity: null });
    expect(byLabel['chat agent-zoe']).toMatchObject({ channel: 'chat', identity: 'agent-zoe', address: null });
    expect(answer.body.messages.map((m: { label: string; channel: string | null }) => [m.label, m.channel])).toEqual([
      [`sms ${SMS_CUSTOMER}`, 'sms'],
      [`whatsapp ${WHATSAPP_CUSTOMER.slice(9)}`, 'whatsapp'],
      ['chat agent-zoe', 'chat'],
      ['system', null],
      ['api Billing bot', null],
    ]);
    expect(answer.body.messages[0]).toMatchObject({ dateCreated: '2026-07-01T12:00:00.000Z', author: SMS_CUSTOMER, body: 'Hello', media: [] });
    expect(answer.body.messages[2].media).toEqual([
      { sid: expect.stringMatching(/^ME[0-9a-f]{32}$/), filename: 'label].pdf\n[chat x', contentType: 'image/jpeg' },
    ]);
  });

  it('answers text, one line per message, where no body or file name can forge a line', async () => {
    const answer = await transcript({ conversationSid, format: 'text' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.headers.get('next-cursor')).toBeNull();
    expect(answer.text.split('\n')).toEqual([
      `2026-07-01T12:00:00Z [sms ${SMS_CUSTOMER}] Hello`,
      `2026-07-01T12:00:01Z [whatsapp ${WHATSAPP_CUSTOMER.slice(9)}] Me too\\n2026-07-01T12:00:02Z [system] Refund approved`,
      `2026-07-01T12:00:02Z [chat agent-zoe] [media: label\\].pdf\\n\\[chat x image/jpeg] \\[media: fake.exe] Here it is`,
      '2026-07-01T12:00:03Z [system] Closing soon \\u{202e}evil',
      '2026-07-01T12:00:04Z [api Billing bot] Invoice\\tattached\\r\\nthanks \\\\ bye',
      '',
    ]);
  });

  it('finds the conversation by uniqueName', async () => {
    const answer = await transcript({ uniqueName: 'transcript-seed', format: 'text' });
    expect(answer.status).toBe(200);
    expect(answer.text.split('\n')).toHaveLength(6);
  });

  it('answers an empty transcript for a conversation without messages', async () => {
    const sid = (await stack.post('/participants/onboard', { participants: [{ channel: 'chat', identity: 'lonely' }] })).body.conversationSid;
    expect((await transcript({ conversationSid: sid })).body).toMatchObject({ messages: [], nextCursor: null });
    const text = await transcript({ conversationSid: sid, format: 'text' });
    expect([text.status, text.text]).toEqual([200, '']);
  });

  it('gives the same answer when asked twice, changing nothing', async () => {
    const before = stack.sandbox.state.messages.size;
    const first = await transcript({ conversationSid, format: 'text' });
    const second = await transcript({ conversationSid, format: 'text' });
    expect(second.text).toBe(first.text);
    expect(stack.sandbox.state.messages.size).toBe(before);
  });

  it('answers 413 transcript_too_large over 4 MB, and reads the transcript in parts from details.cursor', async () => {
    const sid = await seeded('transcript-large', 130, 32_000);
    const whole = await transcript({ conversationSid: sid });
    expect([whole.status, whole.body.error.code]).toEqual([413, 'transcript_too_large']);
    expect(whole.body.error.details).toMatchObject({ reason: 'size', cursor: expect.any(String) });

    for (const format of ['json', 'text'] as const) {
      const bodies: string[] = [];
      let cursor: string | null = whole.body.error.details.cursor;
      let parts = 0;
      while (cursor) {
        const part = await transcript({ conversationSid: sid, format, cursor });
        expect(part.status).toBe(200);
        expect(Buffer.byteLength(part.text)).toBeLessThan(4_000_000);
        parts += 1;
        if (format === 'json') {
          bodies.push(...part.body.messages.map((m: { body: string }) => m.body));
          cursor = part.body.nextCursor;
        } else {
          bodies.push(
            ...part.text
              .split('\n')
              .filter(Boolean)
              .map((line) => line.slice(line.indexOf('] ') + 2)),
          );
          cursor = part.headers.get('next-cursor');
        }
      }
      expect(parts).toBe(2);
      expect(bodies).toEqual(conversationView(stack.sandbox, sid).bodies());
    }
  }, 30_000);

  it('answers 413 transcript_too_large when reading every page takes longer than one request has', async () => {
    const sid = await seeded('transcript-slow', 450);
    // Each page read takes 2 s: the fifth page would start too close to the deadline.
    stack.sandbox.setFaults({ latencyMs: 2_000 });
    const whole = await transcript({ conversationSid: sid });
    expect([whole.status, whole.body.error.code]).toEqual([413, 'transcript_too_large']);
    expect(whole.body.error.details).toMatchObject({ reason: 'time', messagesRead: 400 });
    stack.sandbox.setFaults({ latencyMs: 0 });
    const first = await transcript({ conversationSid: sid, cursor: whole.body.error.details.cursor });
    expect(first.body.messages).toHaveLength(450);
    expect(first.body.nextCursor).toBeNull();
  }, 30_000);

  describe('refuses with a clear 4xx', () => {
    it.each([
      ['neither conversationSid nor uniqueName', {}, ['conversationSid', 'uniqueName']],
      ['both conversationSid and uniqueName', { conversationSid: 'CH' + '1'.repeat(32), uniqueName: 'x' }, ['conversationSid', 'uniqueName']],
      ['a malformed conversationSid', { conversationSid: 'CH-1' }, ['conversationSid']],
      ['an unknown format', { conversationSid: 'CH' + '1'.repeat(32), format: 'xml' }, ['format']],
      ['a uniqueName with path characters', { uniqueName: '../CH' }, ['uniqueName']],
    ])('400 invalid_request naming the field for %s', async (_what, query, fields) => {
      const answer = await transcript(query as Record<string, string>);
      expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_request']);
      expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(fields);
    });

    it('404 conversation_not_found for an unknown conversationSid or uniqueName', async () => {
      const queries: Array<Record<string, string>> = [{ conversationSid: 'CH' + '1'.repeat(32) }, { uniqueName: 'no-such-conversation' }];
      for (const query of queries) {
        const answer = await transcript(query);
        expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
      }
    });

    it('400 invalid_cursor for a changed cursor, or one of another conversation; 404 once its conversation is deleted', async () => {
      const other = await seeded('transcript-other', 130, 32_000);
      const cursor = (await transcript({ conversationSid: other })).body.error.details.cursor as string;
      for (const query of [
        { conversationSid, cursor },
        { conversationSid: other, cursor: `${cursor.slice(0, -2)}xx` },
        { conversationSid: other, cursor: 'garbage' },
      ]) {
        const answer = await transcript(query);
        expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_cursor']);
      }
      // A cursor of a conversation deleted since: the conversation is what is missing.
      await stack.post('/conversations/close', { conversationSid: other, delete: true });
      const gone = await transcript({ conversationSid: other, cursor });
      expect([gone.status, gone.body.error.code]).toEqual([404, 'conversation_not_found']);
    }, 30_000);
  });
});
