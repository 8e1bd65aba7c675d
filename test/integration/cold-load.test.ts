// A function loads only what it uses: /token mints tokens with the JWT part of twilio-node
// and never loads the REST client (~100 ms cold). Timings live in bench/, not here.
import { functionsNode } from '../../sandbox/testing/functions-runtime';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { baseEnv } from '../../sandbox/testing/fixtures';
import { secondsFromNow, sessionJwt } from '../../sandbox/testing/sessions';

const ROOT = join(__dirname, '../..');

function probe(functionPath: string, event?: Record<string, unknown>) {
  const output = execFileSync(functionsNode(), [join(ROOT, 'dist/dev/module-load-probe.js'), join(ROOT, functionPath), ...(event ? ['--call'] : [])], {
    env: {
      PATH: process.env.PATH,
      PROBE_CONTEXT: JSON.stringify({ ...baseEnv, DOMAIN_NAME: 'probe.twil.io', PATH: '/token' }),
      PROBE_EVENT: JSON.stringify(event ?? {}),
    },
  });
  // The function's own log line comes first; the probe's report is the last line.
  const lines = output.toString().trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as { loadedRestClient: boolean; loadedAccessToken: boolean; callMs: number | null };
}

describe('cold loading', () => {
  it('/token mints a token without ever loading the REST client', async () => {
    const session = await sessionJwt({ sub: 'alice', exp: secondsFromNow(600) });
    const result = probe('dist/functions/token.js', { request: { headers: { authorization: `Bearer ${session}` } } });
    expect(result.callMs).not.toBeNull();
    expect(result.loadedAccessToken).toBe(true);
    expect(result.loadedRestClient).toBe(false);
  });

  it('/health loads neither the REST client nor the token code', () => {
    const result = probe('dist/functions/health.js', { request: { headers: {} } });
    expect(result).toMatchObject({ loadedRestClient: false, loadedAccessToken: false });
  });
});
