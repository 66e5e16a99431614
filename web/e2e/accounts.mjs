#!/usr/bin/env node
// X8 accounts browser test: sign-up → verify email → 2FA sign-in → create a company,
// at desktop (1440×900) and phone (390×844) widths, against a real x8 server.
//
//   X8_BASE_URL=http://127.0.0.1:8080 X8_OUTBOX_CMD='…' node e2e/accounts.mjs
//
// Env:
//   X8_BASE_URL        (required) the x8 server serving web/dist and the API
//   X8_OUTBOX_CMD      a shell command printing the dev outbox as JSON — `{"items":[…]}` or `[…]`,
//                      each message `{to, subject, text, tag?, created_at?, id?}` (preferred), or
//   X8_ADMIN_EMAIL + X8_ADMIN_PASSWORD
//                      an ADMIN whose two-step sign-in is OFF; the test signs in through the API
//                      and reads GET /api/v1/admin/outbox (the server must have no SMTP configured)
//   X8_TEST_OUTPUT     screenshots folder (default ../test-output/e2e relative to web/)
//   X8_CHROMIUM        browser binary (default /usr/bin/chromium)
//
// Prints one line per check and ends with `e2e-accounts: N passed, M failed`. When
// GET /api/v1/auth/providers answers 404 (accounts API not deployed) it prints
// `e2e-accounts: skipped (API not available)` and exits 0.

import { request as playwrightRequest } from 'playwright-core';
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { TIMEOUT, VIEWPORTS, assert, launchBrowser, noHorizontalOverflow, openNav, outDir, report, reportPageErrors, step, summary } from './lib.mjs';

const baseUrl = (process.env.X8_BASE_URL ?? '').replace(/\/+$/, '');
const outboxCmd = process.env.X8_OUTBOX_CMD ?? '';
const adminEmail = process.env.X8_ADMIN_EMAIL ?? '';
const adminPassword = process.env.X8_ADMIN_PASSWORD ?? '';
const MAIL_WAIT_MS = 20_000; // mail goes through the job queue
const PASSWORD = 'e2e-Correct-Horse-42';


// ---------------------------------------------------------------------------
// Dev outbox
// ---------------------------------------------------------------------------

function itemsOf(body) {
  if (Array.isArray(body)) return body;
  if (body && Array.isArray(body.items)) return body.items;
  throw new Error(`outbox JSON has no items: ${JSON.stringify(body).slice(0, 200)}`);
}

let adminToken = null;
let apiContext = null;

async function adminLogin(request) {
  const res = await request.post(`${baseUrl}/api/v1/auth/login`, { data: { email: adminEmail, password: adminPassword } });
  const body = await res.json().catch(() => ({}));
  assert(res.ok(), `admin login: HTTP ${res.status()} ${JSON.stringify(body).slice(0, 200)}`);
  assert(!body.two_factor_required, 'admin login needs a 2FA code: turn two-step sign-in off for X8_ADMIN_EMAIL or use X8_OUTBOX_CMD');
  assert(typeof body.access_token === 'string', 'admin login returned no access_token');
  return body.access_token;
}

async function readOutbox(request) {
  if (outboxCmd) return itemsOf(JSON.parse(execSync(outboxCmd, { encoding: 'utf8', timeout: 10_000 })));
  adminToken ??= await adminLogin(request);
  let res = await request.get(`${baseUrl}/api/v1/admin/outbox`, { headers: { Authorization: `Bearer ${adminToken}` } });
  if (res.status() === 401) {
    adminToken = await adminLogin(request);
    res = await request.get(`${baseUrl}/api/v1/admin/outbox`, { headers: { Authorization: `Bearer ${adminToken}` } });
  }
  assert(res.ok(), `GET /api/v1/admin/outbox: HTTP ${res.status()} (is SMTP configured?)`);
  return itemsOf(await res.json());
}

const mailKey = (m) => m.id ?? `${m.created_at ?? ''}|${m.subject}|${m.text}`;

/** Messages to `email` now, to know which ones are new later. */
async function seenMail(request, email) {
  return new Set((await readOutbox(request)).filter((m) => m.to?.toLowerCase() === email).map(mailKey));
}

/** Waits for a new message to `email` whose text matches `re`; returns the match. */
async function waitForMail(request, email, seen, re, what) {
  const deadline = Date.now() + MAIL_WAIT_MS;
  for (;;) {
    const fresh = (await readOutbox(request))
      .filter((m) => m.to?.toLowerCase() === email && !seen.has(mailKey(m)))
      .sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0));
    for (const m of fresh) {
      const match = `${m.subject ?? ''}\n${m.text ?? ''}`.match(re);
      if (match) return match;
    }
    assert(Date.now() < deadline, `no ${what} mailed to ${email} within ${MAIL_WAIT_MS / 1000}s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------

async function runViewport(browser, { name, viewport, isMobile }) {
  const context = await browser.newContext({
    viewport,
    isMobile,
    hasTouch: isMobile,
    deviceScaleFactor: 1,
    locale: 'en-US',
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The admin session lives in its own request context: its refresh cookie must not reach the page.
  const request = apiContext;
  const email = `e2e-${Date.now().toString(36)}-${name}@example.com`;
  const company = `E2E ${name} shop ${Date.now().toString(36)}`;
  let seen = new Set();

  try {
    const ok =
      (await step(`${name}: sign up shows "check your email"`, page, `accounts-${name}-01-sign-up.png`, async () => {
        seen = await seenMail(request, email);
        await page.goto(`${baseUrl}/sign-up`, { waitUntil: 'domcontentloaded' });
        await page.getByLabel('Your name').fill(`E2E ${name}`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.getByTestId('check-email').waitFor();
        assert((await page.getByTestId('check-email').innerText()).includes(email), 'the screen does not name the address');
        await noHorizontalOverflow(page);
        return email;
      })) &&
      (await step(`${name}: verification link from the outbox verifies the email`, page, `accounts-${name}-02-verified.png`, async () => {
        const [link] = await waitForMail(request, email, seen, /https?:\/\/\S+\/verify-email\?token=[\w-]+|\/verify-email\?token=[\w-]+/, 'verification link');
        const url = new URL(link, baseUrl);
        await page.goto(`${baseUrl}${url.pathname}${url.search}`, { waitUntil: 'domcontentloaded' });
        await page.getByTestId('verify-success').waitFor();
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: password step asks for the emailed code`, page, `accounts-${name}-03-code-step.png`, async () => {
        seen = await seenMail(request, email);
        await page.getByRole('link', { name: 'Continue to sign in' }).click();
        await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
        const prefilled = await page.getByLabel('Email').inputValue();
        if (prefilled !== email) await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByTestId('two-factor-step').waitFor();
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: the 6-digit code signs in to the dashboard`, page, `accounts-${name}-04-dashboard.png`, async () => {
        const [, code] = await waitForMail(request, email, seen, /(?<![\d])(\d{6})(?![\d])/, 'sign-in code');
        await page.getByLabel('Digit 1 of 6').click();
        await page.keyboard.type(code); // the boxes advance by themselves and submit when full
        await page.waitForURL('**/app/dashboard');
        await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
        await page.getByTestId('trial-banner').waitFor();
        await noHorizontalOverflow(page);
        return `code ${code}`;
      })) &&
      (await step(`${name}: create a company and see it listed with a COMP code`, page, `accounts-${name}-05-company.png`, async () => {
        await openNav(page, isMobile, 'Companies');
        await page.waitForURL('**/app/companies');
        await page.getByRole('button', { name: 'New company' }).first().click();
        const dialog = page.getByRole('dialog', { name: 'New company' });
        await dialog.getByLabel('Company name').fill(company);
        await dialog.getByText('Products', { exact: true }).click();
        await noHorizontalOverflow(page);
        await dialog.getByRole('button', { name: 'Create company' }).click();
        await dialog.waitFor({ state: 'detached' });
        const card = page.getByTestId('company-card').filter({ hasText: company });
        await card.waitFor();
        const code = (await card.getByTestId('company-code').innerText()).trim();
        assert(/^COMP\d{3,}$/.test(code), `company code is "${code}"`);
        await noHorizontalOverflow(page);
        return code;
      }));
    void ok;
    reportPageErrors(name, pageErrors);
  } finally {
    await context.close();
  }
}

async function main() {
  if (!baseUrl) {
    console.error('e2e-accounts: X8_BASE_URL is required (e.g. http://127.0.0.1:8080)');
    console.log('e2e-accounts: 0 passed, 1 failed');
    process.exit(2);
  }
  const probe = await fetch(`${baseUrl}/api/v1/auth/providers`).catch((e) => {
    throw new Error(`cannot reach ${baseUrl}: ${e.message}`);
  });
  if (probe.status === 404) {
    console.log('e2e-accounts: skipped (API not available)');
    process.exit(0);
  }
  if (!outboxCmd && !(adminEmail && adminPassword)) {
    console.error('e2e-accounts: set X8_OUTBOX_CMD, or X8_ADMIN_EMAIL and X8_ADMIN_PASSWORD, to read the dev outbox');
    console.log('e2e-accounts: 0 passed, 1 failed');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  console.log(`e2e-accounts: ${baseUrl} → screenshots in ${outDir}`);
  const browser = await launchBrowser();
  apiContext = await playwrightRequest.newContext();
  try {
    for (const vp of VIEWPORTS) await runViewport(browser, vp);
  } finally {
    await browser.close();
    await apiContext.dispose();
  }
}

try {
  await main();
} catch (error) {
  report(false, 'e2e-accounts run', error instanceof Error ? error.stack ?? error.message : String(error));
}
process.exit(summary('e2e-accounts'));
