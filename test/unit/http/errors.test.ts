import { corsHeaders, HttpError, isPreflight, renderError, toTwilioResponse } from '../../../assets/lib/http/errors';
import { installRuntimeGlobals } from '../../support/runtime-globals';

beforeAll(installRuntimeGlobals);

describe('renderError', () => {
  it('renders an HttpError with its status, stable code and details', () => {
    const rendered = renderError(new HttpError(409, 'address_in_use', 'Bound elsewhere.', { details: { conversationSid: 'CH1' } }));
    expect(rendered).toMatchObject({ status: 409, body: { error: { code: 'address_in_use', message: 'Bound elsewhere.', details: { conversationSid: 'CH1' } } }, unexpected: false });
  });

  it('renders anything else as a generic 500 without the cause', () => {
    const rendered = renderError(new Error('connect ECONNREFUSED secret-host AUTH_TOKEN=abc'));
    expect(rendered.status).toBe(500);
    expect(rendered.unexpected).toBe(true);
    expect(JSON.stringify(rendered.body)).toBe('{"error":{"code":"internal_error","message":"Internal error. The cause was logged."}}');
  });
});

describe('toTwilioResponse', () => {
  it('builds a JSON runtime Response with extra headers', () => {
    const response = toTwilioResponse({ status: 201, body: { a: 1 }, headers: { 'Retry-After': '1' } }) as unknown as { serialize(): { statusCode: number; body: unknown; headers: Record<string, unknown> } };
    const serialized = response.serialize();
    expect(serialized.statusCode).toBe(201);
    expect(JSON.parse(String(serialized.body))).toEqual({ a: 1 });
    expect(serialized.headers).toMatchObject({ 'Content-Type': 'application/json', 'Retry-After': '1' });
  });
});

describe('corsHeaders', () => {
  const allowed = ['https://shop.example.com'];

  it('answers an allowed origin with that origin only', () => {
    expect(corsHeaders('https://shop.example.com', allowed)).toMatchObject({ 'Access-Control-Allow-Origin': 'https://shop.example.com', Vary: 'Origin' });
  });

  it.each([['https://evil.example.com'], ['https://shop.example.com.evil.com'], ['null'], [undefined]])('gives no CORS headers to %s', (origin) => {
    expect(corsHeaders(origin, allowed)).toEqual({});
  });
});

describe('isPreflight', () => {
  it('recognises a preflight by Access-Control-Request-Method', () => {
    expect(isPreflight({ 'access-control-request-method': 'POST' })).toBe(true);
    expect(isPreflight({})).toBe(false);
  });
});
