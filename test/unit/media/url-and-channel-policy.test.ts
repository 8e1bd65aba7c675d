// Which media URLs are fetched, and what each channel takes: generated cases.
import { checkMediaUrl, isSandboxMode } from '../../../assets/lib/media/url-policy';
import { CHANNEL_MEDIA, mediaChannelsOf, refusalFor, type MediaChannel } from '../../../assets/lib/media/channel-limits';
import { HttpError } from '../../../assets/lib/http/errors';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.code : 'not an HttpError';
  }
};

describe('sandbox mode', () => {
  it.each([
    ['http://127.0.0.1:4010', 'localhost:3000', true],
    ['http://127.0.0.1:4010', '127.0.0.1:3000', true],
    ['http://127.0.0.1:4010', 'my-service-1234.twil.io', false],
    [undefined, 'localhost:3000', false],
    ['http://127.0.0.1:4010', undefined, false],
    ['http://127.0.0.1:4010', 'localhost.evil.com', false],
  ])('TWILIO_API_BASE_URL %s with DOMAIN_NAME %s is %s', (base, domain, expected) => {
    expect(isSandboxMode(base, domain)).toBe(expected);
  });
});

describe('checkMediaUrl', () => {
  const hosts = ['example.com', '127.0.0.1', 'localhost', '10.0.0.1', '[::1]', '169.254.169.254'];
  const cases = hosts.flatMap((host) => [true, false].map((sandbox) => ({ host, sandbox })));

  it.each(cases)('https://$host is left to the connection checks (sandbox mode $sandbox)', ({ host, sandbox }) => {
    expect(codeOf(() => checkMediaUrl(`https://${host}/a.png`, sandbox))).toBeUndefined();
  });

  it.each(cases)('http://$host is refused unless it is 127.0.0.1 in sandbox mode (sandbox mode $sandbox)', ({ host, sandbox }) => {
    const allowed = sandbox && host === '127.0.0.1';
    expect(codeOf(() => checkMediaUrl(`http://${host}:8080/a.png`, sandbox))).toBe(allowed ? undefined : 'media_url_forbidden');
  });

  it.each([
    'ftp://example.com/a.png',
    'file:///etc/passwd',
    'data:image/png;base64,AAAA',
    'not a url',
    'https://user:pw@example.com/a.png',
    `https://example.com/${'a'.repeat(2100)}`,
  ])('%s is media_url_invalid in both modes', (url) => {
    expect(codeOf(() => checkMediaUrl(url, false))).toBe('media_url_invalid');
    expect(codeOf(() => checkMediaUrl(url, true))).toBe('media_url_invalid');
  });
});

describe('channel limits', () => {
  const MB = 1024 * 1024;
  const chatMax = 20 * MB;
  const channels: MediaChannel[] = ['sms', 'whatsapp', 'chat'];
  const types = [...new Set(Object.values(CHANNEL_MEDIA).flatMap((channel) => channel.types)), 'text/html', 'application/zip'];

  it('a conversation with no known channel is treated as chat', () => {
    expect(mediaChannelsOf(['messenger'])).toEqual(['chat']);
    expect(mediaChannelsOf(['sms', 'chat', 'sms'])).toEqual(['sms', 'chat']);
  });

  it.each(channels.flatMap((channel) => types.map((type) => ({ channel, type }))))('$channel and $type', ({ channel, type }) => {
    const refusal = refusalFor([channel], type, 1000, chatMax);
    expect(refusal?.reason).toBe(CHANNEL_MEDIA[channel].types.includes(type) ? undefined : 'type');
  });

  it.each([
    ['sms', 'application/pdf', 5 * MB, undefined],
    ['sms', 'application/pdf', 5 * MB + 1, 'too_large'],
    ['whatsapp', 'application/pdf', 16 * MB, undefined],
    ['whatsapp', 'application/pdf', 16 * MB + 1, 'too_large'],
    ['whatsapp', 'image/png', 5 * MB + 1, 'too_large'],
    ['chat', 'video/mp4', chatMax, undefined],
    ['chat', 'video/mp4', chatMax + 1, 'too_large'],
  ] as const)('%s takes %s of %d bytes: %s', (channel, type, size, reason) => {
    expect(refusalFor([channel], type, size, chatMax)?.reason).toBe(reason);
  });

  it('names the first channel that refuses', () => {
    expect(refusalFor(['chat', 'whatsapp', 'sms'], 'application/pdf', 6 * MB, chatMax)).toEqual({ reason: 'too_large', channel: 'sms', limit: 5 * MB });
    expect(refusalFor(['chat', 'sms'], 'image/webp', 10, chatMax)).toEqual({ reason: 'type', channel: 'sms' });
  });
});
