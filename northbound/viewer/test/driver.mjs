// Drives Debian's Chromium for the viewer's browser test, one JSON command a line on stdin, one JSON answer
// a line on stdout; the Java test (ViewerBrowser) decides what to check. Chromium runs headless with its
// background networking off: the machine has no network beyond the test's own addresses.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
let context = null;
let page = null;
let profile = null;

async function closeBrowser() {
  await context?.close();
  if (profile) {
    await rm(profile, { recursive: true, force: true });
  }
}

async function open({ width, height }) {
  await closeBrowser();
  // A fresh profile for every session: nothing (a token in storage) carries over from the last one.
  profile = await mkdtemp(join(tmpdir(), 'vw-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: flags,
    viewport: { width: width ?? 1400, height: height ?? 900 } });
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  return {};
}

const ready = () => page.waitForFunction(() => window.sluiceViewer?.ready === true, null, { timeout: 20000 });

const commands = {
  open,
  async goto({ url }) {
    const started = Date.now();
    await page.goto(url);
    return { wallMillis: Date.now() - started };
  },
  /** Logs in through the form; then waits for the topology drawn, or with expectError for the form's error. */
  async login({ user, password, project, expectError }) {
    await page.getByRole('textbox', { name: 'User' }).fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('textbox', { name: 'Project' }).fill(project);
    await page.getByRole('button', { name: 'Log in' }).click();
    if (expectError) {
      await page.waitForFunction(() => document.getElementById('login-error').textContent !== '', null, { timeout: 10000 });
      return { error: await page.locator('#login-error').textContent() };
    }
    await ready();
    return page.evaluate(() => ({ ...window.sluiceViewer }));
  },
  /** A reload with the session kept: from navigation to the topology drawn, and the page's own count. */
  async reload() {
    const started = Date.now();
    await page.reload();
    await ready();
    const wallMillis = Date.now() - started;
    return { wallMillis, ...(await page.evaluate(() => ({ ...window.sluiceViewer }))) };
  },
  async status() {
    return page.evaluate(() => ({ ...window.sluiceViewer }));
  },
  /**
   * Polls an expression until it is true. Playwright's waitForFunction would evaluate the string inside the page,
   * which the page's Content-Security-Policy (no eval) rightly refuses; evaluate() goes through DevTools.
   */
  async waitFor({ expression, timeoutMs }) {
    const started = Date.now();
    const deadline = started + (timeoutMs ?? 15000);
    while (!(await page.evaluate(expression))) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { waitedMillis: Date.now() - started };
  },
  async evaluate({ expression }) {
    return { value: await page.evaluate(expression) };
  },
  async click({ selector }) {
    await page.locator(selector).first().click();
    return {};
  },
  async select({ label, value }) {
    await page.getByLabel(label).selectOption(value);
    return {};
  },
  async screenshot({ path }) {
    await page.screenshot({ path });
    return {};
  },
  async resize({ width, height }) {
    await page.setViewportSize({ width, height });
    return {};
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const request = JSON.parse(line);
  if (request.cmd === 'quit') {
    break;
  }
  try {
    const answer = await commands[request.cmd](request);
    process.stdout.write(`${JSON.stringify({ ok: true, ...answer })}\n`);
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: String(e.message || e) })}\n`);
  }
}
await closeBrowser();
