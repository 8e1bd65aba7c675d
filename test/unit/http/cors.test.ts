// CORS: headers for allowed origins only, preflights recognised.
import { corsHeaders, isPreflight } from '../../../assets/lib/http/cors';

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
