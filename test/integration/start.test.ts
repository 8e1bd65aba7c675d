// `npm start` in sandbox mode (no credentials): the sandbox and the functions come up wired
// together (the Service webhooks as `npm run configure` sets Twilio's), and the curl
// commands it prints work as printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';
import { startNpmStart, type NpmStart } from '../support/npm-start';

/** curl to a sandbox-only route with the sandbox's credentials: form fields POST, none GET (idle always POSTs). */
function sandboxCurl(env: { accountSid: string; authToken: string; sandboxUrl: string }) {
  return (path: string, ...form: string[]) =>
    execFileSync(
      'curl',
      [
        '--silent',
        '--fail',
        '-u',
        `${env.accountSid}:${env.authToken}`,
        ...(path === '/sandbox/idle' ? ['-X', 'POST'] : []),
        ...form.flatMap((field) => ['--data-urlencode', field]),
        `${env.sandboxUrl}${path}`,
      ],
      { encoding: 'utf8' },
    );
}

describe('npm start (sandbox mode)', () => {
  let started: NpmStart;
  let workdir: string;

  beforeAll(async () => {
    started = await startNpmStart();
    workdir = started.workdir;
  });

  afterAll(() => started.stop());

  it('writes the machine-readable sandbox env, without touching a .env', () => {
    const env = JSON.parse(readFileSync(join(workdir, '.sandbox/env.json'), 'utf8'));
    expect(env).toMatchObject({
      functionsUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
      sandboxUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
      accountSid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
    });
    expect(() => readFileSync(join(workdir, '.env'))).toThrow();
  });

  it('prints the console link, which opens the console page', () => {
    const env = JSON.parse(readFileSync(join(workdir, '.sandbox/env.json'), 'utf8'));
    expect(env.consoleUrl).toBe(`${env.sandboxUrl}/?token=${env.consoleToken}`);
    expect(started.output).toContain(`console    ${env.consoleUrl}`);
    const head = execFileSync('curl', ['--silent', '--include', env.consoleUrl], { encoding: 'utf8' });
    expect(head).toMatch(/^HTTP\/1\.1 303/);
    const cookie = /set-cookie: ([^;]+)/i.exec(head)![1]!;
    const page = execFileSync('curl', ['--silent', '--fail', '-H', `Cookie: ${cookie}`, `${env.sandboxUrl}/`], { encoding: 'utf8' });
    expect(page).toContain('<title>Sandbox console</title>');
  });

  it('prints curl commands that work as printed', () => {
    const commands = started.output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('curl ') && !line.includes('CH...'));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const command of commands) {
      const answer = execFileSync('bash', ['-c', `${command} --silent --show-error --fail-with-body`], { encoding: 'utf8' });
      const body = JSON.parse(answer);
      expect(body.error).toBeUndefined();
    }
  });

  it('wires inbound traffic through the sandbox to the webhook function', () => {
    const env = JSON.parse(readFileSync(join(workdir, '.sandbox/env.json'), 'utf8'));
    const sandbox = sandboxCurl(env);
    const inbound = JSON.parse(sandbox('/sandbox/inbound', 'From=+14155550177', `To=${env.smsProxyNumber}`, 'Body=wired?'));
    expect(inbound.outcome).toBe('created');
    sandbox('/sandbox/idle');
    const state = JSON.parse(sandbox('/sandbox/state'));
    const hooks = state.webhookDeliveries as Array<{ url: string; status: number; eventType: string }>;
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks.every((hook) => hook.url === `${env.functionsUrl}/conversations/webhook` && hook.status === 200)).toBe(true);
    // Wired as `npm run configure` wires Twilio: only the events the function handles are sent.
    expect(state.serviceWebhooks[env.serviceSid]).toMatchObject({ method: 'POST', filters: [...HANDLED_WEBHOOK_EVENTS] });
    expect(hooks.map((hook) => hook.eventType).filter((event) => !HANDLED_WEBHOOK_EVENTS.includes(event as never))).toEqual([]);
  });

  it('answers customers with the offline stand-in agent, no key needed, and hands off when asked for a person', () => {
    const env = JSON.parse(readFileSync(join(workdir, '.sandbox/env.json'), 'utf8'));
    const sandbox = sandboxCurl(env);
    expect(started.output).toMatch(/AI agent {3}the offline stand-in at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    const first = JSON.parse(sandbox('/sandbox/inbound', 'From=+14155550178', `To=${env.smsProxyNumber}`, 'Body=Where is my parcel?'));
    sandbox('/sandbox/idle');
    sandbox('/sandbox/inbound', 'From=+14155550178', `To=${env.smsProxyNumber}`, 'Body=I want a person please');
    sandbox('/sandbox/idle');
    const state = JSON.parse(sandbox('/sandbox/state'));
    const messages = (state.messages as Array<{ conversationSid: string; author: string; body: string }>).filter(
      (m) => m.conversationSid === first.conversationSid,
    );
    expect(messages.filter((m) => m.author === 'assistant').map((m) => m.body)).toEqual([expect.stringContaining('You wrote: "Where is my parcel?"')]);
    const participants = (state.participants as Array<{ conversationSid: string; identity: string | null }>).filter(
      (p) => p.conversationSid === first.conversationSid,
    );
    expect(participants.map((p) => p.identity).filter(Boolean)).toEqual(['agent-ann']);
  });
});

describe('npm start (with Twilio credentials in .env)', () => {
  it('serves the functions against Twilio: no sandbox, no TWILIO_API_BASE_URL, nothing written', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'start-twilio-'));
    writeFileSync(join(workdir, '.env'), `ACCOUNT_SID=AC${'a'.repeat(32)}\nAUTH_TOKEN=${'b'.repeat(32)}\nSMS_PROXY_NUMBER=+14155550100\n`);
    const started = await startNpmStart({ workdir, readyWhen: 'calling Twilio' });
    try {
      const health = JSON.parse(execFileSync('curl', ['--silent', `http://127.0.0.1:${started.port}/health`], { encoding: 'utf8' }));
      expect(health).toMatchObject({ ok: true, sandbox: false, configured: ['sms'] });
      expect(started.output).not.toContain('sandbox mode');
      expect(() => readFileSync(join(workdir, '.sandbox/env.json'))).toThrow();
    } finally {
      await started.stop();
    }
  });
});
