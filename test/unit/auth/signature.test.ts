// The official test vectors (twilio-node spec/validation.spec.js, also in twilio-php and
// twilio-csharp), tampered variants, and the URL rebuild from a Function context.
import { createHmac } from 'node:crypto';
import { isValidTwilioSignature, signedRequestOf } from '../../../assets/lib/auth/signature';

const token = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

describe('isValidTwilioSignature', () => {
  it('accepts the official form vector', () => {
    expect(isValidTwilioSignature({ authToken: token, signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params })).toBe(true);
  });

  it('accepts the official vector signed with :443 in the URL', () => {
    expect(isValidTwilioSignature({ authToken: token, signature: 'kvajT1Ptam85bY51eRf/AJRuM3w=', url, params })).toBe(true);
  });

  it('accepts the official JSON-body vector (bodySHA256)', () => {
    const body = '{"property": "value", "boolean": true}';
    const hash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    const signed = { authToken: token, url: `${url}&bodySHA256=${hash}`, rawBody: body };
    expect(isValidTwilioSignature({ ...signed, signature: 'a9nBmqA0ju/hNViExpshrM61xv4=' })).toBe(true);
    expect(isValidTwilioSignature({ ...signed, rawBody: body.replace('value', 'other'), signature: 'a9nBmqA0ju/hNViExpshrM61xv4=' })).toBe(false);
  });

  it('accepts the official array vector whatever the order of values', () => {
    const arrayUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const values = ['+1325xxxxxxx', '+1415xxxxxxx'];
    for (const ordered of [values, [...values].reverse()]) {
      const ok = isValidTwilioSignature({
        authToken: token,
        signature: '83O6e2vORAoJHUNzJjDWN1jz+BA=',
        url: arrayUrl,
        params: { 'MessagingBinding.Address': ordered },
      });
      expect(ok).toBe(true);
    }
  });

  it.each([
    ['a changed parameter', { ...params, Digits: '1235' }, url, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['an added parameter', { ...params, Extra: 'x' }, url, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['another URL', params, 'https://mycompany.com/other.php?foo=1&bar=2', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['http instead of https', params, url.replace('https', 'http'), 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['a trailing slash', params, 'https://mycompany.com/myapp.php/?foo=1&bar=2', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['a flipped signature byte', params, url, 'RSOYDt4T1cUTdK1PDd93/VVr8B9='],
    ['an empty signature', params, url, ''],
    ['an oversize signature', params, url, 'A'.repeat(10_000)],
  ])('refuses %s', (_what, tamperedParams, tamperedUrl, signature) => {
    expect(isValidTwilioSignature({ authToken: token, signature, url: tamperedUrl, params: tamperedParams })).toBe(false);
  });

  it('refuses a signature made with another auth token', () => {
    expect(isValidTwilioSignature({ authToken: '54321', signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params })).toBe(false);
  });
});

describe('signedRequestOf', () => {
  const sign = (authToken: string, signedUrl: string, body: Record<string, string>) =>
    createHmac('sha1', authToken)
      .update(
        signedUrl +
          Object.keys(body)
            .sort()
            .map((key) => key + body[key])
            .join(''),
      )
      .digest('base64');

  it('rebuilds https://DOMAIN_NAME + PATH and drops `request` from the parameters', () => {
    const body = { EventType: 'onMessageAdd', Body: 'hi' };
    const signature = sign('tok', 'https://demo-1234.twil.io/conversations/webhook', body);
    const request = signedRequestOf(
      { DOMAIN_NAME: 'demo-1234.twil.io', PATH: '/conversations/webhook' },
      { ...body, request: { headers: { 'x-twilio-signature': signature } } },
      'tok',
    );
    expect(request.url).toBe('https://demo-1234.twil.io/conversations/webhook');
    expect(request.params).toEqual(body);
    expect(isValidTwilioSignature(request)).toBe(true);
  });

  it('uses http for a local runtime on loopback', () => {
    const request = signedRequestOf({ DOMAIN_NAME: '127.0.0.1:3000', PATH: '/x' }, {}, 'tok');
    expect(request.url).toBe('http://127.0.0.1:3000/x');
  });

  it('rebuilds a JSON request with bodySHA256 in the query and the compact body', () => {
    const body = { a: 1, nested: { b: 'c' } };
    const raw = JSON.stringify(body);
    const hash = require('node:crypto').createHash('sha256').update(raw).digest('hex');
    const signedUrl = `https://demo.twil.io/x?bodySHA256=${hash}`;
    const signature = createHmac('sha1', 'tok').update(signedUrl).digest('base64');
    const request = signedRequestOf(
      { DOMAIN_NAME: 'demo.twil.io', PATH: '/x' },
      { ...body, bodySHA256: hash, request: { headers: { 'x-twilio-signature': signature } } },
      'tok',
    );
    expect(request.rawBody).toBe(raw);
    expect(isValidTwilioSignature(request)).toBe(true);
  });

  it('never counts a JSON body without bodySHA256 as signed, even with the signature twilio-node would compute', () => {
    const body = { participants: [{ channel: 'chat', identity: 'mallory' }] };
    // Values turned to text: "[object Object]" for ANY object.
    const signature = sign('tok', 'https://demo.twil.io/x', { participants: '[object Object]' });
    for (const headers of [{ 'x-twilio-signature': signature }, { 'x-twilio-signature': signature, 'content-type': 'application/json' }]) {
      const request = signedRequestOf({ DOMAIN_NAME: 'demo.twil.io', PATH: '/x' }, { ...body, request: { headers } }, 'tok');
      expect(request.unsignable).toEqual(expect.any(String));
      expect(isValidTwilioSignature(request)).toBe(false);
    }
  });

  it('refuses a JSON content type without bodySHA256 even when every value is text', () => {
    const body = { ConversationSid: 'CH1' };
    const request = signedRequestOf(
      { DOMAIN_NAME: 'demo.twil.io', PATH: '/x' },
      {
        ...body,
        request: { headers: { 'x-twilio-signature': sign('tok', 'https://demo.twil.io/x', body), 'content-type': 'application/json; charset=utf-8' } },
      },
      'tok',
    );
    expect(isValidTwilioSignature(request)).toBe(false);
  });

  it('treats a repeated signature header as missing', () => {
    const request = signedRequestOf({ DOMAIN_NAME: 'd.twil.io', PATH: '/x' }, { request: { headers: { 'x-twilio-signature': ['a', 'b'] } } }, 'tok');
    expect(request.signature).toBeUndefined();
    expect(isValidTwilioSignature(request)).toBe(false);
  });
});
