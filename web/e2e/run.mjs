#!/usr/bin/env node
// X8 browser test: plain Node ESM + playwright-core driving Debian's Chromium.
//
//   X8_BASE_URL=http://127.0.0.1:8080 node e2e/run.mjs
//
// Env:
//   X8_BASE_URL     (required) where the real x8 server serves web/dist + the API
//   X8_TEST_OUTPUT  screenshots folder (default ../test-output/e2e relative to web/)
//   X8_CHROMIUM     browser binary (default /usr/bin/chromium)
//
// Prints one line per check and ends with `e2e: N passed, M failed`;
// exits non-zero when a check failed or on any exception.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baseUrl = (process.env.X8_BASE_URL ?? '').replace(/\/+$/, '');
const outDir = path.resolve(webDir, process.env.X8_TEST_OUTPUT ?? '../test-output/e2e');
const executablePath = process.env.X8_CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
];

let passed = 0;
let failed = 0;

function report(ok, name, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/**
 * Runs one check; a thrown error fails that check only. On success the step's
 * screenshot is saved as `file`, on failure as `file` with a `-FAILED` suffix.
 */
async function check(name, page, file, fn) {
  try {
    const detail = await fn();
    await shot(page, file);
    report(true, name, typeof detail === 'string' ? detail : '');
  } catch (error) {
    report(false, name, error instanceof Error ? error.message.split('\n')[0] : String(error));
    await shot(page, file.replace(/\.png$/, '-FAILED.png')).catch(() => {});
  }
}

/** Waits for a status card to finish loading and returns its visible text. */
async function cardText(page, testId) {
  const card = page.locator(`[data-testid="${testId}"]:not([aria-busy])`);
  await card.waitFor();
  return (await card.innerText()).replace(/\s+/g, ' ').trim();
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, file) {
  const target = path.join(outDir, file);
  await page.screenshot({ path: target, fullPage: true });
  return target;
}

async function noHorizontalOverflow(page) {
  // Compare with the configured width: on a phone a too-wide page widens the layout viewport itself.
  const width = page.viewportSize()?.width ?? 0;
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const widest = Math.max(scrollWidth, innerWidth);
  assert(widest <= width, `page is ${widest}px wide in a ${width}px viewport`);
}

async function runViewport(browser, { name, viewport, isMobile }) {
  const context = await browser.newContext({
    viewport,
    isMobile,
    hasTouch: isMobile,
    deviceScaleFactor: 1,
    locale: 'en-US', // default language comes from navigator.language
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  try {
    // 1. /status shows the server's version and readiness checks.
    await check(`${name}: /status shows version and "database: ok"`, page, `${name}-01-status.png`, async () => {
      const expected = await (await context.request.get(`${baseUrl}/api/v1/version`)).json();
      assert(typeof expected.version === 'string', '/api/v1/version has no "version"');
      await page.goto(`${baseUrl}/status`, { waitUntil: 'domcontentloaded' });
      await page.getByTestId('status-page').waitFor();
      const version = await cardText(page, 'status-version');
      assert(version.includes(expected.version), `version card shows "${version}"`);
      const readiness = await cardText(page, 'status-readiness');
      assert(readiness.includes('database: ok'), `readiness card shows "${readiness}"`);
      const health = await cardText(page, 'status-health');
      assert(/status ok/.test(health), `health card shows "${health}"`);
      await noHorizontalOverflow(page);
      return `version ${expected.version}`;
    });

    // 2. / sends a signed-out visitor to the sign-in page.
    await check(`${name}: / renders the sign-in page`, page, `${name}-02-sign-in.png`, async () => {
      await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').waitFor();
      await page.getByLabel('Password').waitFor();
      assert(new URL(page.url()).pathname === '/sign-in', `ended on ${page.url()}`);
      await noHorizontalOverflow(page);
    });

    // 3. The language switcher turns the UI Russian and remembers it.
    await check(`${name}: language switch to Russian (persisted)`, page, `${name}-03-sign-in-ru.png`, async () => {
      await page.getByTestId('language-switcher').first().selectOption('ru');
      await page.getByRole('heading', { level: 1, name: 'Вход' }).waitFor();
      const lang = await page.evaluate(() => document.documentElement.lang);
      assert(lang === 'ru', `<html lang> is "${lang}"`);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { level: 1, name: 'Вход' }).waitFor();
      await page.getByLabel('Пароль').waitFor();
    });

    // 4. Submitting the empty form shows client-side validation (in Russian now).
    await check(`${name}: empty sign-in shows validation errors`, page, `${name}-04-validation.png`, async () => {
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.getByText('Введите адрес электронной почты.').waitFor();
      await page.getByText('Введите пароль.').waitFor();
      const invalid = await page.locator('#email').getAttribute('aria-invalid');
      assert(invalid === 'true', `#email aria-invalid is ${invalid}`);
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'email', `focus is on "${focused}", expected the email field`);
      await noHorizontalOverflow(page);
    });

    if (pageErrors.length) report(false, `${name}: no uncaught page errors`, pageErrors.join(' | '));
    else report(true, `${name}: no uncaught page errors`);
  } finally {
    await context.close();
  }
}

async function main() {
  if (!baseUrl) {
    console.error('e2e: X8_BASE_URL is required (e.g. http://127.0.0.1:8080)');
    console.log('e2e: 0 passed, 1 failed');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  console.log(`e2e: ${baseUrl} → screenshots in ${outDir}`);

  // chromium.launch() gives every run a fresh temporary user-data-dir.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    for (const vp of VIEWPORTS) await runViewport(browser, vp);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  report(false, 'e2e run', error instanceof Error ? error.stack ?? error.message : String(error));
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
