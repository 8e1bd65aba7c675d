import { createHmac } from 'node:crypto';
import { requireServerAuth, requireTwilioSignature, secretsEqual } from '../../../assets/lib/auth/server-auth';
import { HttpError } from '../../../assets/lib/http/errors';
import { AUTH_TOKEN, SERVER_API_TOKEN } from '../../../sandbox/testing/fixtures';

const context = { DOMAIN_NAME: 'demo-1234.twil.io', PATH: '/participants/onboard' };
const secrets = { serverApiToken: SERVER_API_TOKEN, authToken: AUTH_TOKEN };

function signed(body: Record<string, string>, url = 'https://demo-1234.twil.io/participants/onboard', token = AUTH_TOKEN) {
  const signature = createHmac('sha1', token)
    .update(
      url +
        Object.keys(body)
          .sort()
          .map((key) => key + body[key])
          .join(''),
    )
    .digest('base64');
  return { ...body, request: { headers: { 'x-twilio-signature': signature } } };
}

function failure(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    return error as HttpError;
  }
  throw new Error('expected a refusal');
}

describe('secretsEqual', () => {
  it('compares whole secrets of any length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('ab', 'abc')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
  });
});

describe('requireServerAuth', () => {
  it('accepts the server bearer token', () => {
    const event = { request: { headers: { authorization: `Bearer ${SERVER_API_TOKEN}` } } };
    expect(requireServerAuth(context, event, secrets)).toBe('bearer');
  });

  it('accepts a valid Twilio signature', () => {
    expect(requireServerAuth(context, signed({ ConversationSid: 'CH1' }), secrets)).toBe('twilio-signature');
  });

  it('answers 401 without any credentials', () => {
    const error = failure(() => requireServerAuth(context, { request: { headers: {} } }, secrets));
    expect([error.status, error.code]).toEqual([401, 'unauthorized']);
  });

  it('answers 401 for a wrong bearer token, even with a valid signature beside it', () => {
    const event = signed({ a: '1' });
    event.request.headers = { ...event.request.headers, authorization: 'Bearer wrong' } as typeof event.request.headers;
    expect(failure(() => requireServerAuth(context, event, secrets)).status).toBe(401);
  });

  it('answers 401 for a bearer token when SERVER_API_TOKEN is unset', () => {
    const event = { request: { headers: { authorization: 'Bearer anything' } } };
    expect(failure(() => requireServerAuth(context, event, { authToken: AUTH_TOKEN })).status).toBe(401);
  });

  it('answers 403 for a tampered signature, another URL or another auth token', () => {
    const tampered = signed({ a: '1' });
    (tampered as Record<string, unknown>).a = '2';
    expect(failure(() => requireServerAuth(context, tampered, secrets)).code).toBe('invalid_signature');
    const otherUrl = signed({ a: '1' }, 'https://demo-1234.twil.io/studio/handoff');
    expect(failure(() => requireServerAuth(context, otherUrl, secrets)).code).toBe('invalid_signature');
    const otherToken = signed({ a: '1' }, undefined, 'f'.repeat(32));
    expect(failure(() => requireServerAuth(context, otherToken, secrets)).status).toBe(403);
  });
});

describe('requireTwilioSignature', () => {
  it('answers 403 when the header is missing', () => {
    expect(failure(() => requireTwilioSignature(context, { a: '1' }, AUTH_TOKEN)).message).toMatch(/Missing X-Twilio-Signature/);
  });

  it('answers 503 when AUTH_TOKEN is not configured', () => {
    expect(failure(() => requireTwilioSignature(context, signed({ a: '1' }), undefined)).code).toBe('not_configured');
  });

  it('passes a correctly signed request', () => {
    expect(() => requireTwilioSignature(context, signed({ a: '1', b: '' }), AUTH_TOKEN)).not.toThrow();
  });
});
