// The configure command end to end against an in-memory fake of its Twilio interface:
// exit codes, what is written (and what is not), partial failures, the read-back, settings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExistingAddress, WantedAddress, WebhookScope, WebhookSettings } from '../../../../scripts/configure/plan';
import { runConfigure } from '../../../../scripts/configure/run';
import type { AccountSettings } from '../../../../scripts/configure/settings';
import { autoCreationOptions, type ConfigurationApi, type ConversationService, type SyncService } from '../../../../scripts/configure/twilio-api';

const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
const SERVICE = 'IS' + 'c'.repeat(32);
const SMS = '+14155550100';
const WHATSAPP = 'whatsapp:+14155238886';
const BASE = 'https://demo-1234-dev.twil.io';

type Write = { call: string; target: string };

/** Twilio's configuration in memory; `failOn` makes one write fail; `dropWrites` makes writes vanish. */
class FakeApi implements ConfigurationApi {
  webhooks: Record<WebhookScope, WebhookSettings> = {
    service: { preWebhookUrl: null, postWebhookUrl: null, method: 'POST', filters: [] },
    global: { preWebhookUrl: null, postWebhookUrl: null, method: 'POST', filters: [] },
  };
  addresses: ExistingAddress[] = [];
  writes: Write[] = [];
  failOn?: string;
  dropWrites = false;
  readError?: unknown;
  private next = 0;

  async fetchWebhooks(scope: WebhookScope) {
    if (this.readError) throw this.readError;
    return structuredClone(this.webhooks[scope]);
  }
  async updateWebhooks(scope: WebhookScope, _service: string, settings: WebhookSettings) {
    this.write('updateWebhooks', scope);
    if (!this.dropWrites) this.webhooks[scope] = structuredClone(settings);
  }
  async listAddresses() {
    return structuredClone(this.addresses);
  }
  async createAddress(address: WantedAddress) {
    this.write('createAddress', address.address);
    const sid = `IG${String((this.next += 1)).padStart(32, '0')}`;
    if (!this.dropWrites) this.addresses.push({ sid, type: address.type, address: address.address, autoCreation: structuredClone(address.autoCreation) });
    return sid;
  }
  async updateAddress(sid: string, address: WantedAddress) {
    this.write('updateAddress', address.address);
    const found = this.addresses.find((a) => a.sid === sid)!;
    if (!this.dropWrites) found.autoCreation = structuredClone(address.autoCreation);
  }
  defaultServiceSid: string | null = SERVICE;
  async fetchDefaultServiceSid() {
    return this.defaultServiceSid;
  }
  async listEnvironments(): Promise<never> {
    throw new Error('not deployed');
  }
  /** Sync Services by SID (and `default`); `syncError` makes the fetch fail. */
  syncServices: Record<string, SyncService> = { default: { sid: 'IS' + 'd'.repeat(32), friendlyName: 'Default Service' } };
  syncFetches: string[] = [];
  syncError?: unknown;
  async fetchSyncService(sid: string) {
    this.syncFetches.push(sid);
    if (this.syncError) throw this.syncError;
    return this.syncServices[sid] ?? null;
  }
  /** The account's Conversations Services; `createError` makes the create fail. */
  conversationServices: ConversationService[] = [{ sid: SERVICE, friendlyName: 'Default Conversations Service' }];
  createError?: unknown;
  async listConversationServices() {
    return structuredClone(this.conversationServices);
  }
  async fetchConversationService(sid: string) {
    return this.conversationServices.find((service) => service.sid === sid) ?? null;
  }
  async createConversationService(friendlyName: string) {
    this.write('createConversationService', friendlyName);
    if (this.createError) throw this.createError;
    const created = { sid: `IS${String((this.next += 1)).padStart(32, '0')}`, friendlyName };
    this.conversationServices.push(created);
    return created;
  }
  private write(call: string, target: string) {
    if (this.failOn === target) throw Object.assign(new Error('Service Unavailable'), { status: 503, code: 20503, moreInfo: '' });
    this.writes.push({ call, target });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'configure-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => rmSync(join(dir, '.env'), { force: true }));

const env = { ACCOUNT_SID, AUTH_TOKEN, CONVERSATIONS_SERVICE_SID: SERVICE, SMS_PROXY_NUMBER: SMS, WHATSAPP_SENDER: WHATSAPP };

async function run(api: FakeApi, argv: string[], environment: Record<string, string | undefined> = env) {
  const out: string[] = [];
  const err: string[] = [];
  const connected: AccountSettings[] = [];
  const code = await runConfigure({
    argv,
    env: environment,
    cwd: dir,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    connect: (settings) => (connected.push(settings), api),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), connected };
}

describe('npm run configure (against a fake Twilio)', () => {
  it('creates everything, verifies it, and writes nothing on a second run', async () => {
    const api = new FakeApi();
    const first = await run(api, ['--base-url', BASE]);
    expect(first.code).toBe(0);
    expect(api.writes.map((w) => w.call)).toEqual(['updateWebhooks', 'createAddress', 'createAddress']);
    expect(first.out).toMatch(/Verified: read back 3 items, all match\./);
    api.writes = [];
    const second = await run(api, ['--base-url', BASE]);
    expect(second.code).toBe(0);
    expect(api.writes).toEqual([]);
    expect(second.out.match(/: up to date/g)).toHaveLength(3);
  });

  it('writes nothing on --dry-run and prints current -> wanted', async () => {
    const api = new FakeApi();
    const result = await run(api, ['--dry-run', '--base-url', BASE]);
    expect(result.code).toBe(0);
    expect(api.writes).toEqual([]);
    expect(result.out).toContain(`PreWebhookUrl   (none) -> ${BASE}/conversations/webhook`);
    expect(result.out).toMatch(/3 of 3 items would change; nothing was written/);
  });

  it('reports exactly which steps were applied when one fails midway, and exits 1', async () => {
    const api = new FakeApi();
    api.failOn = SMS;
    const result = await run(api, ['--base-url', BASE]);
    expect(result.code).toBe(1);
    expect(api.writes).toEqual([{ call: 'updateWebhooks', target: 'service' }]);
    expect(result.out).toContain(`address sms ${SMS}: failed: HTTP 503 (Twilio error 20503): Service Unavailable`);
    expect(result.err).toContain(`applied:        service webhooks ${SERVICE}`);
    expect(result.err).toContain(`failed:         address sms ${SMS}`);
    expect(result.err).toContain(`not attempted:  address whatsapp ${WHATSAPP}`);
    expect(result.err).toMatch(/safe to repeat.*run `npm run configure` again/);
    api.failOn = undefined;
    api.writes = [];
    expect((await run(api, ['--base-url', BASE])).code).toBe(0);
    expect(api.writes.map((w) => w.target)).toEqual([SMS, WHATSAPP]);
  });

  it('exits 1 when the read-back differs from what was written', async () => {
    const api = new FakeApi();
    api.dropWrites = true;
    const result = await run(api, ['--base-url', BASE]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Read-back does not match/);
  });

  it('sets the account-wide webhooks with --global and leaves the service ones alone', async () => {
    const api = new FakeApi();
    expect((await run(api, ['--global', '--base-url', BASE])).code).toBe(0);
    expect(api.webhooks.global.postWebhookUrl).toBe(`${BASE}/conversations/webhook`);
    expect(api.webhooks.service.postWebhookUrl).toBeNull();
  });

  it.each(['ACCOUNT_SID', 'AUTH_TOKEN', 'CONVERSATIONS_SERVICE_SID'])('exits 2 naming %s when it is missing, before connecting', async (name) => {
    const api = new FakeApi();
    const result = await run(api, ['--base-url', BASE], { ...env, [name]: undefined });
    expect(result.code).toBe(2);
    expect(result.err).toContain(`Missing ${name}: set it in .env`);
    expect(result.connected).toEqual([]);
  });

  it('checks the default Conversations Service only when Flex is configured, reports it without changing it, and exits 1', async () => {
    const api = new FakeApi();
    api.defaultServiceSid = 'IS' + '7'.repeat(32);
    expect((await run(api, ['--base-url', BASE])).code).toBe(0);
    const flex = { ...env, FLEX_WORKSPACE_SID: 'WS' + '1'.repeat(32), FLEX_WORKFLOW_SID: 'WW' + '1'.repeat(32) };
    const second = await run(api, ['--base-url', BASE], flex);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/problem: Flex needs its Flex Chat Service.*IS7{32}/);
    expect(api.writes).toHaveLength(3);
    const dry = await run(api, ['--dry-run', '--base-url', BASE], flex);
    expect([dry.code, /problem: Flex/.test(dry.err)]).toEqual([0, true]);
    api.defaultServiceSid = SERVICE;
    expect((await run(api, ['--base-url', BASE], flex)).code).toBe(0);
  });

  it('checks the Sync Service the functions use (default when SYNC_SERVICE_SID is unset), never creating one', async () => {
    const api = new FakeApi();
    const found = await run(api, ['--base-url', BASE]);
    expect(found.code).toBe(0);
    expect(found.out).toContain(`Sync Service default: IS${'d'.repeat(32)} (Default Service)`);
    const own = 'IS' + '5'.repeat(32);
    api.syncServices[own] = { sid: own, friendlyName: null };
    expect((await run(api, ['--base-url', BASE], { ...env, SYNC_SERVICE_SID: own })).out).toContain(`Sync Service ${own}: ${own}`);
    expect(api.syncFetches).toEqual(['default', own]);
  });

  it.each([
    ['unset', undefined, /account's default Sync Service \(SYNC_SERVICE_SID is unset\)/],
    ['an unknown SID', 'IS' + '6'.repeat(32), /SYNC_SERVICE_SID IS6{32}/],
  ])('exits 1 with how to create one when the Sync Service (SYNC_SERVICE_SID %s) does not exist, and still writes the webhooks', async (_, sid, which) => {
    const api = new FakeApi();
    api.syncServices = {};
    const result = await run(api, ['--base-url', BASE], { ...env, SYNC_SERVICE_SID: sid });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(which);
    expect(result.err).toContain('problem: The functions keep their state in');
    expect(result.err).toContain('`twilio api:sync:v1:services:create --friendly-name conversations-functions`');
    expect(result.err).toContain('then set SYNC_SERVICE_SID to its SID');
    expect(api.writes.map((w) => w.call)).toEqual(['updateWebhooks', 'createAddress', 'createAddress']);
    // Up to date, the problem still fails the run; a dry run reports it and exits 0, as for Flex.
    expect((await run(api, ['--base-url', BASE], { ...env, SYNC_SERVICE_SID: sid })).code).toBe(1);
    const dry = await run(api, ['--dry-run', '--base-url', BASE], { ...env, SYNC_SERVICE_SID: sid });
    expect([dry.code, /problem: The functions keep their state/.test(dry.err)]).toEqual([0, true]);
  });

  it('exits 1 naming the call when the Sync Service cannot be read, and 2 on a SYNC_SERVICE_SID that is no IS SID', async () => {
    const api = new FakeApi();
    api.syncError = Object.assign(new Error('Service Unavailable'), { status: 503, code: 20503, moreInfo: '' });
    const failed = await run(api, ['--base-url', BASE]);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('Could not check the Sync Service default: HTTP 503 (Twilio error 20503): Service Unavailable');
    for (const bad of ['default', 'ISnot-a-sid', 'ES' + 'a'.repeat(32)]) {
      const refused = await run(new FakeApi(), ['--base-url', BASE], { ...env, SYNC_SERVICE_SID: bad });
      expect([bad, refused.code]).toEqual([bad, 2]);
      expect(refused.err).toMatch(/SYNC_SERVICE_SID must be a(n)? IS SID/);
      expect(refused.connected).toEqual([]);
    }
  });

  it('exits 2 on a malformed variable, naming it and not its value', async () => {
    const result = await run(new FakeApi(), ['--base-url', BASE], { ...env, STUDIO_FLOW_SID: 'FWnot-a-sid' });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/STUDIO_FLOW_SID must be a FW SID/);
    expect(result.err).not.toContain('FWnot-a-sid');
  });

  it('exits 2 without writing when Twilio refuses the credentials', async () => {
    const api = new FakeApi();
    api.readError = Object.assign(new Error('Authenticate'), { status: 401, code: 20003, moreInfo: '' });
    const result = await run(api, ['--base-url', BASE]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/refused the credentials.*check ACCOUNT_SID and AUTH_TOKEN/);
    expect(api.writes).toEqual([]);
  });

  it('exits 2 on an unknown flag and without a base URL (no deploy info)', async () => {
    expect((await run(new FakeApi(), ['--dryrun'])).code).toBe(2);
    const noBase = await run(new FakeApi(), []);
    expect(noBase.code).toBe(2);
    expect(noBase.err).toMatch(/No \.twiliodeployinfo.*--base-url/);
  });

  it('reads .env, lets the environment win, and never takes TWILIO_API_BASE_URL from .env', async () => {
    writeFileSync(
      join(dir, '.env'),
      `ACCOUNT_SID=${ACCOUNT_SID}\nAUTH_TOKEN=${AUTH_TOKEN}\nCONVERSATIONS_SERVICE_SID=${SERVICE}\n` +
        'SMS_PROXY_NUMBER=+14155550199\nTWILIO_API_BASE_URL=http://127.0.0.1:1\n',
    );
    const result = await run(new FakeApi(), ['--dry-run', '--base-url', BASE], { SMS_PROXY_NUMBER: SMS });
    expect(result.code).toBe(0);
    expect(result.connected[0]).toMatchObject({ accountSid: ACCOUNT_SID, serviceSid: SERVICE, smsNumber: SMS, apiBaseUrl: undefined });
    expect(result.err).toMatch(/TWILIO_API_BASE_URL: ignored/);
  });
});

describe('npm run configure -- --create-service (against a fake Twilio)', () => {
  const { CONVERSATIONS_SERVICE_SID: _set, ...unset } = env;

  it('creates a Service when CONVERSATIONS_SERVICE_SID is not set, and prints the line for .env', async () => {
    const api = new FakeApi();
    const result = await run(api, ['--create-service'], unset);
    expect(result.code).toBe(0);
    expect(api.writes).toEqual([{ call: 'createConversationService', target: 'conversations-functions' }]);
    const created = api.conversationServices.at(-1)!;
    expect(result.out).toContain(`  CONVERSATIONS_SERVICE_SID=${created.sid}`);
    // Nothing else is configured: there is no deploy to point webhooks at yet.
    expect(api.syncFetches).toEqual([]);
  });

  it('creates nothing on a second run: the Service of that name is named instead', async () => {
    const api = new FakeApi();
    await run(api, ['--create-service'], unset);
    api.writes = [];
    const second = await run(api, ['--create-service'], unset);
    expect(second.code).toBe(0);
    expect(api.writes).toEqual([]);
    expect(second.out).toMatch(/named "conversations-functions" exists already: IS0+1\. Nothing was created/);
    expect(second.out).toContain('CONVERSATIONS_SERVICE_SID=IS' + '0'.repeat(31) + '1');
  });

  it('creates one of another name with --friendly-name', async () => {
    const api = new FakeApi();
    api.conversationServices.push({ sid: 'IS' + 'e'.repeat(32), friendlyName: 'conversations-functions' });
    const result = await run(api, ['--create-service', '--friendly-name', 'support-staging'], unset);
    expect(result.code).toBe(0);
    expect(api.writes).toEqual([{ call: 'createConversationService', target: 'support-staging' }]);
  });

  it('prints what it would create on --dry-run and creates nothing', async () => {
    const api = new FakeApi();
    const result = await run(api, ['--create-service', '--dry-run'], unset);
    expect(result.code).toBe(0);
    expect(api.writes).toEqual([]);
    expect(result.out).toMatch(/Would create a Conversations Service named "conversations-functions"[\s\S]*Dry run: nothing was created/);
  });

  it('says so and creates nothing when CONVERSATIONS_SERVICE_SID is set; exits 1 when it names no Service', async () => {
    const api = new FakeApi();
    const set = await run(api, ['--create-service']);
    expect(set.code).toBe(0);
    expect(set.out).toMatch(new RegExp(`CONVERSATIONS_SERVICE_SID is set: ${SERVICE} \\("Default Conversations Service"\\)\\. Nothing to create`));
    const missing = await run(api, ['--create-service'], { ...env, CONVERSATIONS_SERVICE_SID: 'IS' + '9'.repeat(32) });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Twilio has no such Conversations Service/);
    expect(api.writes).toEqual([]);
  });

  it('exits 1 when the create fails, saying a rerun finds a Service it made meanwhile', async () => {
    const api = new FakeApi();
    api.createError = Object.assign(new Error('Service Unavailable'), { status: 503, code: 20503 });
    const result = await run(api, ['--create-service'], unset);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/HTTP 503.*Run the command again/);
  });

  it('exits 2 for flags that do not go with it, or a --friendly-name alone', async () => {
    for (const argv of [
      ['--create-service', '--global'],
      ['--create-service', '--base-url', BASE],
      ['--friendly-name', 'x'],
      ['--create-service', '--friendly-name', ' x'],
    ]) {
      const result = await run(new FakeApi(), argv, unset);
      expect([argv, result.code]).toEqual([argv, 2]);
    }
  });

  it('still needs ACCOUNT_SID and AUTH_TOKEN (exit 2, nothing created)', async () => {
    const { AUTH_TOKEN: _token, ...noToken } = unset;
    const result = await run(new FakeApi(), ['--create-service'], noToken);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/Missing AUTH_TOKEN/);
  });
});

describe('autoCreationOptions', () => {
  it('sends flat keys, and only the fields of the kind', () => {
    const plain = {
      enabled: true,
      type: 'default',
      conversationServiceSid: SERVICE,
      webhookUrl: 'https://stale.example/hook',
      webhookMethod: 'POST',
      webhookFilters: ['onMessageAdded'],
      studioFlowSid: null,
    };
    expect(autoCreationOptions(plain)).toEqual({
      'autoCreation.enabled': true,
      'autoCreation.type': 'default',
      'autoCreation.conversationServiceSid': SERVICE,
    });
    const studio = { ...plain, type: 'studio', studioFlowSid: 'FW' + 'f'.repeat(32) };
    expect(Object.keys(autoCreationOptions(studio))).toEqual([
      'autoCreation.enabled',
      'autoCreation.type',
      'autoCreation.conversationServiceSid',
      'autoCreation.studioFlowSid',
    ]);
  });
});
