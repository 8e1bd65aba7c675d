// `npm run configure` (the built dist/dev/configure.js) as a child process against the sandbox.
// It runs in a temp directory so it never reads the repository's own .env or
// .twiliodeployinfo, and TWILIO_API_BASE_URL keeps every call on 127.0.0.1.
import { conversationView } from '../../sandbox/testing/conversation-view';
import { spawn } from 'node:child_process';
import { sandboxClient } from '../../sandbox/testing/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLED_WEBHOOK_EVENTS } from '../../assets/lib/webhook/handlers';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { startStack, type Stack } from '../support/stack';

const SCRIPT = join(__dirname, '../../dist/dev/configure.js');
const SMS = '+14155550100';
const WHATSAPP = 'whatsapp:+14155238886';
const FLOW = 'FW' + 'f'.repeat(32);
const BASE = 'https://demo-1234-dev.twil.io';
const HOOK = `${BASE}/conversations/webhook`;

const cwd = mkdtempSync(join(tmpdir(), 'configure-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

type Run = { code: number | null; stdout: string; stderr: string };

function configure(sandbox: Sandbox, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH,
      ACCOUNT_SID: sandbox.accountSid,
      AUTH_TOKEN: sandbox.authToken,
      CONVERSATIONS_SERVICE_SID: sandbox.serviceSid,
      TWILIO_API_BASE_URL: sandbox.url,
      SMS_PROXY_NUMBER: SMS,
      WHATSAPP_SENDER: WHATSAPP,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Everything configure may write, as plain data (to prove a run wrote nothing). */
const snapshot = (sandbox: Sandbox) =>
  JSON.stringify({
    service: sandbox.state.serviceWebhooks.get(sandbox.serviceSid),
    global: sandbox.state.globalWebhooks,
    addresses: [...sandbox.state.addressConfigurations.values()],
  });

const addresses = (sandbox: Sandbox) => [...sandbox.state.addressConfigurations.values()];

describe('npm run configure against the sandbox', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ quiet: true });
  });
  afterEach(async () => {
    sandbox.assertNoViolations();
    await sandbox.close();
  });

  it('creates the service webhooks and one address configuration per sender on the first run', async () => {
    const run = await configure(sandbox, ['--base-url', BASE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Verified: read back 3 items, all match\./);
    expect(sandbox.state.serviceWebhooks.get(sandbox.serviceSid)).toMatchObject({ preWebhookUrl: HOOK, postWebhookUrl: HOOK, method: 'POST' });
    expect([...sandbox.state.serviceWebhooks.get(sandbox.serviceSid)!.filters].sort()).toEqual([...HANDLED_WEBHOOK_EVENTS].sort());
    const [sms, whatsapp] = addresses(sandbox);
    expect(addresses(sandbox)).toHaveLength(2);
    expect(sms).toMatchObject({ type: 'sms', address: SMS, autoCreation: { enabled: true, type: 'default', conversationServiceSid: sandbox.serviceSid } });
    expect(whatsapp).toMatchObject({
      type: 'whatsapp',
      address: WHATSAPP,
      autoCreation: { enabled: true, type: 'default', conversationServiceSid: sandbox.serviceSid },
    });
    expect(run.stdout).toContain(`address sms ${SMS}: created ${sms!.sid}`);
  });

  it('changes nothing on a second run and says up to date', async () => {
    expect((await configure(sandbox, ['--base-url', BASE])).code).toBe(0);
    const before = snapshot(sandbox);
    const second = await configure(sandbox, ['--base-url', BASE]);
    expect(second.code).toBe(0);
    expect(second.stdout.match(/: up to date/g)).toHaveLength(3);
    expect(second.stdout).toContain('Everything is up to date: nothing was written.');
    expect(snapshot(sandbox)).toBe(before);
  });

  it('updates in place when the base URL changes: same SIDs, no duplicates', async () => {
    await configure(sandbox, ['--base-url', BASE]);
    const sids = addresses(sandbox).map((a) => a.sid);
    const moved = await configure(sandbox, ['--base-url', 'https://demo-5678-dev.twil.io/']);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`PostWebhookUrl  ${HOOK} -> https://demo-5678-dev.twil.io/conversations/webhook`);
    expect(moved.stdout).toMatch(/address sms \S+: up to date/);
    expect(addresses(sandbox).map((a) => a.sid)).toEqual(sids);
    expect(sandbox.state.serviceWebhooks.get(sandbox.serviceSid)!.postWebhookUrl).toBe('https://demo-5678-dev.twil.io/conversations/webhook');
  });

  it('turns an existing webhook autocreation into a default one in place (no second delivery of every event)', async () => {
    await configure(sandbox, ['--base-url', BASE]);
    const [sms] = addresses(sandbox);
    const client = sandboxClient(sandbox);
    await client.conversations.v1.addressConfigurations(sms!.sid).update({ 'autoCreation.type': 'webhook', 'autoCreation.webhookUrl': HOOK });
    const run = await configure(sandbox, ['--base-url', BASE]);
    expect(run.stdout).toContain('AutoCreation.Type  webhook -> default');
    expect(addresses(sandbox)).toHaveLength(2);
    expect(addresses(sandbox)[0]!.autoCreation.type).toBe('default');
  });

  it('with Flex configured, exits 1 naming the problem when the Service is not the account default (Flex needs it), and never changes the default', async () => {
    const flex = { FLEX_WORKSPACE_SID: 'WS' + '1'.repeat(32), FLEX_WORKFLOW_SID: 'WW' + '1'.repeat(32) };
    const client = sandboxClient(sandbox);
    const other = 'IS' + '9'.repeat(32);
    await client.conversations.v1.configuration().update({ defaultChatServiceSid: other });
    try {
      const refused = await configure(sandbox, ['--base-url', BASE], flex);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Flex needs its Flex Chat Service as the account's default Conversations Service, but the default is ${other}`);
      expect(sandbox.state.configuration.defaultChatServiceSid).toBe(other);
      // Without Flex the default does not matter.
      expect((await configure(sandbox, ['--base-url', BASE])).code).toBe(0);
    } finally {
      await client.conversations.v1.configuration().update({ defaultChatServiceSid: sandbox.serviceSid });
    }
    expect((await configure(sandbox, ['--base-url', BASE], flex)).code).toBe(0);
  });

  it('checks the Sync Service the functions use: default is found, an unknown SYNC_SERVICE_SID exits 1 saying how to create one, and none is created', async () => {
    const found = await configure(sandbox, ['--base-url', BASE]);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain(`Sync Service default: ${sandbox.syncServiceSid}`);
    const missing = 'IS' + '8'.repeat(32);
    const run = await configure(sandbox, ['--base-url', BASE], { SYNC_SERVICE_SID: missing });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`problem: The functions keep their state in SYNC_SERVICE_SID ${missing}, and Twilio has no such Sync Service (404).`);
    expect(run.stderr).toContain('twilio api:sync:v1:services:create --friendly-name conversations-functions');
    expect(run.stderr).toContain('then set SYNC_SERVICE_SID to its SID');
    expect(sandbox.state.syncService.sid).toBe(sandbox.syncServiceSid);
    expect((await configure(sandbox, ['--base-url', BASE], { SYNC_SERVICE_SID: sandbox.syncServiceSid })).code).toBe(0);
  });

  it('writes nothing with --dry-run and prints the plan, current vs wanted', async () => {
    const empty = snapshot(sandbox);
    const dry = await configure(sandbox, ['--dry-run', '--base-url', BASE]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`service webhooks ${sandbox.serviceSid}: update`);
    expect(dry.stdout).toContain(`PostWebhookUrl  (none) -> ${HOOK}`);
    expect(dry.stdout).toContain(`address sms ${SMS}: create`);
    expect(dry.stdout).toContain('3 of 3 items would change; nothing was written.');
    expect(snapshot(sandbox)).toBe(empty);
    await configure(sandbox, ['--base-url', BASE]);
    const configured = snapshot(sandbox);
    const studio = await configure(sandbox, ['--dry-run', '--base-url', BASE], { STUDIO_FLOW_SID: FLOW });
    expect(studio.stdout).toContain('AutoCreation.Type           default -> studio');
    expect(snapshot(sandbox)).toBe(configured);
  });

  it('switches autocreation to the Studio flow in place when STUDIO_FLOW_SID is set', async () => {
    await configure(sandbox, ['--base-url', BASE]);
    const sids = addresses(sandbox).map((a) => a.sid);
    const run = await configure(sandbox, ['--base-url', BASE], { STUDIO_FLOW_SID: FLOW });
    expect(run.code).toBe(0);
    expect(addresses(sandbox).map((a) => a.sid)).toEqual(sids);
    expect(addresses(sandbox).map((a) => a.autoCreation)).toEqual([
      expect.objectContaining({ type: 'studio', studioFlowSid: FLOW }),
      expect.objectContaining({ type: 'studio', studioFlowSid: FLOW }),
    ]);
  });

  it('writes the account-wide webhooks with --global and leaves the service ones alone', async () => {
    const run = await configure(sandbox, ['--global', '--base-url', BASE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('global webhooks: updated');
    expect(sandbox.state.globalWebhooks).toMatchObject({ preWebhookUrl: HOOK, postWebhookUrl: HOOK, method: 'POST' });
    expect(sandbox.state.serviceWebhooks.get(sandbox.serviceSid)).toMatchObject({ preWebhookUrl: null, postWebhookUrl: null });
  });

  it('exits 2 naming the missing variable and writes nothing', async () => {
    const before = snapshot(sandbox);
    const run = await configure(sandbox, ['--base-url', BASE], { AUTH_TOKEN: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Missing AUTH_TOKEN: set it in .env (see .env.example) or in the environment.');
    expect(snapshot(sandbox)).toBe(before);
  });

  it('exits 2 when the sandbox refuses the credentials, and writes nothing', async () => {
    const run = await configure(sandbox, ['--base-url', BASE], { AUTH_TOKEN: 'f'.repeat(32) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused the credentials/);
    expect(addresses(sandbox)).toEqual([]);
  });

  it('exits 2 and asks for --base-url when there is no deploy to read it from', async () => {
    const run = await configure(sandbox, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No \.twiliodeployinfo.*--base-url/);
  });
});

describe('npm run configure -- --create-service against the sandbox', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ quiet: true });
  });
  afterEach(async () => {
    sandbox.assertNoViolations();
    await sandbox.close();
  });
  const unset = { CONVERSATIONS_SERVICE_SID: undefined };
  const services = () => [...sandbox.state.conversationServices.values()];

  it('creates a Conversations Service when CONVERSATIONS_SERVICE_SID is unset, prints its SID for .env, and names it on a second run', async () => {
    const run = await configure(sandbox, ['--create-service'], unset);
    expect(run.code).toBe(0);
    expect(services()).toHaveLength(2);
    const created = services().find((service) => service.sid !== sandbox.serviceSid)!;
    expect(created.friendlyName).toBe('conversations-functions');
    expect(run.stdout).toContain(`CONVERSATIONS_SERVICE_SID=${created.sid}`);
    // Only the Service: no webhook or address was touched.
    expect(sandbox.state.serviceWebhooks.get(sandbox.serviceSid)!.preWebhookUrl).toBeNull();
    expect(sandbox.state.addressConfigurations.size).toBe(0);

    const again = await configure(sandbox, ['--create-service'], unset);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`exists already: ${created.sid}. Nothing was created.`);
    expect(services()).toHaveLength(2);
  });

  it('prints what it would create with --dry-run, and creates nothing', async () => {
    const run = await configure(sandbox, ['--create-service', '--dry-run'], unset);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Would create a Conversations Service named "conversations-functions"');
    expect(services()).toHaveLength(1);
  });

  it('says CONVERSATIONS_SERVICE_SID is set and creates nothing', async () => {
    const run = await configure(sandbox, ['--create-service']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`CONVERSATIONS_SERVICE_SID is set: ${sandbox.serviceSid}`);
    expect(services()).toHaveLength(1);
  });
});

describe('after configure, an inbound message reaches the functions', () => {
  const WEBHOOK_OK = (status: number | null) => status !== null && status >= 200 && status < 300;

  async function configured(env: Record<string, string> = {}): Promise<Stack> {
    const stack = await startStack({ env });
    const run = await configure(stack.sandbox, ['--base-url', stack.functions.url], env);
    expect(run.code).toBe(0);
    return stack;
  }

  it('autocreates a conversation for an SMS to the configured number and delivers its events to /conversations/webhook', async () => {
    const stack = await configured({ AUTO_REPLY_TEXT: 'Thanks! A person will answer soon.' });
    try {
      const inbound = await stack.sandbox.inbound({ from: '+14155550123', to: SMS, body: 'Hello, is my order shipped?' });
      expect(inbound.outcome).toBe('created');
      await stack.sandbox.idle();
      const url = `${stack.functions.url}/conversations/webhook`;
      // A fresh stack: every delivery to the function comes from this one inbound SMS.
      const deliveries = stack.sandbox.state.webhookDeliveries.filter((d) => d.url === url);
      const events = deliveries.map((d) => `${d.scope}:${d.eventType}`);
      // The service webhooks (pre and post), and nothing conversation-scoped on top. An autocreation
      // sends its first message in onConversationAdd: no onMessageAdd.
      expect(events).toEqual(
        expect.arrayContaining(['service:onConversationAdd', 'service:onConversationAdded', 'service:onParticipantAdded', 'service:onMessageAdded']),
      );
      expect(events).not.toContain('service:onMessageAdd');
      expect(events.filter((event) => event.startsWith('conversation:'))).toEqual([]);
      expect(deliveries.filter((d) => d.eventType === 'onConversationAdded').map((d) => d.params.ConversationSid)).toEqual([
        (inbound as { conversationSid: string }).conversationSid,
      ]);
      expect(deliveries.every((d) => WEBHOOK_OK(d.status))).toBe(true);
      // Each event arrives once.
      expect(deliveries.filter((d) => d.eventType === 'onMessageAdded')).toHaveLength(1);
      const conversationSid = (inbound as { conversationSid: string }).conversationSid;
      const replies = [...stack.sandbox.state.messages.values()].filter(
        (m) => m.conversationSid === conversationSid && m.body === 'Thanks! A person will answer soon.',
      );
      expect(replies).toHaveLength(1);
      stack.sandbox.assertNoViolations();
    } finally {
      await stack.stop();
    }
  });

  it('hands the conversation to the Studio bot when STUDIO_FLOW_SID is set', async () => {
    const stack = await configured({ STUDIO_FLOW_SID: FLOW });
    try {
      const inbound = await stack.sandbox.inbound({ from: '+14155550124', to: SMS, body: 'Hi bot' });
      expect(inbound.outcome).toBe('created');
      await stack.sandbox.idle();
      const conversationSid = (inbound as { conversationSid: string }).conversationSid;
      const executions = conversationView(stack.sandbox, conversationSid).executions();
      expect(executions).toEqual([expect.objectContaining({ flowSid: FLOW, status: 'active' })]);
      // The function's own onConversationAdded bot attach sees the address configuration's studio webhook: one bot, not two.
      const studioHooks = conversationView(stack.sandbox, conversationSid).studioWebhooks();
      expect(studioHooks).toHaveLength(1);
      const url = `${stack.functions.url}/conversations/webhook`;
      const added = stack.sandbox.state.webhookDeliveries.find(
        (d) => d.url === url && d.eventType === 'onConversationAdded' && d.params.ConversationSid === conversationSid,
      );
      expect(WEBHOOK_OK(added?.status ?? null)).toBe(true);
      stack.sandbox.assertNoViolations();
    } finally {
      await stack.stop();
    }
  });
});
