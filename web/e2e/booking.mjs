#!/usr/bin/env node
// X8 booking browser test: the demo salon (a SERVICE business, Russian catalogue, roubles) embeds the web
// chat widget on its own site. A customer books a paid haircut in Russian ("tomorrow after 3 pm"), picks
// one of the offered times, pays on the sandbox checkout and gets the confirmation with the time; a second
// customer books the free stylist consultation, which is confirmed at once without a payment link. The
// owner then finds both bookings on the Calendar page, and a paid delivery of the flower shop (ordered
// through its web chat with an address, zone and window) with its address and zone. Desktop and phone
// widths.
//
//   X8_BASE_URL=http://127.0.0.1:8080 node web/e2e/booking.mjs
// The server must run the demo businesses (`x8 demo`) with server.public_url equal to X8_BASE_URL.
import { mkdirSync } from 'node:fs';
import { TIMEOUT, VIEWPORTS, api, assert, launchBrowser, noHorizontalOverflow, openNav, outDir, report, serveSite, signIn, step, summary } from './lib.mjs';

const baseUrl = (process.env.X8_BASE_URL ?? '').replace(/\/+$/, '');
const demoEmail = process.env.X8_DEMO_EMAIL ?? 'demo@x8.local';
const demoPassword = process.env.X8_DEMO_PASSWORD ?? 'x8-demo-florist';

/** The demo salon (the owner's SERVICE company) and its web chat key. */
async function demoSalon() {
  const login = await api(baseUrl, 'POST', '/api/v1/auth/login', { body: { email: demoEmail, password: demoPassword } });
  const token = login.access_token;
  const companies = await api(baseUrl, 'GET', '/api/v1/companies', { token });
  const salon = companies.items.map((c) => c.company ?? c).find((c) => c.type === 'SERVICE');
  assert(salon, 'the demo owner has a SERVICE company');
  const webchat = await api(baseUrl, 'GET', `/api/v1/companies/${salon.id}/webchat`, { token });
  return { token, salon, widgetKey: webchat.widget_key };
}

/**
 * A delivery from the demo flower shop through its public web chat API (no browser: the chat walk covers
 * the widget): two bouquets, an address naming its zone, the first window offered, paid on the sandbox.
 * Returns the flower shop's id and the window's label.
 */
async function deliveredOrder(token) {
  const companies = await api(baseUrl, 'GET', '/api/v1/companies', { token });
  const shop = companies.items.map((c) => c.company ?? c).find((c) => c.type === 'PRODUCT');
  assert(shop, 'the demo owner has a PRODUCT company');
  const { widget_key: key } = await api(baseUrl, 'GET', `/api/v1/companies/${shop.id}/webchat`, { token });
  const { visitor_token: visitor } = await api(baseUrl, 'POST', `/api/v1/webchat/${key}/sessions`, { body: {} });
  let seen = 0;
  let sent = 0;
  const send = async (text) => {
    sent += 1;
    await api(baseUrl, 'POST', `/api/v1/webchat/${key}/messages`, { body: { visitor_token: visitor, text, client_id: `e2e-delivery-${Date.now()}-${sent}` } });
    const deadline = Date.now() + TIMEOUT;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      const { messages } = await api(baseUrl, 'GET', `/api/v1/webchat/${key}/messages?visitor_token=${encodeURIComponent(visitor)}&after=${seen}`);
      const answers = messages.filter((m) => m.direction === 'out');
      if (messages.length) seen = messages[messages.length - 1].seq;
      if (answers.length) {
        await new Promise((r) => setTimeout(r, 500)); // the rest of the turn's messages
        const { messages: more } = await api(baseUrl, 'GET', `/api/v1/webchat/${key}/messages?visitor_token=${encodeURIComponent(visitor)}&after=${seen}`);
        if (more.length) seen = more[more.length - 1].seq;
        return [...answers, ...more.filter((m) => m.direction === 'out')];
      }
    }
    throw new Error(`no reply to "${text}"`);
  };
  await send('I want 2 red roses bouquets size M');
  const asked = await send('checkout');
  assert(asked.some((m) => /delivery address/i.test(m.text)), `checkout asks for the address: ${asked.map((m) => m.text).join(' | ')}`);
  const offered = await send('Torstraße 1, 10119 Berlin, Mitte');
  const windows = offered.flatMap((m) => m.buttons ?? []);
  assert(windows.length > 0, `delivery windows offered: ${offered.map((m) => m.text).join(' | ')}`);
  const ordered = await send(windows[0].payload);
  const url = ordered.flatMap((m) => m.buttons ?? []).map((b) => b.url ?? b.payload).find((u) => /\/pay\/sandbox\//.test(u ?? ''))
    ?? (ordered.map((m) => m.text).join(' ').match(/https?:\/\/\S+\/pay\/sandbox\/\S+/) ?? [])[0];
  assert(url, `a payment link: ${ordered.map((m) => m.text).join(' | ')}`);
  const paid = await fetch(`${url.replace(/[).,]+$/, '')}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  assert(paid.status < 400, `the sandbox takes the payment: ${paid.status}`);
  return { shopId: shop.id, window: windows[0].title };
}

function startSalonSite(widgetKey) {
  const page = `<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Студия «Люмьер»</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:2rem;background:#f6f3fb;color:#2f2a3b}
h1{font-size:2rem;margin:0 0 .5rem}p{max-width:32rem;line-height:1.5}</style></head>
<body><h1>Студия «Люмьер»</h1><p>Стрижки, окрашивание, маникюр и консультации стилиста. Запишитесь в чате.</p>
<script src="${baseUrl}/widget.js" data-key="${widgetKey}" data-lang="ru" async></script></body></html>`;
  return serveSite(page);
}

const replyLocator = (panel) =>
  panel.locator('[data-testid="x8-message"][data-author="assistant"], [data-testid="x8-message"][data-author="system"]');

async function waitForMore(panel, before) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if ((await replyLocator(panel).count()) > before) {
      await new Promise((r) => setTimeout(r, 500));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reply after ${TIMEOUT} ms`);
}

async function say(panel, text) {
  const before = await replyLocator(panel).count();
  await panel.getByTestId('x8-input').fill(text);
  await panel.getByTestId('x8-send').click();
  await waitForMore(panel, before);
}

async function lastReplies(panel, n = 2) {
  const all = await replyLocator(panel).allInnerTexts();
  return all.slice(-n).join('\n');
}

/** Clicks the first offered time (a quick-reply button that is not a link) and waits for the answer. */
async function pickFirstSlot(panel) {
  const slot = panel.getByTestId('x8-button').filter({ hasText: /\d{1,2}:\d{2}/ }).first();
  await slot.waitFor();
  const label = (await slot.innerText()).trim();
  const before = await replyLocator(panel).count();
  await slot.click();
  await waitForMore(panel, before);
  return label;
}

async function openChat(page, siteUrl) {
  await page.goto(siteUrl, { waitUntil: 'domcontentloaded' });
  await page.getByTestId('x8-launcher').click();
  const panel = page.getByTestId('x8-panel');
  await panel.waitFor();
  return panel;
}

async function runCustomers(browser, siteUrl, { name, viewport, isMobile }) {
  const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1, locale: 'ru-RU' });
  context.setDefaultTimeout(TIMEOUT);
  const n = (i) => `booking-${name}-${String(i).padStart(2, '0')}`;
  let page = await context.newPage();
  let panel = null;
  let checkout = null;
  let chosen = '';
  try {
    (await step(`${name}: a customer asks for a haircut tomorrow after 3 pm and is offered times`, page, `${n(1)}-times.png`, async () => {
      panel = await openChat(page, siteUrl);
      await say(panel, 'Хочу на женскую стрижку завтра после 15');
      await panel.getByTestId('x8-button').filter({ hasText: /\d{1,2}:\d{2}/ }).first().waitFor();
      await noHorizontalOverflow(page);
    })) &&
      (await step(`${name}: picks a time and the assistant confirms it with the price`, page, `${n(2)}-chosen.png`, async () => {
        chosen = await pickFirstSlot(panel);
        const text = await lastReplies(panel);
        assert(/2\s?500/.test(text), `the haircut's price in: ${text}`);
        return chosen;
      })) &&
      (await step(`${name}: checks out and pays on the sandbox checkout`, page, `${n(3)}-checkout.png`, async () => {
        await say(panel, 'оформить');
        const link = panel.getByTestId('x8-button').filter({ hasText: /оплат|pay/i }).last();
        await link.waitFor();
        const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
        checkout = popup;
        await checkout.waitForLoadState('domcontentloaded');
        await checkout.getByRole('button', { name: /оплатить|pay/i }).first().click();
        await checkout.locator('body').filter({ hasText: /получена|received/i }).waitFor();
      })) &&
      (await step(`${name}: the chat confirms the booking with its time`, page, `${n(4)}-confirmed.png`, async () => {
        await page.bringToFront();
        const time = chosen.match(/\d{1,2}:\d{2}/)?.[0] ?? '';
        await panel.locator('[data-testid="x8-message"]').filter({ hasText: new RegExp(`(запис|подтвержд|booked|confirmed)[\\s\\S]*${time}|${time}[\\s\\S]*(запис|подтвержд|booked|confirmed)`, 'i') }).last().waitFor();
      }));

    // A second customer (a fresh browser context: another visitor) books the free consultation.
    await page.close();
    const second = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1, locale: 'ru-RU' });
    second.setDefaultTimeout(TIMEOUT);
    page = await second.newPage();
    (await step(`${name}: the free consultation is booked at once, with no payment link`, page, `${n(5)}-free.png`, async () => {
      panel = await openChat(page, siteUrl);
      await say(panel, 'Консультация стилиста');
      if ((await panel.getByTestId('x8-button').filter({ hasText: /\d{1,2}:\d{2}/ }).count()) === 0) {
        await say(panel, 'завтра');
      }
      await pickFirstSlot(panel);
      await say(panel, 'записаться');
      const text = await lastReplies(panel, 3);
      assert(/запис|подтвержд|booked|confirmed/i.test(text), `a confirmation in: ${text}`);
      const payButtons = await panel.getByTestId('x8-button').filter({ hasText: /оплат|pay/i }).count();
      assert(payButtons === 0, 'no payment link for a free service');
    }));
    await second.close();
  } finally {
    await context.close().catch(() => {});
  }
}

async function runOwner(browser, salon, delivery, { name, viewport, isMobile }) {
  const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1, locale: 'en-US' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const n = (i) => `booking-owner-${name}-${String(i).padStart(2, '0')}`;
  try {
    (await step(`${name}: the owner signs in`, page, `${n(1)}-dashboard.png`, async () => {
      await signIn(page, baseUrl, demoEmail, demoPassword);
    })) &&
      (await step(`${name}: the calendar shows the paid and the free booking as confirmed`, page, `${n(2)}-calendar.png`, async () => {
        await openNav(page, isMobile, 'Calendar');
        await page.waitForURL('**/app/calendar**');
        await page.goto(`${page.url().split('?')[0]}?company=${salon.id}`, { waitUntil: 'domcontentloaded' });
        await page.getByTestId('calendar-view').waitFor();
        const confirmed = page.locator('[data-testid="booking-chip"][data-status="confirmed"]');
        for (let i = 0; i < 2 && (await confirmed.count()) < 2; i += 1) {
          await page.getByTestId('calendar-next').click(); // tomorrow may fall in next week
          await new Promise((r) => setTimeout(r, 500));
        }
        const count = await confirmed.count();
        assert(count >= 2, `confirmed bookings on the calendar: ${count}`);
        await confirmed.first().click();
        await page.getByTestId('booking-details').waitFor();
        await noHorizontalOverflow(page);
        return `${count} confirmed`;
      })) &&
      (await step(`${name}: the flower shop's calendar shows a paid delivery with its address and zone`, page, `${n(3)}-delivery.png`, async () => {
        const { shopId, window } = delivery;
        await page.goto(`${page.url().split('?')[0]}?company=${shopId}`, { waitUntil: 'domcontentloaded' });
        await page.getByTestId('calendar-view').waitFor();
        const chip = page.locator('[data-testid="booking-chip"][data-kind="delivery"][data-status="confirmed"]');
        for (let i = 0; i < 2 && (await chip.count()) === 0; i += 1) {
          await page.getByTestId('calendar-next').click(); // the window may fall in next week
          await new Promise((r) => setTimeout(r, 500));
        }
        assert((await chip.count()) > 0, `a confirmed delivery on the calendar (window ${window})`);
        await chip.first().click();
        const details = page.getByTestId('booking-details');
        await details.waitFor();
        const text = await details.innerText();
        assert(text.includes('Torstraße 1, 10119 Berlin, Mitte'), `the address in the details: ${text}`);
        assert(text.includes('Mitte'), `the zone in the details: ${text}`);
        await noHorizontalOverflow(page);
        return window;
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
    const { token, salon, widgetKey } = await demoSalon();
    site = await startSalonSite(widgetKey);
    const siteUrl = `http://127.0.0.1:${site.address().port}/`;
    browser = await launchBrowser();
    for (const viewport of VIEWPORTS) {
      await runCustomers(browser, siteUrl, viewport);
      const delivery = await deliveredOrder(token);
      await runOwner(browser, salon, delivery, viewport);
    }
  } catch (error) {
    report(false, 'booking walk', error instanceof Error ? error.message : String(error));
  } finally {
    await browser?.close();
    site?.close();
  }
  return summary('e2e-booking');
}

process.exit(await main());
