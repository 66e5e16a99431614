#!/usr/bin/env node
// X8 catalogue browser test: sign in as the demo owner → the demo company's knowledge bases →
// create one → import flower-shop.csv (preview, mapping, commit) → items with variants → inline
// price edit survives a reload → upload a photo to the media library → its thumbnail in the table.
// Desktop (1440×900) and phone (390×844), against a real x8 server seeded with `x8 demo`.
//
//   X8_BASE_URL=http://127.0.0.1:8080 node e2e/catalogue.mjs
//
// Env:
//   X8_BASE_URL        (required) the x8 server serving web/dist and the API
//   X8_DEMO_EMAIL      demo owner (default demo@x8.local)
//   X8_DEMO_PASSWORD   its password (default x8-demo-florist); two-step sign-in must be off
//   X8_TEST_OUTPUT     screenshots folder (default ../test-output/e2e relative to web/)
//   X8_CHROMIUM        browser binary (default /usr/bin/chromium)
//
// Prints one line per check and ends with `e2e-catalogue: N passed, M failed`. When
// GET /api/v1/version answers but the knowledge routes answer 404 it prints
// `e2e-catalogue: skipped (API not available)` and exits 0.

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TIMEOUT, VIEWPORTS, assert, launchBrowser, noHorizontalOverflow, openNav, outDir, report, reportPageErrors, signIn, step, summary } from './lib.mjs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const repoDir = path.resolve(webDir, '..');
const baseUrl = (process.env.X8_BASE_URL ?? '').replace(/\/+$/, '');
const demoEmail = process.env.X8_DEMO_EMAIL ?? 'demo@x8.local';
const demoPassword = process.env.X8_DEMO_PASSWORD ?? 'x8-demo-florist';
const csvPath = path.join(repoDir, 'src/platform/tabular/testdata/flower-shop.csv');


// ---------------------------------------------------------------------------
// A small valid PNG (RGB gradient), built with zlib: no image files needed.
// ---------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function makePng(size = 64) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      row[1 + x * 3] = 200 + Math.round((55 * x) / size); // a rose-red gradient
      row[2 + x * 3] = Math.round((60 * y) / size);
      row[3 + x * 3] = 80;
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------

async function runViewport(browser, { name, viewport, isMobile }) {
  const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1, locale: 'en-US' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const stamp = Date.now().toString(36);
  const kbName = `E2E ${name} catalogue ${stamp}`;
  // The photo is named like a cell of the CSV's Photo column, so the items table links it.
  const photoName = 'red-roses-s.jpg';
  let kbUrl = '';
  const n = (i) => `catalogue-${name}-${String(i).padStart(2, '0')}`;

  try {
    const ok =
      (await step(`${name}: demo owner signs in`, page, `${n(1)}-dashboard.png`, async () => {
        await signIn(page, baseUrl, demoEmail, demoPassword);
        await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      })) &&
      (await step(`${name}: the demo company's knowledge bases open from its card`, page, `${n(2)}-kb-list.png`, async () => {
        await openNav(page, isMobile, 'Companies');
        await page.waitForURL('**/app/companies');
        const card = page.getByTestId('company-card').first();
        const company = (await card.locator('h3').innerText()).trim();
        await card.getByTestId('company-kb-link').click();
        await page.waitForURL('**/app/knowledge-bases?company=*');
        await page.getByRole('heading', { level: 1, name: 'Knowledge bases' }).waitFor();
        await noHorizontalOverflow(page);
        return company;
      })) &&
      (await step(`${name}: create a knowledge base`, page, `${n(3)}-kb-created.png`, async () => {
        await page.getByRole('button', { name: 'New knowledge base' }).first().click();
        const dialog = page.getByRole('dialog', { name: 'New knowledge base' });
        await dialog.getByLabel('Name').fill(kbName);
        await dialog.getByLabel('Kind').selectOption('PRODUCT');
        await noHorizontalOverflow(page);
        await dialog.getByRole('button', { name: 'Create' }).click();
        await dialog.waitFor({ state: 'detached' });
        const card = page.getByTestId('kb-card').filter({ hasText: kbName });
        await card.waitFor();
        assert((await card.getByTestId('kb-count').innerText()).includes('0'), 'a new knowledge base should have 0 items');
        await card.getByRole('link', { name: 'Open' }).click();
        await page.getByRole('heading', { level: 1, name: kbName }).waitFor();
        kbUrl = page.url();
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: upload flower-shop.csv → preview maps "Price (EUR)" to price`, page, `${n(4)}-import-preview.png`, async () => {
        await page.getByTestId('import-link').first().click();
        await page.getByTestId('dropzone').waitFor();
        await page.locator('#import-file').setInputFiles({ name: 'flower-shop.csv', mimeType: 'text/csv', buffer: readFileSync(csvPath) });
        await page.getByTestId('mapping').waitFor();
        const row = page.getByTestId('mapping-row').filter({ hasText: 'Price (EUR)' });
        const value = await row.getByTestId('mapping-select').inputValue();
        assert(value === 'price', `"Price (EUR)" is read as "${value}"`);
        const summary = await page.getByTestId('preview-summary').innerText();
        assert(/10 rows → 8 items/.test(summary), `summary: ${summary}`);
        await noHorizontalOverflow(page);
        return summary;
      })) &&
      (await step(`${name}: commit shows the result summary`, page, `${n(5)}-import-result.png`, async () => {
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.getByTestId('import-result').waitFor();
        const created = (await page.getByTestId('result-created').innerText()).trim();
        assert(created === '8', `created ${created}`);
        await noHorizontalOverflow(page);
        return `created ${created}`;
      })) &&
      (await step(`${name}: "Red roses bouquet" is listed with 3 variants`, page, `${n(6)}-items.png`, async () => {
        await page.getByRole('link', { name: 'View items' }).click();
        const item = page.getByTestId('kb-item').filter({ has: page.locator('input[value="Red roses bouquet"]') });
        await item.waitFor();
        const variants = await item.getByTestId('kb-variant').count();
        assert(variants === 3, `${variants} variants`);
        const price = (await item.getByTestId('variant-price-formatted').first().innerText()).trim();
        assert(/29[.,]90/.test(price) && price.includes('€'), `first price shows "${price}"`);
        await noHorizontalOverflow(page);
        return price;
      })) &&
      (await step(`${name}: edit a price inline; it is saved after a reload`, page, `${n(7)}-price-saved.png`, async () => {
        const item = page.getByTestId('kb-item').filter({ has: page.locator('input[value="Red roses bouquet"]') });
        const input = item.getByTestId('variant-price').nth(1);
        await input.fill('57.50');
        await input.press('Enter');
        await item.getByText('Saved').first().waitFor({ state: 'attached' });
        await page.reload({ waitUntil: 'domcontentloaded' });
        const again = page.getByTestId('kb-item').filter({ has: page.locator('input[value="Red roses bouquet"]') });
        await again.waitFor();
        const value = await again.getByTestId('variant-price').nth(1).inputValue();
        assert(value === '57.50', `after reload the price is "${value}"`);
        const shown = await again.getByTestId('variant-price-formatted').nth(1).innerText();
        assert(/57[.,]50/.test(shown), `formatted "${shown}"`);
        await noHorizontalOverflow(page);
        return shown.trim();
      })) &&
      (await step(`${name}: upload a photo; it appears in the media grid`, page, `${n(8)}-media.png`, async () => {
        await openNav(page, isMobile, 'Media');
        await page.waitForURL('**/app/media');
        await page.getByTestId('media-dropzone').waitFor();
        const before = await page.getByTestId('media-card').filter({ hasText: photoName }).count();
        await page.locator('#media-file').setInputFiles({ name: photoName, mimeType: 'image/png', buffer: makePng() });
        await page.getByText(`${photoName} uploaded.`).waitFor();
        const cards = page.getByTestId('media-card').filter({ hasText: photoName });
        await page.waitForFunction((want) => document.querySelectorAll('[data-testid="media-card"]').length >= want, before + 1);
        const img = cards.last().getByTestId('media-thumb');
        await img.waitFor();
        await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
        await noHorizontalOverflow(page);
      })) &&
      (await step(`${name}: the items table shows the photo's thumbnail`, page, `${n(9)}-items-thumb.png`, async () => {
        await page.goto(kbUrl, { waitUntil: 'domcontentloaded' });
        const item = page.getByTestId('kb-item').filter({ has: page.locator('input[value="Red roses bouquet"]') });
        const thumb = item.getByTestId('item-thumb').first();
        await thumb.waitFor();
        await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await thumb.elementHandle());
        await noHorizontalOverflow(page);
      }));
    void ok;
    reportPageErrors(name, pageErrors);
  } finally {
    await context.close();
  }
}

async function main() {
  if (!baseUrl) {
    console.error('e2e-catalogue: X8_BASE_URL is required (e.g. http://127.0.0.1:8080)');
    console.log('e2e-catalogue: 0 passed, 1 failed');
    process.exit(2);
  }
  const version = await fetch(`${baseUrl}/api/v1/version`).catch((e) => {
    throw new Error(`cannot reach ${baseUrl}: ${e.message}`);
  });
  assert(version.ok, `GET /api/v1/version: HTTP ${version.status}`);
  // Signed out, an existing route answers 401; a missing one 404.
  const probe = await fetch(`${baseUrl}/api/v1/knowledge-bases/kb_probe/items`);
  if (probe.status === 404) {
    console.log('e2e-catalogue: skipped (API not available)');
    process.exit(0);
  }
  mkdirSync(outDir, { recursive: true });
  console.log(`e2e-catalogue: ${baseUrl} → screenshots in ${outDir}`);
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
  report(false, 'e2e-catalogue run', error instanceof Error ? error.stack ?? error.message : String(error));
}
process.exit(summary('e2e-catalogue'));
