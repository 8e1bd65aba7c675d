// Headers as the Functions runtime hands them over: lower-cased names, a repeated header as
// an array (which is never guessed at), and the Bearer scheme in any letter case.
import { bearerToken, headerValue } from '../../../assets/lib/http/headers';

const eventWith = (headers: Record<string, unknown> | undefined) => ({ request: headers === undefined ? undefined : { headers } }) as never;

describe('headerValue', () => {
  it('reads a single header by its lower-case name', () => {
    expect(headerValue(eventWith({ 'x-twilio-signature': 'abc=' }), 'x-twilio-signature')).toBe('abc=');
  });

  it('treats a repeated header, a missing one and a missing request as absent', () => {
    expect(headerValue(eventWith({ authorization: ['Bearer a', 'Bearer b'] }), 'authorization')).toBeUndefined();
    expect(headerValue(eventWith({}), 'authorization')).toBeUndefined();
    expect(headerValue(eventWith(undefined), 'authorization')).toBeUndefined();
    expect(headerValue(eventWith({ authorization: 42 }), 'authorization')).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc  ', 'abc'],
  ])('reads %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic YWxpY2U6c2VjcmV0', 'Bearer a b', 'Token abc', ' Bearer abc'])('refuses %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
