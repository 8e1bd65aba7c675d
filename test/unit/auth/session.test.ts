// Session JWT attacks: wrong secret, expired, alg none, other algorithms, missing claims.
import { SignJWT, UnsecuredJWT } from 'jose';
import { bearerToken } from '../../../assets/lib/http/headers';
import { signSession, verifySession } from '../../../assets/lib/auth/session';
import { HttpError } from '../../../assets/lib/http/errors';
import { SESSION_SECRET } from '../../../sandbox/testing/fixtures';

const key = new TextEncoder().encode(SESSION_SECRET);
const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

async function jwt(claims: Record<string, unknown>, alg = 'HS256', secret: Uint8Array = key): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(secret);
}

function rejection(token: string, options = { secret: SESSION_SECRET } as Parameters<typeof verifySession>[1]): HttpError {
  try {
    verifySession(token, options);
  } catch (error) {
    return error as HttpError;
  }
  throw new Error('expected the session to be refused');
}

describe('verifySession', () => {
  it('accepts an HS256 session and returns its identity and expiry', async () => {
    const exp = inOneHour();
    expect(verifySession(await jwt({ sub: 'alice', exp }), { secret: SESSION_SECRET })).toEqual({ identity: 'alice', expiresAt: exp });
  });

  it('refuses a session signed with another secret', async () => {
    const error = rejection(await jwt({ sub: 'alice', exp: inOneHour() }, 'HS256', new TextEncoder().encode('x'.repeat(40))));
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_session');
  });

  it('refuses an expired session', async () => {
    const error = rejection(await jwt({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(error.message).toMatch(/expired/);
  });

  it('refuses alg none', () => {
    const unsigned = new UnsecuredJWT({ sub: 'alice', exp: inOneHour() }).encode();
    expect(rejection(unsigned).code).toBe('invalid_session');
  });

  it('refuses HS512 even with the right secret, and with a wrong one', async () => {
    expect(rejection(await jwt({ sub: 'alice', exp: inOneHour() }, 'HS512')).code).toBe('invalid_session');
    expect(rejection(await jwt({ sub: 'alice', exp: inOneHour() }, 'HS512', new TextEncoder().encode('y'.repeat(64)))).code).toBe('invalid_session');
  });

  it('refuses a session without exp or without sub', async () => {
    expect(rejection(await jwt({ sub: 'alice' })).message).toMatch(/exp/);
    expect(rejection(await jwt({ exp: inOneHour() })).message).toMatch(/sub/);
    expect(rejection(await jwt({ sub: '', exp: inOneHour() })).message).toMatch(/sub/);
  });

  it('checks issuer and audience when configured', async () => {
    const options = { secret: SESSION_SECRET, issuer: 'https://shop.example', audience: 'chat' };
    const good = await jwt({ sub: 'alice', exp: inOneHour(), iss: 'https://shop.example', aud: 'chat' });
    expect(verifySession(good, options).identity).toBe('alice');
    expect(rejection(await jwt({ sub: 'alice', exp: inOneHour(), iss: 'https://evil.example', aud: 'chat' }), options).code).toBe('invalid_session');
    expect(rejection(await jwt({ sub: 'alice', exp: inOneHour(), iss: 'https://shop.example' }), options).code).toBe('invalid_session');
  });

  it('reads a fractional exp as whole seconds (RFC 7519 NumericDate)', async () => {
    const exp = Date.now() / 1000 + 90.9;
    expect(verifySession(await jwt({ sub: 'alice', exp }), { secret: SESSION_SECRET }).expiresAt).toBe(Math.floor(exp));
  });

  it('refuses an iat in the future beyond the clock skew, and accepts one within it', async () => {
    const now = Date.now() / 1000;
    expect(rejection(await jwt({ sub: 'alice', iat: Math.floor(now) + 60, exp: inOneHour() })).message).toMatch(/future/);
    expect(verifySession(await jwt({ sub: 'alice', iat: Math.floor(now) + 3, exp: inOneHour() }), { secret: SESSION_SECRET }).identity).toBe('alice');
    expect(rejection(await jwt({ sub: 'alice', iat: 'yesterday', exp: inOneHour() })).code).toBe('invalid_session');
  });

  it('refuses sessions longer than the maximum (30 days unless configured), counted from iat or from now', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(rejection(await jwt({ sub: 'alice', exp: 9_999_999_999 })).message).toMatch(/longer than 2592000/);
    expect(rejection(await jwt({ sub: 'alice', iat: now - 40 * 86_400, exp: now + 3600 })).message).toMatch(/longer/);
    expect(verifySession(await jwt({ sub: 'alice', iat: now, exp: now + 29 * 86_400 }), { secret: SESSION_SECRET }).identity).toBe('alice');
    expect(rejection(await jwt({ sub: 'alice', exp: now + 7200 }), { secret: SESSION_SECRET, maxLifetimeSeconds: 3600 }).message).toMatch(/longer than 3600/);
  });

  it('carries the conversation of a guest session, and only a CH SID as one', async () => {
    const sid = 'CH' + 'a'.repeat(32);
    const guest = signSession('guest-1', 600, { secret: SESSION_SECRET }, { guest: true, conversationSid: sid });
    expect(verifySession(guest.token, { secret: SESSION_SECRET })).toEqual({
      identity: 'guest-1',
      expiresAt: guest.expiresAt,
      guest: true,
      conversationSid: sid,
    });
    for (const conversationSid of ['CH1', 'IS' + 'a'.repeat(32), 42, { sid }])
      expect(verifySession(await jwt({ sub: 'guest-1', exp: inOneHour(), guest: true, conversationSid }), { secret: SESSION_SECRET })).not.toHaveProperty(
        'conversationSid',
      );
  });

  it('marks the sessions /webchat/start signs for guests', () => {
    const guest = signSession('guest-1', 600, { secret: SESSION_SECRET }, { guest: true });
    expect(verifySession(guest.token, { secret: SESSION_SECRET })).toEqual({ identity: 'guest-1', expiresAt: guest.expiresAt, guest: true });
  });

  it('refuses garbage', () => {
    for (const token of ['', 'abc', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9..']) expect(rejection(token).status).toBe(401);
  });
});

describe('signSession', () => {
  it('signs a session that verifySession accepts, with iss/aud when configured', () => {
    const options = { secret: SESSION_SECRET, issuer: 'conversations-functions', audience: 'chat' };
    const { token, expiresAt } = signSession('guest-1', 600, options);
    expect(verifySession(token, options)).toEqual({ identity: 'guest-1', expiresAt });
    expect(expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(599);
  });
});

describe('bearerToken', () => {
  it('extracts the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
