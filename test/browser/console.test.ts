// The sandbox console in a real headless Chromium, against `npm start` as a user runs it:
// the sandbox and the functions wired together, opened by the link it prints. A customer
// texts a card number in by SMS; the conversation appears, the thread shows the redacted
// message, the webhook log the onMessageAdd the functions answered; the hand-off brings
// the agent in, who writes back. A screenshot of the end is saved as a test artifact.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startNpmStart, type NpmStart } from '../support/npm-start';
import { chromiumPath } from './chromium';

const ROOT = join(__dirname, '../..');
const ARTIFACTS = join(__dirname, 'artifacts');
const CARD = '4111 1111 1111 1111';
const CUSTOMER = '+15551230001';
/** Each step waits for the page's next poll (once a second) and the functions' answer. */
const STEP_MS = 10_000;

jest.setTimeout(90_000);

let started: NpmStart;
let env: { sandboxUrl: string; consoleUrl: string; accountSid: string; authToken: string; smsProxyNumber: string };
let browser: Browser;
let page: Page;
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  started = await startNpmStart();
  env = JSON.parse(readFileSync(join(started.workdir, '.sandbox/env.json'), 'utf8'));
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    // Without the background-networking switches Chromium calls Google's hosts at start; as
    // root (CI containers) it refuses to run without --no-sandbox.
    args: [
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
});

async function textIn(body: string, channel: 'sms' | 'whatsapp' = 'sms', from = CUSTOMER): Promise<void> {
  await page.check(`#inbound-form input[name="channel"][value="${channel}"]`);
  await page.fill('#inbound-from', from);
  await page.fill('#inbound-body', body);
  await page.click('#inbound-form button[type="submit"]');
}

/** The text of the first element matching `selector` once it contains `text`. */
async function waitForText(selector: string, text: string): Promise<string> {
  const element = page.locator(selector, { hasText: text }).first();
  await element.waitFor({ timeout: STEP_MS });
  return element.innerText();
}

describe('the sandbox console in Chromium', () => {
  it('is refused without the link or the credentials, and asks for the credentials', async () => {
    const context = await browser.newContext();
    const answer = await context.request.get(`${env.sandboxUrl}/`);
    expect(answer.status()).toBe(401);
    expect(answer.headers()['www-authenticate']).toBe('Basic realm="Twilio sandbox console"');
    expect(await answer.text()).toContain('npm start');
    await context.close();
  });

  it("opens with the sandbox's Account SID and Auth Token as Basic-auth credentials", async () => {
    const context = await browser.newContext({ httpCredentials: { username: env.accountSid, password: env.authToken } });
    const signedIn = await context.newPage();
    expect((await signedIn.goto(`${env.sandboxUrl}/`))?.status()).toBe(200);
    await signedIn.locator('#conversation-count', { hasText: 'None yet' }).waitFor({ timeout: STEP_MS });
    await context.close();
  });

  it('opens from the link npm start printed, and drops the token from the address', async () => {
    expect(started.output).toContain(env.consoleUrl);
    await page.goto(env.consoleUrl);
    expect(page.url()).toBe(`${env.sandboxUrl}/`);
    await waitForText('#conversation-count', 'None yet');
    expect(await page.title()).toBe('Sandbox console');
  });

  it('shows an SMS with a card number as a new conversation, redacted in the thread', async () => {
    await textIn(`Hi, my card is ${CARD}, can you check my order?`);
    // The functions name an autocreated conversation after its channel and the number's last digits.
    const listed = await waitForText('#conversation-list a', 'SMS •••• 0001');
    expect(listed).toContain('active');
    await page.locator('#conversation-list a').first().click();
    // The first message of an autocreated conversation gets no onMessageAdd: the functions
    // redact it after publication, by REST.
    const first = await waitForText('#thread li[data-policy="redacted after publication"]', 'my card is');
    expect(first).toContain('[card •••• 1111]');
    expect(first).toContain('via SMS');
    // npm start puts its offline stand-in AI agent first in line: it answers, a bot, as `assistant`.
    const answer = await waitForText('#thread li', 'stand-in AI agent');
    expect(answer).toContain('BOT');
    expect(answer).toContain('assistant');
    // (The webhook log shows the fields as Twilio sent them: the customer's words as they arrived.)
    expect(await page.textContent('#conversation')).not.toContain(CARD);
    expect(await page.textContent('#conversation-list')).not.toContain(CARD);
  });

  it("logs the onMessageAdd pre-event of the next message with the functions' answer", async () => {
    await textIn(`Sorry, it is ${CARD.replaceAll(' ', '')}`);
    await waitForText('#thread li[data-policy="redacted"]', 'Sorry, it is');
    await page.selectOption('#log-scope', 'chosen');
    await page.locator('#log-event option[value="onMessageAdd"]').waitFor({ state: 'attached', timeout: STEP_MS });
    await page.selectOption('#log-event', 'onMessageAdd');
    const entry = page.locator('#webhook-log li[data-event="onMessageAdd"]').first();
    await entry.waitFor({ timeout: STEP_MS });
    await page.waitForFunction(`[...document.querySelectorAll('#webhook-log li')].every((li) => li.dataset.event === 'onMessageAdd')`, null, {
      timeout: STEP_MS,
    });
    await entry.locator('summary').click();
    const text = await entry.innerText();
    expect(text).toContain('pre-event onMessageAdd');
    expect(text).toContain('200 modified');
    expect(text).toContain('X-Twilio-Signature:');
    expect(text).toContain('/conversations/webhook');
    expect(text).toMatch(/"body":\s*"Sorry, it is \[card •••• 1111\]"/);
    expect(await entry.locator('th', { hasText: 'EventType' }).count()).toBe(1);
    await page.selectOption('#log-event', '');
    await page.selectOption('#log-scope', 'all');
  });

  it('hands off as the bot menu would: the agent joins and can write back, delivered by SMS', async () => {
    await page.click('#handoff-button');
    await waitForText('#status', 'Handed off');
    await waitForText('#participants li[data-badge="agent"]', 'agent-ann');
    await waitForText('#thread li', 'A member of our team is joining');
    await page.selectOption('#chat-identity', 'agent-ann');
    await page.fill('#chat-body', 'Hi, Ann here. Your order ships today.');
    await page.click('#chat-form button[type="submit"]');
    const reply = await waitForText('#thread li', 'Ann here');
    expect(reply).toContain('AGENT');
    await waitForText('#thread li', `Delivery: ${CUSTOMER} delivered`);
    expect(await page.locator('#conversation-list a[aria-current="true"] .badge', { hasText: 'agent' }).count()).toBe(1);
  });

  it('makes deliveries to an address fail, and shows the failure on the next message', async () => {
    await page.fill('#failure-address', CUSTOMER);
    await page.selectOption('#failure-status', 'undelivered');
    await page.fill('#failure-code', '30005');
    await page.click('#failure-form button[type="submit"]');
    await waitForText('#failures', `${CUSTOMER} undelivered (30005)`);
    await page.fill('#chat-body', 'Are you still there?');
    await page.click('#chat-form button[type="submit"]');
    await waitForText('#thread li', `${CUSTOMER} undelivered (30005)`);
    await page.selectOption('#failure-status', 'none');
    await page.click('#failure-form button[type="submit"]');
    await waitForText('#failures', 'Every delivery succeeds');
  });

  it('shows what customers write as text, never as markup', async () => {
    await textIn('<img src=x onerror="document.title=\'pwned\'"><b>bold?</b>', 'sms', '+15559870000');
    await waitForText('#conversation-list a', 'SMS •••• 0000');
    await waitForText('#thread li', '<img src=x onerror=');
    expect(await page.title()).toBe('Sandbox console');
    expect(await page.locator('#thread img, #thread b').count()).toBe(0);
  });

  it('lists a conversation that started elsewhere without a reload, and texts in by WhatsApp', async () => {
    const auth = `Basic ${Buffer.from(`${env.accountSid}:${env.authToken}`).toString('base64')}`;
    const form = new URLSearchParams({ From: '+15557654321', To: env.smsProxyNumber, Body: 'Texted from a real phone, so to speak' });
    const answer = await fetch(`${env.sandboxUrl}/sandbox/inbound`, { method: 'POST', headers: { Authorization: auth }, body: form });
    expect(answer.status).toBe(200);
    await waitForText('#conversation-list a', 'SMS •••• 4321');
    await textIn('Hola, ¿dónde está mi pedido?', 'whatsapp', '+5215512345678');
    await waitForText('#conversation-list a', 'WhatsApp •••• 5678');
    await waitForText('#participants li[data-badge="whatsapp"]', 'whatsapp:+5215512345678');
    await waitForText('#thread li', 'dónde está');
    expect(await page.locator('#conversation-list li').count()).toBe(4);
  });

  it('advances the sandbox clock', async () => {
    const before = await page.getAttribute('#clock', 'datetime');
    await page.fill('#clock-minutes', '90');
    await page.click('#clock-form button[type="submit"]');
    await waitForText('#status', 'The sandbox clock now reads');
    // (Page-side code is passed as text: the test is compiled without the DOM's types.)
    await page.waitForFunction(`document.getElementById('clock').getAttribute('datetime') !== ${JSON.stringify(before)}`, null, { timeout: STEP_MS });
    const after = await page.getAttribute('#clock', 'datetime');
    expect(Date.parse(after!) - Date.parse(before!)).toBeGreaterThanOrEqual(90 * 60_000);
  });

  it('loaded nothing from anywhere but the sandbox, and ran without a script error', async () => {
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => !url.startsWith(`${env.sandboxUrl}/`))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('saves a screenshot of the conversation with the card number', async () => {
    await page.locator('#conversation-list a', { hasText: 'SMS •••• 0001' }).click();
    await waitForText('#thread li', 'Ann here');
    await page.selectOption('#log-scope', 'chosen');
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'console.png');
    // The picture is of the page, not of the last action's passing notice.
    await page.evaluate("document.getElementById('status').textContent = ''; scrollTo(0, 0)");
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    // The README's picture is this one: UPDATE_SCREENSHOT=1 npm test renews it.
    if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(shot, join(ROOT, 'docs/console.png'));
  });
});
