// Shared by the browser tests (accounts, catalogue, chat, booking): settings, the Chromium launch, the
// step runner that counts results, saves a screenshot per step and prints one line per check, the app's
// navigation, and a small JSON API client for setting up a walk.
import { chromium } from 'playwright-core';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const outDir = path.resolve(webDir, process.env.X8_TEST_OUTPUT ?? '../test-output/e2e');
export const TIMEOUT = 15_000;
export const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
];

/** Debian's Chromium, headless, with the background networking this closed machine refuses turned off. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.X8_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let passed = 0;
let failed = 0;

export function report(ok, name, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/** Prints `<suite>: N passed, M failed` (the line scripts/test reads) and returns the exit code. */
export function summary(suite) {
  console.log(`${suite}: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function shot(page, file) {
  await page.screenshot({ path: path.join(outDir, file), fullPage: true });
}

/** Runs one step; a failing step stops the flow of its viewport (later steps depend on it). */
export async function step(name, page, file, fn) {
  try {
    const detail = await fn();
    await shot(page, file);
    report(true, name, typeof detail === 'string' ? detail : '');
    return true;
  } catch (error) {
    report(false, name, error instanceof Error ? error.message.split('\n')[0] : String(error));
    await shot(page, file.replace(/\.png$/, '-FAILED.png')).catch(() => {});
    return false;
  }
}

/** Against the configured width (on a phone an overflowing page widens the layout viewport). */
export async function noHorizontalOverflow(page) {
  const width = page.viewportSize()?.width ?? 0;
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  const widest = Math.max(scrollWidth, innerWidth);
  assert(widest <= width, `page is ${widest}px wide in a ${width}px viewport`);
}

/** Opens a section from the app's navigation: the sidebar on a desktop, the menu dialog on a phone. */
export async function openNav(page, isMobile, label) {
  if (isMobile) {
    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('dialog', { name: 'Main navigation' }).getByRole('link', { name: label }).click();
  } else {
    await page.getByTestId('sidebar').getByRole('link', { name: label }).click();
  }
}

/** One JSON call to the server under test (`baseUrl`); throws with the status and body on an error. */
export async function api(baseUrl, method, path, { token, body } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Signs in through the sign-in page and waits for the dashboard. */
export async function signIn(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/sign-in`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/app/dashboard');
}

/** One check per viewport: the page threw no uncaught errors during the walk. */
export function reportPageErrors(name, pageErrors) {
  if (pageErrors.length) report(false, `${name}: no uncaught page errors`, pageErrors.join(' | '));
  else report(true, `${name}: no uncaught page errors`);
}

/** Serves one HTML page on its own loopback origin (a business's website embedding the widget). */
export function serveSite(html) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
