// The Media Content Service (no OpenAPI spec: Twilio's docs), over real HTTP as the functions
// call it, and messages referencing its uploads through the real twilio 6 client.
import { restError, useSandbox } from './helpers';
import { mcsHeaders, uploadMedia } from '../../sandbox/testing/media';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('Media Content Service', () => {
  const t = useSandbox();

  it('uploads raw bytes (201 Media), fetches the resource and its content, and serves the temporary URL without auth', async () => {
    const media = await uploadMedia(t.sandbox, PNG, 'image/png', 'logo.png');
    expect(media).toMatchObject({
      sid: expect.stringMatching(/^ME[0-9a-f]{32}$/),
      account_sid: t.sandbox.accountSid,
      service_sid: t.sandbox.serviceSid,
      content_type: 'image/png',
      filename: 'logo.png',
      size: PNG.length,
    });
    const base = `${t.sandbox.url}/v1/Services/${t.sandbox.serviceSid}/Media/${media.sid}`;
    const fetched = await fetch(base, { headers: mcsHeaders(t.sandbox) });
    expect(fetched.status).toBe(200);
    expect(((await fetched.json()) as { sid: string }).sid).toBe(media.sid);
    const content = await fetch(`${base}/Content`, { headers: mcsHeaders(t.sandbox) });
    expect([content.status, content.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await content.arrayBuffer())).toEqual(PNG);
    const temporary = await fetch(media.links.content_direct_temporary);
    expect(Buffer.from(await temporary.arrayBuffer())).toEqual(PNG);
    expect((await fetch(media.links.content_direct_temporary.replace(/[0-9a-f]{32}$/, '0'.repeat(32)))).status).toBe(404);
  });

  it('refuses a request without auth (401), an unknown service or media (404), an empty body (400)', async () => {
    const url = `${t.sandbox.url}/v1/Services/${t.sandbox.serviceSid}/Media`;
    const noAuth = await fetch(url, { method: 'POST', headers: { 'X-Twilio-Upstream-Host': 'mcs.us1.twilio.com', 'Content-Type': 'image/png' }, body: PNG });
    expect(noAuth.status).toBe(401);
    const otherService = await fetch(url.replace(t.sandbox.serviceSid, 'IS' + '0'.repeat(32)), {
      method: 'POST',
      headers: { ...mcsHeaders(t.sandbox), 'Content-Type': 'image/png' },
      body: PNG,
    });
    expect(otherService.status).toBe(404);
    expect((await fetch(`${url}/ME${'0'.repeat(32)}`, { headers: mcsHeaders(t.sandbox) })).status).toBe(404);
    const empty = await fetch(url, { method: 'POST', headers: { ...mcsHeaders(t.sandbox), 'Content-Type': 'image/png' }, body: '' });
    expect(empty.status).toBe(400);
  });

  it('answers 503 under an injected fault, and nothing is stored', async () => {
    t.sandbox.setFaults({ rate5xx: 1 });
    try {
      const before = t.sandbox.state.media.size;
      await expect(uploadMedia(t.sandbox, PNG, 'image/png')).rejects.toThrow(/503/);
      expect(t.sandbox.state.media.size).toBe(before);
    } finally {
      t.sandbox.setFaults({ rate5xx: 0 });
    }
  });

  it('a message carries the uploaded media; an unknown MediaSid is 50507, one already sent is 50508', async () => {
    const c = await t.client.conversations.v1.conversations.create({});
    const messages = t.client.conversations.v1.conversations(c.sid).messages;
    const media = await uploadMedia(t.sandbox, PNG, 'image/png', 'a.png');
    const m = await messages.create({ body: 'see', mediaSid: media.sid });
    expect(m.media).toEqual([{ sid: media.sid, content_type: 'image/png', filename: 'a.png', size: PNG.length }]);
    expect((await messages(m.sid).fetch()).media).toEqual(m.media);
    const unknown = await restError(messages.create({ mediaSid: 'ME' + '1'.repeat(32) }));
    expect([unknown.status, unknown.code]).toEqual([400, 50507]);
    const again = await restError(messages.create({ mediaSid: media.sid }));
    expect([again.status, again.code]).toEqual([400, 50508]);
  });
});
