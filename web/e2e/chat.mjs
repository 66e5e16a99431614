#!/usr/bin/env node
// X8 web chat browser test: a shop's own website (served here, on another origin) embeds the widget with
// one script tag; a visitor asks for red roses, buys two bouquets, gives the delivery address (naming its
// zone) and picks a delivery window, opens the payment link and pays on the sandbox checkout; the widget
// says the payment arrived and the delivery is booked; the owner then sees the conversation ended as
// paid in the inbox and the order as paid in the payments log. Desktop and phone widths.
//
//   X8_BASE_URL=http://127.0.0.1:8080 node web/e2e/chat.mjs
// The server must run the demo business (`x8 demo`) with server.public_url equal to X8_BASE_URL.
import { mkdirSync } from 'node:fs';
import { TIMEOUT, VIEWPORTS, api, assert, launchBrowser, noHorizontalOverflow, openNav, outDir, report, serveSite, signIn, step, summary } from './lib.mjs';

const baseUrl = (process.env.X8_BASE_URL ?? '').replace(/\/+$/, '');
const demoEmail = process.env.X8_DEMO_EMAIL ?? 'demo@x8.local';
const demoPassword = process.env.X8_DEMO_PASSWORD ?? 'x8-demo-florist';

/** The demo company's web chat key, read the way the Assistant page does. */
async function demoWidgetKey() {
  const login = await api(baseUrl, 'POST', '/api/v1/auth/login', { body: { email: demoEmail, password: demoPassword } });
  const token = login.access_token;
  assert(token, 'the demo owner signs in without a code step');
  const companies = await api(baseUrl, 'GET', '/api/v1/companies', { token });
  const company = companies.items[0]?.company ?? companies.items[0];
  assert(company?.id, 'the demo owner has a company');
  const webchat = await api(baseUrl, 'GET', `/api/v1/companies/${company.id}/webchat`, { token });
  return webchat.widget_key;
}

/** A small shop website on its own origin that embeds the widget exactly as the snippet says. */
function startShopSite(widgetKey) {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Bloom &amp; Co.</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:2rem;background:#fdf6f0;color:#3b2f2f}
h1{font-size:2rem;margin:0 0 .5rem}p{max-width:32rem;line-height:1.5}</style></head>
<body><h1>Bloom &amp; Co. Flowers</h1><p>Fresh bouquets delivered across Berlin. Ask us anything in the chat.</p>
<script src="${baseUrl}/widget.js" data-key="${widgetKey}" async></script></body></html>`;
  return serveSite(page);
}

async function replies(panel) {
  return panel.locator('[data-testid="x8-message"][data-author="assistant"], [data-testid="x8-message"][data-author="system"]').count();
}

/** Sends `text` from the widget and waits for at least one more assistant message. */
async function say(panel, text) {
  const before = await replies(panel);
  await panel.getByTestId('x8-input').fill(text);
  await panel.getByTestId('x8-send').click();
  await panel.locator('[data-testid="x8-message"][data-author="customer"]').filter({ hasText: text }).last().waitFor();
  await waitForMore(panel, before);
}

async function waitForMore(panel, before) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if ((await replies(panel)) > before) {
      await new Promise((r) => setTimeout(r, 400)); // the rest of the turn's messages
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reply after ${TIMEOUT} ms`);
}

async function lastReplyText(panel) {
  const messages = panel.locator('[data-testid="x8-message"][data-author="assistant"]');
  return (await messages.last().innerText()).trim();
}

async function runVisitor(browser, siteUrl, { name, viewport, isMobile }) {
  const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1, locale: 'en-US' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const n = (i) => `chat-${name}-${String(i).padStart(2, '0')}`;
  const panel = page.getByTestId('x8-panel');
  let checkout = null;
  try {
    const ok =
      (await step(`${name}: the shop's website shows the chat launcher`, page, `${n(1)}-site.png`, async () => {
        await page.goto(siteUrl, { waitUntil: 'domcontentloaded' });
        await page.getByTestId('x8-launcher').waitFor();
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: the visitor opens the chat and is greeted`, page, `${n(2)}-greeting.png`, async () => {
        await page.getByTestId('x8-launcher').click();
        await panel.waitFor();
        await say(panel, 'Hello');
        const greeting = await lastReplyText(panel);
        assert(/Bloom|welcome|hello|hi/i.test(greeting), `greeting: ${greeting}`);
      })) &&
      (await step(`${name}: asks for red roses and sees the sizes with prices`, page, `${n(3)}-roses.png`, async () => {
        await say(panel, 'red roses');
        const text = await lastReplyText(panel);
        assert(text.includes('54.90'), `the M size price in: ${text}`);
      })) &&
      (await step(`${name}: takes two bouquets of size M; the total is €109.80`, page, `${n(4)}-cart.png`, async () => {
        await say(panel, 'M');
        await say(panel, 'make it 2');
        const text = await lastReplyText(panel);
        assert(text.includes('109.80'), `the total in: ${text}`);
      })) &&
      (await step(`${name}: checks out, gives the address with its zone and picks a delivery window`, page, `${n(5)}-delivery.png`, async () => {
        await say(panel, 'checkout');
        assert(/delivery address/i.test(await lastReplyText(panel)), 'checkout asks for the delivery address');
        await say(panel, 'Torstraße 1, 10119 Berlin, Mitte');
        const offered = await lastReplyText(panel);
        assert(/When should we deliver/i.test(offered), `the zone is read from the address and windows offered: ${offered}`);
        const windowButton = panel.getByTestId('x8-button').filter({ hasText: /\d{2}:\d{2}\u2013\d{2}:\d{2}/ }).first();
        await windowButton.waitFor();
        const before = await replies(panel);
        await windowButton.click();
        await waitForMore(panel, before);
        const order = await lastReplyText(panel);
        assert(/Delivery: /.test(order) || order.includes('109.80'), `the order sums up with its window: ${order}`);
      })) &&
      (await step(`${name}: gets a payment link`, page, `${n(6)}-link.png`, async () => {
        const link = panel.getByTestId('x8-button').filter({ hasText: /pay/i }).last();
        await link.waitFor();
        const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
        checkout = popup;
        await checkout.waitForLoadState('domcontentloaded');
        assert(checkout.url().includes('/pay/sandbox/'), `the link opens the sandbox checkout: ${checkout.url()}`);
      })) &&
      (await step(`${name}: the sandbox checkout shows the order and takes the payment`, checkout ?? page, `${n(7)}-checkout.png`, async () => {
        const body = await checkout.locator('body').innerText();
        assert(body.includes('109.80'), 'the checkout page shows the total');
        assert(/sandbox/i.test(body), 'the checkout page says it is a sandbox');
        await checkout.getByRole('button', { name: /^pay/i }).click();
        await checkout.getByText(/payment received/i).first().waitFor();
      })) &&
      (await step(`${name}: the chat confirms the payment`, page, `${n(8)}-paid.png`, async () => {
        await page.bringToFront();
        await panel.locator('[data-testid="x8-message"]').filter({ hasText: /payment|paid/i }).last().waitFor({ timeout: TIMEOUT });
        await panel.locator('[data-testid="x8-message"]').filter({ hasText: /delivery is booked/i }).last().waitFor({ timeout: TIMEOUT });
        if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
      }));
    return ok;
  } finally {
    await context.close();
  }
}

async function runOwner(browser, { name, viewport, isMobile }) {
  const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1, locale: 'en-US' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const n = (i) => `chat-owner-${name}-${String(i).padStart(2, '0')}`;
  try {
    (await step(`${name}: the owner signs in`, page, `${n(1)}-dashboard.png`, async () => {
      await signIn(page, baseUrl, demoEmail, demoPassword);
    })) &&
      (await step(`${name}: the inbox shows the web chat conversation ended as paid`, page, `${n(2)}-inbox.png`, async () => {
        await openNav(page, isMobile, 'Inbox');
        const row = page.getByTestId('conversation-row').filter({ hasText: /paid/i }).first();
        await row.waitFor();
        await row.click();
        await page.getByTestId('conversation-view').waitFor();
        await page.getByTestId('message').filter({ hasText: /109\.80/ }).first().waitFor();
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: the payments log lists the order as paid, €109.80`, page, `${n(3)}-payments.png`, async () => {
        await openNav(page, isMobile, 'Payments');
        // A table row on a desktop, a card on a phone.
        const row = page.locator('[data-testid="order-row"]:visible, [data-testid="order-card"]:visible').filter({ hasText: /109\.80/ }).first();
        await row.waitFor();
        const text = await row.innerText();
        assert(/paid/i.test(text), `order row: ${text}`);
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: the Playground answers from the catalogue and shows what the assistant did`, page, `${n(4)}-playground.png`, async () => {
        await openNav(page, isMobile, 'Playground');
        const start = page.locator('[data-testid="playground-start"], [data-testid="playground-new"]').first();
        await start.click();
        await page.getByTestId('playground-input').fill('red roses');
        await page.getByTestId('playground-send').click();
        await page.locator('[data-testid="trace-step"][data-step="search"]').first().waitFor();
        const trace = await page.getByTestId('trace-panel').innerText();
        assert(trace.includes('Red roses bouquet'), `the search results in the trace: ${trace.slice(0, 200)}`);
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: the assistant settings show the web chat snippet`, page, `${n(5)}-assistant.png`, async () => {
        await openNav(page, isMobile, 'Assistant');
        const snippet = await page.getByTestId('webchat-snippet').inputValue();
        assert(snippet.includes('/widget.js') && snippet.includes('data-key="wc_'), `snippet: ${snippet}`);
        await noHorizontalOverflow(page);
      }));
  } finally {
    await context.close();
  }
}

async function main() {
  if (!baseUrl) {
    console.error('X8_BASE_URL is not set');
    return 2;
  }
  mkdirSync(outDir, { recursive: true });
  let site = null;
  let browser = null;
  try {
    const widgetKey = await demoWidgetKey();
    site = await startShopSite(widgetKey);
    const siteUrl = `http://127.0.0.1:${site.address().port}/`;
    browser = await launchBrowser();
    for (const viewport of VIEWPORTS) {
      await runVisitor(browser, siteUrl, viewport);
      await runOwner(browser, viewport);
    }
  } catch (error) {
    report(false, 'chat walk', error instanceof Error ? error.message : String(error));
  } finally {
    await browser?.close();
    site?.close();
  }
  return summary('e2e-chat');
}

process.exit(await main());
