// The sandbox console in a real browser, against `npm start` as a user runs it: the sandbox,
// the functions and the stand-in AI agent wired together, opened by the link it prints. A
// customer texts a card number in by SMS; the conversation appears, the thread shows the
// redacted message, the webhook log the onMessageAdd the functions answered; the hand-off
// brings the agent in, who writes back. Run once per browser (chromium.test.ts,
// firefox.test.ts), driven by puppeteer-core: CDP for Chromium, WebDriver BiDi for Firefox.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startNpmStart, type NpmStart } from '../support/npm-start';
import { browsers, type BrowserName } from './browsers';

const ROOT = join(__dirname, '../..');
const ARTIFACTS = join(__dirname, 'artifacts');
const CARD = '4111 1111 1111 1111';
const CUSTOMER = '+15551230001';
/** Each step waits for the page's next poll (once a second) and the functions' answer. */
const STEP_MS = 10_000;

// What page-side functions see (this file is compiled without the DOM's types; they run in the page).
type PageElement = { textContent: string | null; innerText: string; getAttribute(name: string): string | null; value: string; open: boolean; click(): void };
declare const document: { title: string; querySelectorAll(selector: string): ArrayLike<PageElement>; getElementById(id: string): PageElement | null };
declare function scrollTo(x: number, y: number): void;

function launch(name: BrowserName, executablePath: string): Promise<Browser> {
  if (name === 'firefox') return puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return puppeteer.launch({
    browser: 'chrome',
    executablePath,
    headless: true,
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
}

export function describeConsoleIn(name: BrowserName): void {
  const executablePath = browsers()[name];
  let started: NpmStart;
  let env: { sandboxUrl: string; consoleUrl: string; accountSid: string; authToken: string; smsProxyNumber: string };
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  /** The text of the first element matching `selector` that contains `text`, once there is one. */
  async function waitForText(selector: string, text: string, on: Page = page): Promise<string> {
    const found = await on.waitForFunction(
      (sel: string, wanted: string) => Array.from(document.querySelectorAll(sel)).find((e) => (e.textContent ?? '').includes(wanted))?.innerText,
      { timeout: STEP_MS, polling: 100 },
      selector,
      text,
    );
    return (await found.jsonValue()) as string;
  }

  /**
   * Clicks the first element matching `selector` that contains `text`, inside the page in one
   * step. The console redraws a list whole when any item changes, so an element found by one
   * protocol call may be replaced before the next call clicks it ("Node is detached").
   */
  async function clickLive(selector: string, text = ''): Promise<void> {
    await page.waitForFunction(
      (sel: string, wanted: string) => {
        const target = Array.from(document.querySelectorAll(sel)).find((e) => (e.textContent ?? '').includes(wanted));
        target?.click();
        return target !== undefined;
      },
      { timeout: STEP_MS, polling: 100 },
      selector,
      text,
    );
  }

  async function fill(selector: string, value: string): Promise<void> {
    await page.$eval(selector, (e, v) => ((e as unknown as PageElement).value = v), value);
  }

  async function textIn(body: string, channel: 'sms' | 'whatsapp' = 'sms', from = CUSTOMER): Promise<void> {
    await page.click(`#inbound-form input[name="channel"][value="${channel}"]`);
    await fill('#inbound-from', from);
    await fill('#inbound-body', body);
    await page.click('#inbound-form button[type="submit"]');
  }

  const count = (selector: string) => page.$$eval(selector, (all) => all.length);

  describe(`the sandbox console in ${name === 'chrome' ? 'Chromium' : 'Firefox'}`, () => {
    jest.setTimeout(45_000);

    beforeAll(async () => {
      if (!executablePath) throw new Error(`No ${name} to run in`);
      started = await startNpmStart();
      env = JSON.parse(readFileSync(join(started.workdir, '.sandbox/env.json'), 'utf8'));
      browser = await launch(name, executablePath);
      page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      page.on('request', (request) => requested.push(request.url()));
      page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? error.message : String(error)));
    });

    afterAll(async () => {
      await browser?.close();
      await started?.stop();
    });

    // Without the link or the credentials the console answers 401 with a Basic-auth challenge,
    // which a browser meets with its sign-in prompt: test/sandbox/console.test.ts checks it.

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
      expect(await waitForText('#conversation-list a', 'SMS •••• 0001')).toContain('active');
      await clickLive('#conversation-list a', 'SMS •••• 0001');
      // The first message of an autocreated conversation gets no onMessageAdd: the functions
      // redact it after publication, by REST.
      const first = await waitForText('#thread li[data-policy="redacted after publication"]', 'my card is');
      expect(first).toContain('[card •••• 1111]');
      expect(first).toContain('via SMS');
      // npm start puts its offline stand-in AI agent first in line: it answers, a bot, as `assistant`.
      const answer = await waitForText('#thread li', 'stand-in AI agent');
      expect(answer).toMatch(/bot/i);
      expect(answer).toContain('assistant');
      // (The webhook log shows the fields as Twilio sent them: the customer's words as they arrived.)
      expect(await page.$eval('#conversation', (e) => e.textContent)).not.toContain(CARD);
      expect(await page.$eval('#conversation-list', (e) => e.textContent)).not.toContain(CARD);
    });

    it("logs the onMessageAdd pre-event of the next message with the functions' answer", async () => {
      await textIn(`Sorry, it is ${CARD.replaceAll(' ', '')}`);
      await waitForText('#thread li[data-policy="redacted"]', 'Sorry, it is');
      await page.select('#log-scope', 'chosen');
      await page.waitForSelector('#log-event option[value="onMessageAdd"]', { timeout: STEP_MS });
      await page.select('#log-event', 'onMessageAdd');
      await page.waitForFunction(
        () => {
          const entries = Array.from(document.querySelectorAll('#webhook-log li'));
          return entries.length > 0 && entries.every((li) => li.getAttribute('data-event') === 'onMessageAdd');
        },
        { timeout: STEP_MS, polling: 100 },
      );
      await clickLive('#webhook-log li[data-event="onMessageAdd"] summary');
      const text = await waitForText('#webhook-log li[data-event="onMessageAdd"]', 'X-Twilio-Signature:');
      expect(text).toContain('pre-event onMessageAdd');
      expect(text).toContain('200 modified');
      expect(text).toContain('/conversations/webhook');
      expect(text).toMatch(/"body":\s*"Sorry, it is \[card •••• 1111\]"/);
      expect(text).toContain('EventType');
      await page.select('#log-event', '');
      await page.select('#log-scope', 'all');
    });

    it('hands off as the bot menu would: the agent joins and can write back, delivered by SMS', async () => {
      await page.click('#handoff-button');
      await waitForText('#status', 'Handed off');
      await waitForText('#participants li[data-badge="agent"]', 'agent-ann');
      await waitForText('#thread li', 'A member of our team is joining');
      await page.select('#chat-identity', 'agent-ann');
      await fill('#chat-body', 'Hi, Ann here. Your order ships today.');
      await page.click('#chat-form button[type="submit"]');
      expect(await waitForText('#thread li', 'Ann here')).toMatch(/agent/i);
      await waitForText('#thread li', `Delivery: ${CUSTOMER} delivered`);
      await waitForText('#conversation-list a[aria-current="true"] .badge', 'agent');
    });

    it('makes deliveries to an address fail, and shows the failure on the next message', async () => {
      await fill('#failure-address', CUSTOMER);
      await page.select('#failure-status', 'undelivered');
      await fill('#failure-code', '30005');
      await page.click('#failure-form button[type="submit"]');
      await waitForText('#failures', `${CUSTOMER} undelivered (30005)`);
      await fill('#chat-body', 'Are you still there?');
      await page.click('#chat-form button[type="submit"]');
      await waitForText('#thread li', `${CUSTOMER} undelivered (30005)`);
      await page.select('#failure-status', 'none');
      await page.click('#failure-form button[type="submit"]');
      await waitForText('#failures', 'Every delivery succeeds');
    });

    it('shows what customers write as text, never as markup', async () => {
      await textIn('<img src=x onerror="document.title=\'pwned\'"><b>bold?</b>', 'sms', '+15559870000');
      await waitForText('#conversation-list a', 'SMS •••• 0000');
      await waitForText('#thread li', '<img src=x onerror=');
      expect(await page.title()).toBe('Sandbox console');
      expect(await count('#thread img, #thread b')).toBe(0);
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
      expect(await count('#conversation-list li')).toBe(4);
    });

    it('advances the sandbox clock', async () => {
      const before = await page.$eval('#clock', (e) => e.getAttribute('datetime'));
      await fill('#clock-minutes', '90');
      await page.click('#clock-form button[type="submit"]');
      await waitForText('#status', 'The sandbox clock now reads');
      const after = await page.waitForFunction(
        (was: string | null) => {
          const now = document.getElementById('clock')?.getAttribute('datetime');
          return now !== was && now;
        },
        { timeout: STEP_MS, polling: 100 },
        before,
      );
      expect(Date.parse((await after.jsonValue()) as string) - Date.parse(before!)).toBeGreaterThanOrEqual(90 * 60_000);
    });

    it('loaded nothing from anywhere but the sandbox, and ran without a script error', () => {
      expect(requested.length).toBeGreaterThan(10);
      // (Firefox loads a font of its own as a data: URL: no network either.)
      expect(requested.filter((url) => !url.startsWith(`${env.sandboxUrl}/`) && !url.startsWith('data:'))).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('opens with the sandbox Account SID and Auth Token as Basic-auth credentials', async () => {
      const signedIn = await browser.createBrowserContext();
      const other = await signedIn.newPage();
      await other.authenticate({ username: env.accountSid, password: env.authToken });
      expect((await other.goto(`${env.sandboxUrl}/`))?.status()).toBe(200);
      await waitForText('#conversation-count', '4 in all', other);
      await signedIn.close();
    });

    it('saves a screenshot of the conversation with the card number', async () => {
      await clickLive('#conversation-list li:last-child a');
      await waitForText('#conversation-heading', 'SMS •••• 0001');
      await waitForText('#thread li', 'Ann here');
      await page.select('#log-scope', 'chosen');
      mkdirSync(ARTIFACTS, { recursive: true });
      const shot = join(ARTIFACTS, `console-${name}.png`);
      // The picture is of the page, not of the last action's passing notice.
      await page.evaluate(() => {
        document.getElementById('status')!.textContent = '';
        scrollTo(0, 0);
      });
      await page.screenshot({ path: shot });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      // The README's picture is Chromium's: UPDATE_SCREENSHOT=1 npm test renews it.
      if (process.env.UPDATE_SCREENSHOT === '1' && name === 'chrome') copyFileSync(shot, join(ROOT, 'docs/console.png'));
    });
  });
}
