import { call, startFunctions, type RunningFunctions } from '../../sandbox/testing/functions-runtime';
import { baseEnv, ORIGIN } from '../../sandbox/testing/fixtures';

describe('/health on the local Functions runtime', () => {
  let functions: RunningFunctions;

  beforeAll(async () => {
    functions = await startFunctions({ ...baseEnv, SMS_PROXY_NUMBER: '+14155550100' });
  });
  afterAll(() => functions.stop());

  it('answers ok, the version, sandbox false and the configured features', async () => {
    const answer = await call(`${functions.url}/health`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, version: require('../../package.json').version, sandbox: false, configured: ['tokens', 'serverApi', 'sms'] });
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('never reveals a secret', async () => {
    const answer = await call(`${functions.url}/health`);
    for (const secret of [baseEnv.AUTH_TOKEN, baseEnv.API_KEY_SECRET, baseEnv.SESSION_SECRET, baseEnv.SERVER_API_TOKEN]) {
      expect(answer.text).not.toContain(secret);
    }
  });

  it('gives CORS headers to an allowed origin only', async () => {
    const allowed = await call(`${functions.url}/health`, { headers: { Origin: ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const other = await call(`${functions.url}/health`, { headers: { Origin: 'https://evil.example' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('writes one JSON log line per request', async () => {
    const before = functions.requestLogs().length;
    await call(`${functions.url}/health`);
    const lines = (await functions.waitForRequestLogs(before + 1)).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ fn: 'health', outcome: 'ok', status: 200 });
  });

  it('answers a malformed JSON body with a JSON 400 and no stack trace', async () => {
    const answer = await call(`${functions.url}/health`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"broken' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'invalid_body', message: expect.any(String) } });
    expect(answer.text).not.toMatch(/at \w+ \(|node_modules/);
  });
});

describe('/health with a broken configuration', () => {
  let functions: RunningFunctions;

  beforeAll(async () => {
    // A timer below Twilio's minimum (1 minute inactive) would make every conversation create fail: refused here.
    functions = await startFunctions({ ...baseEnv, SESSION_SECRET: 'too-short', TOKEN_TTL_SECONDS: 'soon', TIMERS_INACTIVE: 'PT30S' });
  });
  afterAll(() => functions.stop());

  it('answers 503 not_configured naming the variables, not their values', async () => {
    const answer = await call(`${functions.url}/health`);
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('not_configured');
    expect(answer.body.error.details.variables.sort()).toEqual(['SESSION_SECRET', 'TIMERS_INACTIVE', 'TOKEN_TTL_SECONDS']);
    expect(answer.text).not.toContain('too-short');
  });
});
