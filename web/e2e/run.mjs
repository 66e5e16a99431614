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

import { mkdirSync } from 'node:fs';
import { TIMEOUT, VIEWPORTS, assert, launchBrowser, noHorizontalOverflow, outDir, report, reportPageErrors, step, summary } from './lib.mjs';

const baseUrl = (process.env.X8_BASE_URL ?? '').replace(/\/+$/, '');

/** Waits for a status card to finish loading and returns its visible text. */
async function cardText(page, testId) {
  const card = page.locator(`[data-testid="${testId}"]:not([aria-busy])`);
  await card.waitFor();
  return (await card.innerText()).replace(/\s+/g, ' ').trim();
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
    await step(`${name}: /status shows version and "database: ok"`, page, `${name}-01-status.png`, async () => {
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
    await step(`${name}: / renders the sign-in page`, page, `${name}-02-sign-in.png`, async () => {
      await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').waitFor();
      await page.getByLabel('Password').waitFor();
      assert(new URL(page.url()).pathname === '/sign-in', `ended on ${page.url()}`);
      await noHorizontalOverflow(page);
    });

    // 3. The language switcher turns the UI Russian and remembers it.
    await step(`${name}: language switch to Russian (persisted)`, page, `${name}-03-sign-in-ru.png`, async () => {
      await page.getByTestId('language-switcher').first().selectOption('ru');
      await page.getByRole('heading', { level: 1, name: 'Вход' }).waitFor();
      const lang = await page.evaluate(() => document.documentElement.lang);
      assert(lang === 'ru', `<html lang> is "${lang}"`);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { level: 1, name: 'Вход' }).waitFor();
      await page.getByLabel('Пароль').waitFor();
    });

    // 4. Submitting the empty form shows client-side validation (in Russian now).
    await step(`${name}: empty sign-in shows validation errors`, page, `${name}-04-validation.png`, async () => {
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.getByText('Введите адрес электронной почты.').waitFor();
      await page.getByText('Введите пароль.').waitFor();
      const invalid = await page.locator('#email').getAttribute('aria-invalid');
      assert(invalid === 'true', `#email aria-invalid is ${invalid}`);
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'email', `focus is on "${focused}", expected the email field`);
      await noHorizontalOverflow(page);
    });

    reportPageErrors(name, pageErrors);
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

  const browser = await launchBrowser();
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
process.exit(summary('e2e'));
