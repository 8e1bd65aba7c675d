// /token end to end on the local Functions runtime; tokens verified with jose and the API secret.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { call, startFunctions, type RunningFunctions } from '../../sandbox/testing/functions-runtime';
import { ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, baseEnv, ORIGIN, SERVICE_SID } from '../../sandbox/testing/fixtures';
import { secondsFromNow, sessionJwt } from '../../sandbox/testing/sessions';

let functions: RunningFunctions;
const PUSH_SID = 'CR' + 'd'.repeat(32);

beforeAll(async () => {
  functions = await startFunctions({ ...baseEnv, TOKEN_TTL_SECONDS: '3600', PUSH_CREDENTIAL_SID: PUSH_SID });
});
afterAll(() => functions.stop());

const tokenFor = (session: string | undefined, init: RequestInit = {}) =>
  call(`${functions.url}/token`, {
    method: 'POST',
    ...init,
    headers: { 'Content-Type': 'application/json', ...(session ? { Authorization: `Bearer ${session}` } : {}), ...(init.headers ?? {}) },
  });

async function verifiedClaims(token: string) {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(API_KEY_SECRET), { algorithms: ['HS256'] });
  return payload as Record<string, any>;
}

describe('/token', () => {
  it('mints a Conversations token for the session identity, verifiable with the API secret', async () => {
    const answer = await tokenFor(await sessionJwt({ sub: 'alice', exp: secondsFromNow(7200) }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ token: expect.any(String), identity: 'alice', expiresAt: expect.any(String) });
    expect(decodeProtectedHeader(answer.body.token)).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    const claims = await verifiedClaims(answer.body.token);
    expect(claims.iss).toBe(API_KEY_SID);
    expect(claims.sub).toBe(ACCOUNT_SID);
    expect(claims.grants.identity).toBe('alice');
    expect(claims.grants.chat).toEqual({ service_sid: SERVICE_SID, push_credential_sid: PUSH_SID });
    expect(claims.exp - secondsFromNow(0)).toBeGreaterThan(3590);
    expect(claims.exp - secondsFromNow(0)).toBeLessThanOrEqual(3600);
    expect(Date.parse(answer.body.expiresAt) / 1000).toBeCloseTo(claims.exp, -1);
  });

  it('caps the token at the session expiry, so a refresh never outlives the session', async () => {
    const sessionExp = secondsFromNow(120);
    const answer = await tokenFor(await sessionJwt({ sub: 'alice', exp: sessionExp }));
    const claims = await verifiedClaims(answer.body.token);
    expect(claims.exp).toBeLessThanOrEqual(sessionExp);
    expect(claims.exp).toBeGreaterThanOrEqual(sessionExp - 2);
  });

  it('refreshes: calling again with the still-valid session gives a new token for the same identity', async () => {
    const session = await sessionJwt({ sub: 'bob', exp: secondsFromNow(600) });
    const first = await verifiedClaims((await tokenFor(session)).body.token);
    const second = await tokenFor(session);
    expect(second.body.identity).toBe('bob');
    const claims = await verifiedClaims(second.body.token);
    expect(claims.grants.identity).toBe('bob');
    // Issued anew: never earlier, never shorter-lived than the token it refreshes.
    expect(claims.iat).toBeGreaterThanOrEqual(first.iat);
    expect(claims.exp).toBeGreaterThanOrEqual(first.exp);
  });

  it('never takes the identity from the body or the query', async () => {
    const session = await sessionJwt({ sub: 'alice', exp: secondsFromNow(600) });
    const answer = await call(`${functions.url}/token?identity=mallory`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity: 'mallory', sub: 'mallory' }),
    });
    expect(answer.body.identity).toBe('alice');
    expect((await verifiedClaims(answer.body.token)).grants.identity).toBe('alice');
  });

  it('answers CORS headers to an allowed origin only', async () => {
    const session = await sessionJwt({ sub: 'alice', exp: secondsFromNow(600) });
    expect((await tokenFor(session, { headers: { Origin: ORIGIN } })).headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const other = await tokenFor(session, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  // Session refusals (missing, garbled, expired, other secret or algorithm, no sub or exp) are in
  // the auth matrix (test/reliability/auth); here: sessions that are valid but name a bad identity.
  describe('refuses with a clear 4xx JSON error', () => {
    const cases: Array<[string, () => Promise<string | undefined>, number, string]> = [
      ['an identity over 256 characters', () => sessionJwt({ sub: 'a'.repeat(257), exp: secondsFromNow(600) }), 400, 'invalid_identity'],
      ['an identity with forbidden characters', () => sessionJwt({ sub: 'alice/../admin', exp: secondsFromNow(600) }), 400, 'invalid_identity'],
    ];

    it.each(cases)('%s', async (_what, makeSession, status, code) => {
      const answer = await tokenFor(await makeSession());
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toEqual(expect.any(String));
      expect(answer.text).not.toMatch(/eyJ|at \w+ \(/);
    });
  });
});

describe('/token without the API key configured', () => {
  let unconfigured: RunningFunctions;
  beforeAll(async () => {
    unconfigured = await startFunctions({ ...baseEnv, API_KEY_SID: '', API_KEY_SECRET: '' });
  });
  afterAll(() => unconfigured.stop());

  it('answers 503 naming the missing variables', async () => {
    const answer = await call(`${unconfigured.url}/token`, { headers: { Authorization: `Bearer ${await sessionJwt({ sub: 'a', exp: secondsFromNow(60) })}` } });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: 'not_configured', details: { variables: ['API_KEY_SID', 'API_KEY_SECRET'] } });
  });
});
