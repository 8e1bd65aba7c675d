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
/** A test and all its steps (jest's timeout): so also more than the real time a test lets the sandbox clock run on. */
const TEST_MS = 45_000;

// What page-side functions see (this file is compiled without the DOM's types; they run in the page).
type PageElement = {
  textContent: string | null;
  innerText: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  value: string;
  type: string;
  checked: boolean;
  options?: ArrayLike<{ value: string }>;
  click(): void;
  checkVisibility(): boolean;
  matches(selector: string): boolean;
  checkValidity(): boolean;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  dispatchEvent(event: Event): boolean;
};
declare const document: {
  title: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getElementById(id: string): PageElement | null;
};
declare const location: { hash: string };
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

  // The page redraws what changed once a second, and a thread that grows moves what is below
  // it: an element found, or a point to click computed, by one protocol call may be replaced or
  // moved before the next call acts on it ("Node is detached from document", "Node is either
  // not clickable", or a click that lands beside it). So every step below finds and acts, or
  // finds and reads, inside the page in one call, and waits for the outcome of what it did.

  /** The text of the first element matching `selector` that contains every one of `texts`, once there is one. */
  async function waitForText(selector: string, texts: string | string[], on: Page = page): Promise<string> {
    const found = await on.waitForFunction(
      (sel: string, wanted: string[]) =>
        Array.from(document.querySelectorAll(sel)).find((e) => wanted.every((w) => (e.textContent ?? '').includes(w)))?.innerText,
      { timeout: STEP_MS, polling: 100 },
      selector,
      [texts].flat(),
    );
    return (await found.jsonValue()) as string;
  }

  /** Clicks the first element matching `selector` that contains `text`, once one is shown and enabled, as a user can. */
  async function clickLive(selector: string, text = ''): Promise<void> {
    await page.waitForFunction(
      (sel: string, wanted: string) => {
        const target = Array.from(document.querySelectorAll(sel)).find(
          (e) => (e.textContent ?? '').includes(wanted) && e.checkVisibility() && !e.matches(':disabled'),
        );
        target?.click();
        return target !== undefined;
      },
      { timeout: STEP_MS, polling: 100 },
      selector,
      text,
    );
  }

  /**
   * Sets the fields of a form by name, once every value chosen is among its options, as a user
   * would: a radio button is clicked, other fields hear `input` and `change`. With `submit`, it
   * also clicks the submit button, once it is shown and enabled (it is disabled while the form's
   * last action is under way) and the form is valid (the To choices come with the page's first
   * answer): in the same step, so nothing the page does in between empties a field.
   */
  async function fillIn(form: string, fields: Record<string, string>, submit = false): Promise<void> {
    await page.waitForFunction(
      (sel: string, values: Record<string, string>, submitting: boolean) => {
        const target = document.querySelector(sel);
        const button = target?.querySelector('button[type="submit"]');
        if (!target || (submitting && (!button || !button.checkVisibility() || button.matches(':disabled')))) return false;
        // A field by name; of radio buttons, the one with that value.
        const control = (name: string, value: string) =>
          Array.from(target.querySelectorAll(`[name="${name}"]`)).find((e) => e.type !== 'radio' || e.value === value) ?? null;
        const entries = Object.entries(values);
        const settable = ([name, value]: [string, string]) => {
          const field = control(name, value);
          return field !== null && (field.options === undefined || Array.from(field.options).some((o) => o.value === value));
        };
        if (!entries.every(settable)) return false;
        for (const [name, value] of entries) {
          const field = control(name, value)!;
          if (field.type === 'radio') {
            if (!field.checked) field.click();
            continue;
          }
          field.value = value;
          field.dispatchEvent(new Event('input', { bubbles: true }));
          field.dispatchEvent(new Event('change', { bubbles: true }));
        }
        if (!submitting) return true;
        if (!target.checkValidity()) return false;
        button!.click();
        return true;
      },
      { timeout: STEP_MS, polling: 100 },
      form,
      fields,
      submit,
    );
  }

  const submit = (form: string, fields: Record<string, string>) => fillIn(form, fields, true);

  const textIn = (body: string, channel: 'sms' | 'whatsapp' = 'sms', from = CUSTOMER) => submit('#inbound-form', { channel, from, body });

  /** Waits until the webhook log shows entries, and only the chosen conversation's (and only `event`s, if given). */
  async function waitForChosenLog(event?: string): Promise<void> {
    await page.waitForFunction(
      (only: string | null) => {
        const entries = Array.from(document.querySelectorAll('#webhook-log li'));
        const chosen = location.hash.slice(1);
        return (
          entries.length > 0 &&
          entries.every((li) => li.getAttribute('data-conversation') === chosen && (only === null || li.getAttribute('data-event') === only))
        );
      },
      { timeout: STEP_MS, polling: 100 },
      event ?? null,
    );
  }

  const count = (selector: string) => page.evaluate((sel: string) => document.querySelectorAll(sel).length, selector);

  describe(`the sandbox console in ${name === 'chrome' ? 'Chromium' : 'Firefox'}`, () => {
    jest.setTimeout(TEST_MS);

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
      // The thread is redrawn for the new message, but the messages that did not change stay the
      // very nodes they were (a click or a text selection in one survives the redraw).
      const first = '#thread li[data-policy="redacted after publication"]';
      await page.evaluate((sel: string) => document.querySelector(sel)?.setAttribute('data-seen', ''), first);
      await textIn(`Sorry, it is ${CARD.replaceAll(' ', '')}`);
      await waitForText('#thread li[data-policy="redacted"]', 'Sorry, it is');
      expect(await count(`${first}[data-seen]`)).toBe(1);
      await fillIn('#log-filter', { scope: 'chosen', event: 'onMessageAdd' });
      await waitForChosenLog('onMessageAdd');
      await clickLive('#webhook-log li[data-event="onMessageAdd"] summary');
      // (A closed entry holds its text too, unshown: the open one is what the user reads.)
      const text = await waitForText('#webhook-log li[data-event="onMessageAdd"] details[open]', 'X-Twilio-Signature:');
      expect(text).toContain('pre-event onMessageAdd');
      expect(text).toContain('200 modified');
      expect(text).toContain('/conversations/webhook');
      expect(text).toMatch(/"body":\s*"Sorry, it is \[card •••• 1111\]"/);
      expect(text).toContain('EventType');
      await fillIn('#log-filter', { event: '', scope: 'all' });
    });

    it('hands off as the bot menu would: the agent joins and can write back, delivered by SMS', async () => {
      await clickLive('#handoff-button');
      await waitForText('#status', 'Handed off');
      await waitForText('#participants li[data-badge="agent"]', 'agent-ann');
      await waitForText('#thread li', 'A member of our team is joining');
      await submit('#chat-form', { identity: 'agent-ann', body: 'Hi, Ann here. Your order ships today.' });
      expect(await waitForText('#thread li', 'Ann here')).toMatch(/agent/i);
      // Ann's message itself (the agent's answers before it were delivered by SMS too).
      await waitForText('#thread li', ['Ann here', `Delivery: ${CUSTOMER} delivered`]);
      await waitForText('#conversation-list a[aria-current="true"] .badge', 'agent');
    });

    it('makes deliveries to an address fail, and shows the failure on the next message', async () => {
      await submit('#failure-form', { address: CUSTOMER, status: 'undelivered', errorCode: '30005' });
      await waitForText('#failures', `${CUSTOMER} undelivered (30005)`);
      await submit('#chat-form', { body: 'Are you still there?' });
      await waitForText('#thread li', ['Are you still there?', `${CUSTOMER} undelivered (30005)`]);
      await submit('#failure-form', { status: 'none' });
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
      const before = Date.parse((await page.$eval('#clock', (e) => e.getAttribute('datetime')))!);
      await submit('#clock-form', { minutes: '90' });
      await waitForText('#status', 'The sandbox clock now reads');
      // The clock runs on with real time, and the page shows each second's reading: what it
      // waits for is a jump, more than the real time a test takes.
      const after = await page.waitForFunction(
        (was: number, jump: number) => {
          const now = Date.parse(document.getElementById('clock')?.getAttribute('datetime') ?? '');
          return now - was > jump && now;
        },
        { timeout: STEP_MS, polling: 100 },
        before,
        TEST_MS,
      );
      const moved = ((await after.jsonValue()) as number) - before;
      expect(moved).toBeGreaterThanOrEqual(90 * 60_000);
      expect(moved).toBeLessThan(90 * 60_000 + TEST_MS);
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
      await clickLive('#conversation-list a', 'SMS •••• 0001');
      await waitForText('#conversation-heading', 'SMS •••• 0001');
      await waitForText('#thread li', 'Ann here');
      await fillIn('#log-filter', { scope: 'chosen' });
      // The log as it is once the filter is in effect (the page's answer to it comes after the choice).
      await waitForChosenLog();
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
