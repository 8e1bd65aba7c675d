// POST /conversations/messages/send with mediaUrl: files served from 127.0.0.1 (sandbox mode
// allows it), fetched by the functions, uploaded to the sandbox's Media Content Service and
// sent; every refusal sends nothing.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { startStack, type Stack } from '../support/stack';
import { PDF, PNG, startFileServer, type FileServer } from '../../sandbox/testing/file-server';

const SMS_PROXY = '+14155550100';
const WHATSAPP_SENDER = 'whatsapp:+14155238886';

let stack: Stack;
let files: FileServer;
let mixed: string;
let noSms: string;

const onboard = async (uniqueName: string, participants: Array<Record<string, string>>) =>
  (await stack.post('/participants/onboard', { uniqueName, participants })).body.conversationSid as string;

beforeAll(async () => {
  [stack, files] = await Promise.all([startStack({ env: { SMS_PROXY_NUMBER: SMS_PROXY, WHATSAPP_SENDER } }), startFileServer()]);
  mixed = await onboard('media-mixed', [
    { channel: 'sms', address: '+14155550142' },
    { channel: 'whatsapp', address: 'whatsapp:+14155550143' },
    { channel: 'chat', identity: 'agent-zoe' },
  ]);
  noSms = await onboard('media-no-sms', [
    { channel: 'whatsapp', address: 'whatsapp:+14155550144' },
    { channel: 'chat', identity: 'agent-zoe' },
  ]);
});
afterAll(async () => {
  await files.close();
  await stack.stop();
});
afterEach(() => stack.sandbox.assertNoViolations());

const send = (conversationSid: string, body: Record<string, unknown>) => stack.post('/conversations/messages/send', { conversationSid, ...body });
const messageCount = () => stack.sandbox.state.messages.size;

describe('POST /conversations/messages/send with mediaUrl', () => {
  it.each([
    ['a PNG', '/logo.png', 'image/png', PNG, 'logo.png'],
    ['a PDF (its type read from the bytes, not the header)', '/invoice.pdf', 'application/pdf', PDF, 'invoice.pdf'],
  ])('sends %s to SMS, WhatsApp and chat participants', async (_what, path, type, bytes, filename) => {
    const answer = await send(mixed, { body: 'Your file', mediaUrl: `${files.url}${path}` });
    expect(answer.status).toBe(200);
    const message = stack.sandbox.state.messages.get(answer.body.messageSid)!;
    expect(message.body).toBe('Your file');
    expect(message.media).toEqual([{ sid: expect.stringMatching(/^ME[0-9a-f]{32}$/), content_type: type, filename, size: bytes.length }]);
    const stored = stack.sandbox.state.media.get(message.media![0]!.sid)!;
    expect(stored.bytes).toEqual(bytes);
    expect(stored.messageSid).toBe(message.sid);
    await stack.sandbox.idle();
    const deliveries = stack.sandbox.state.deliveries.filter((d) => d.messageSid === message.sid);
    expect(deliveries.map((d) => [d.channel, d.mediaSids]).sort()).toEqual([
      ['sms', [stored.sid]],
      ['whatsapp', [stored.sid]],
    ]);
    expect(conversationView(stack.sandbox, mixed).participants().length).toBe(3);
  });

  it('sends a media with no body, as a list of one URL', async () => {
    const answer = await send(noSms, { mediaUrl: [`${files.url}/logo.png`] });
    expect(answer.status).toBe(200);
    expect(stack.sandbox.state.messages.get(answer.body.messageSid)!.body).toBeNull();
  });

  it('follows up to 3 redirects', async () => {
    const answer = await send(noSms, { mediaUrl: `${files.url}/hops/3` });
    expect(answer.status).toBe(200);
  });

  it('is idempotent: the same idempotencyKey sends (and uploads) once', async () => {
    const [messages, uploads] = [messageCount(), stack.sandbox.state.media.size];
    const request = { body: 'once', mediaUrl: `${files.url}/logo.png`, idempotencyKey: 'media-key-0001' };
    const first = await send(mixed, request);
    const second = await send(mixed, request);
    expect(second.body).toMatchObject({ messageSid: first.body.messageSid, duplicate: true });
    expect([messageCount() - messages, stack.sandbox.state.media.size - uploads]).toEqual([1, 1]);
  });

  it('a failed upload (503, retriable) sends nothing; the retry with the same key sends once', async () => {
    const before = messageCount();
    stack.sandbox.failMediaUploads(1);
    const request = { body: 'retry me', mediaUrl: `${files.url}/logo.png`, idempotencyKey: 'media-key-0002' };
    const failed = await send(mixed, request);
    expect([failed.status, failed.body.error.code, failed.body.error.details.retriable]).toEqual([503, 'media_upload_failed', true]);
    expect(messageCount()).toBe(before);
    const retried = await send(mixed, request);
    expect(retried.status).toBe(200);
    expect(messageCount()).toBe(before + 1);
  });

  it('answers 404 for an unknown conversation', async () => {
    const answer = await send('CH' + '0'.repeat(32), { mediaUrl: `${files.url}/logo.png` });
    expect([answer.status, answer.body.error.code]).toEqual([404, 'conversation_not_found']);
  });

  it.each([
    ['a file over MMS’s 5 MB (SMS participant)', '/big.pdf', 413, 'media_too_large', 'sms'],
    ['an HTML page named .png', '/fake.png', 415, 'media_type_unsupported', 'chat'],
    ['more than 3 redirects', '/hops/4', 502, 'media_fetch_failed', undefined],
    ['a redirect to the metadata address (http)', '/to-metadata', 400, 'media_url_forbidden', undefined],
    ['a redirect to a private address (https)', '/to-private-https', 400, 'media_url_forbidden', undefined],
    ['a host that fails (500)', '/fails', 502, 'media_fetch_failed', undefined],
  ])('refuses %s and sends nothing', async (_what, path, status, code, channel) => {
    const before = messageCount();
    const url = `${files.url}${path}`;
    const answer = await send(mixed, { body: 'x', mediaUrl: url });
    expect([answer.status, answer.body.error.code]).toEqual([status, code]);
    expect(answer.body.error.message).toContain(url);
    if (channel) expect(answer.body.error.details.channel).toBe(channel);
    expect(messageCount()).toBe(before);
  });

  it.each([
    ['a private address', 'https://10.1.2.3/a.png'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'https://[::1]/a.png'],
    ['http to a private address', 'http://10.1.2.3/a.png'],
  ])('refuses %s (400 media_url_forbidden)', async (_what, url) => {
    const before = messageCount();
    const answer = await send(mixed, { mediaUrl: url });
    expect([answer.status, answer.body.error.code, answer.body.error.details.url]).toEqual([400, 'media_url_forbidden', url]);
    expect(messageCount()).toBe(before);
  });

  it('takes a 6 MB PDF where no SMS participant is (WhatsApp 16 MB)', async () => {
    const answer = await send(noSms, { mediaUrl: `${files.url}/big.pdf` });
    expect(answer.status).toBe(200);
  });

  it('answers 502 when the host cannot be reached or does not answer in time', async () => {
    const refused = await send(mixed, { mediaUrl: 'http://127.0.0.1:1/a.png' });
    expect([refused.status, refused.body.error.code]).toEqual([502, 'media_fetch_failed']);
    const silent = await send(mixed, { mediaUrl: `${files.url}/silent` });
    expect([silent.status, silent.body.error.code]).toEqual([502, 'media_fetch_failed']);
    expect(silent.body.error.message).toMatch(/in time/);
  });
});
