import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, bodyOf, calls, json, mockFetch, renderApp, signedIn, user } from '../../test/utils';
import type { CatalogueItem, ImportPreview, KnowledgeBase } from '../../api/knowledge';
import type { MediaFile } from '../../api/media';
import { parseMoneyInput, formatMoney } from '../../lib/money';

const client = { ...user('CLIENT'), account_id: 'acc_1' };
const kb: KnowledgeBase = { id: 'kb_1', company_id: 'cmp_1', name: 'Spring', kind: 'PRODUCT', items_count: 1 };

const preview: ImportPreview = {
  import_id: 'imp_1',
  file_name: 'flower-shop.csv',
  sheet: '',
  sheets: [],
  rows: 3,
  items: 1,
  columns: [
    { index: 0, header: 'Product Name', field: 'name', samples: ['Red roses bouquet'] },
    { index: 1, header: 'Size', field: 'attribute', attribute: 'size', samples: ['S', 'M', 'L'] },
    { index: 2, header: 'Price (EUR)', field: 'price', currency: 'EUR', samples: ['29.90', '54.90', '99.00'] },
    { index: 3, header: 'Notes', field: 'extra', samples: ['fresh'] },
  ],
  preview: [
    {
      name: 'Red roses bouquet',
      variants: [
        { attributes: { size: 'S' }, price_minor: 2990, currency: 'EUR' },
        { attributes: { size: 'M' }, price_minor: 5490, currency: 'EUR' },
      ],
    },
  ],
  problems: [{ line: 4, column: 3, field: 'price', message: "line 4, column 3 (price): 'abc' is not a price" }],
};

const roses: CatalogueItem = {
  id: 'itm_1',
  name: 'Red roses bouquet',
  category: 'Bouquets',
  variants: [
    { id: 'var_s', attributes: { size: 'S' }, price_minor: 2990, currency: 'EUR', stock: 4, image: 'red-roses-s.jpg' },
    { id: 'var_m', attributes: { size: 'M' }, price_minor: 5490, currency: 'EUR', stock: null, image: 'missing.jpg' },
  ],
};

const photo: MediaFile = {
  id: 'med_1',
  folder: 'product',
  kind: 'image',
  file_name: 'Red-Roses-S.jpg',
  content_type: 'image/jpeg',
  bytes: 12345,
  width: 800,
  height: 600,
  variants: { original: '/media/users/u/product/med_1-red.jpg', thumb: '/media/users/u/product/med_1-red.thumb.webp' },
  created_at: 1,
};

function importRoutes(commit: Response | (() => Response)) {
  return {
    ...signedIn(client),
    '/api/v1/knowledge-bases/kb_1': json(kb),
    'POST /api/v1/knowledge-bases/kb_1/imports': json(preview, 201),
    'POST /api/v1/knowledge-bases/kb_1/imports/imp_1/commit': commit,
  };
}

async function uploadCsv() {
  renderApp('/app/knowledge-bases/kb_1/import');
  await screen.findByRole('heading', { name: 'Import into Spring', level: 1 });
  const file = new File(['Product Name,Size,Price (EUR)\n'], 'flower-shop.csv', { type: 'text/csv' });
  await userEvent.upload(document.getElementById('import-file') as HTMLInputElement, file);
  await screen.findByTestId('mapping');
}

describe('import flow', () => {
  it('uploads the raw file, shows the detected mapping and problems, commits the override and shows the summary', async () => {
    const fetchMock = mockFetch(importRoutes(json({ created: 1, updated: 0, deleted: 2, items: 1 })));
    await uploadCsv();

    const upload = fetchMock.mock.calls.find(([url, init]) => init?.method === 'POST' && String(url).endsWith('/imports'))!;
    expect((upload[1]!.headers as Record<string, string>)['X-File-Name']).toBe('flower-shop.csv');
    expect(upload[1]!.body).toBeInstanceOf(File);

    expect(screen.getByTestId('preview-summary')).toHaveTextContent('flower-shop.csv: 3 rows → 1 items');
    const price = screen.getAllByTestId('mapping-row')[2]!;
    expect(within(price).getByRole('combobox')).toHaveValue('price');
    expect(price).toHaveTextContent('currency EUR');
    expect(screen.getByLabelText('Read as: Size')).toHaveValue('attribute:size');
    expect(screen.getByTestId('preview-items')).toHaveTextContent('Red roses bouquet');
    expect(screen.getByTestId('preview-items')).toHaveTextContent('€29.90 – €54.90');
    expect(screen.getByTestId('preview-problems')).toHaveTextContent('Line 4, column 3 (Price (EUR))');
    expect(screen.getByTestId('preview-problems')).toHaveTextContent("'abc' is not a price");

    await userEvent.selectOptions(screen.getByLabelText('Read as: Notes'), 'ignore');
    await userEvent.selectOptions(screen.getByLabelText('Read as: Size'), 'attribute:size'); // unchanged: not sent
    await userEvent.click(screen.getByLabelText(/Replace/));
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));

    const result = await screen.findByTestId('import-result');
    expect(bodyOf(fetchMock, 'POST', '/api/v1/knowledge-bases/kb_1/imports/imp_1/commit')).toEqual({ mode: 'replace', mapping: { '3': 'ignore' } });
    expect(within(result).getByTestId('result-created')).toHaveTextContent('1');
    expect(within(result).getByTestId('result-deleted')).toHaveTextContent('2');
    expect(within(result).getByRole('link', { name: 'View items' })).toHaveAttribute('href', '/app/knowledge-bases/kb_1');
  });

  it('lists every problem of a refused commit with line and column', async () => {
    mockFetch(
      importRoutes(() =>
        apiError(400, 'invalid_argument', "line 2, column 3 (stock): '29.90' is not a whole number", {
          line: 2,
          column: 3,
          field: 'stock',
          problems: [
            { line: 2, column: 3, field: 'stock', message: "line 2, column 3 (stock): '29.90' is not a whole number" },
            { line: 3, column: 3, field: 'stock', message: "line 3, column 3 (stock): '54.90' is not a whole number" },
          ],
        }),
      ),
    );
    await uploadCsv();
    await userEvent.selectOptions(screen.getByLabelText('Read as: Price (EUR)'), 'stock');
    expect(screen.getByText(/You changed how some columns are read/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    const box = await screen.findByTestId('commit-errors');
    expect(box).toHaveTextContent('Nothing was imported: the file has problems');
    const items = within(screen.getByTestId('commit-problems')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("Line 2, column 3 (Price (EUR))'29.90' is not a whole number");
    expect(items[1]).toHaveTextContent('Line 3, column 3');
    expect(screen.queryByTestId('import-result')).not.toBeInTheDocument();
  });

  it('offers the sheets of a workbook and re-uploads with ?sheet=', async () => {
    const fetchMock = mockFetch({
      ...importRoutes(json({ created: 0, updated: 0, deleted: 0 })),
      'POST /api/v1/knowledge-bases/kb_1/imports': json({ ...preview, sheet: 'Products', sheets: ['Products', 'Services'] }, 201),
    });
    await uploadCsv();
    await userEvent.selectOptions(screen.getByLabelText('Sheet'), 'Services');
    await waitFor(() => expect(calls(fetchMock)).toContain('POST /api/v1/knowledge-bases/kb_1/imports?sheet=Services'));
  });
});

describe('items table', () => {
  const routes = () => ({
    ...signedIn(client),
    '/api/v1/knowledge-bases/kb_1': json(kb),
    '/api/v1/knowledge-bases/kb_1/items': json({ items: [roses], next_cursor: null }),
    '/api/v1/media': json({ items: [photo] }),
    'PATCH /api/v1/knowledge-bases/kb_1/items/itm_1': json(roses),
  });

  it('groups variants under their item and formats prices with the currency', async () => {
    mockFetch(routes());
    renderApp('/app/knowledge-bases/kb_1');
    const item = await screen.findByTestId('kb-item');
    expect(within(item).getAllByTestId('kb-variant')).toHaveLength(2);
    expect(within(item).getAllByTestId('variant-price-formatted').map((e) => e.textContent)).toEqual(['€29.90', '€54.90']);
    expect(within(item).getByTestId('variants-count')).toHaveTextContent('Variants: 2');
  });

  it('shows the thumbnail the server linked to a variant, even without the media library', async () => {
    const linked: CatalogueItem = {
      ...roses,
      variants: [
        {
          id: 'var_s',
          attributes: { size: 'S' },
          price_minor: 2990,
          currency: 'EUR',
          image: {
            file_name: 'Red-Roses-S.jpg',
            media_id: 'med_9',
            thumb_url: '/media/users/usr_1/product/med_9-red-roses-s.thumb.webp',
            medium_url: '/media/users/usr_1/product/med_9-red-roses-s.medium.webp',
            url: '/media/users/usr_1/product/med_9-red-roses-s.jpg',
          },
        },
      ],
    };
    mockFetch({
      ...routes(),
      '/api/v1/knowledge-bases/kb_1/items': json({ items: [linked], next_cursor: null }),
      '/api/v1/media': apiError(403, 'permission_denied', 'only account owners have a media library'),
    });
    renderApp('/app/knowledge-bases/kb_1');
    expect(await screen.findByTestId('item-thumb')).toHaveAttribute(
      'src',
      '/media/users/usr_1/product/med_9-red-roses-s.thumb.webp',
    );
  });

  it('sends an edited price in minor units, keeping the other variants with their ids', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/knowledge-bases/kb_1');
    const input = await screen.findByLabelText('Price of Red roses bouquet (M)');
    expect(input).toHaveValue('54.90');
    // thumbnail from the media library (file name matched case-insensitively), file name otherwise
    expect(await screen.findByTestId('item-thumb')).toHaveAttribute('src', photo.variants.thumb);
    expect(screen.getByTitle('missing.jpg')).toBeInTheDocument();

    await userEvent.clear(input);
    await userEvent.type(input, '57,5{Enter}');
    await waitFor(() => expect(calls(fetchMock)).toContain('PATCH /api/v1/knowledge-bases/kb_1/items/itm_1'));
    const body = bodyOf(fetchMock, 'PATCH', '/api/v1/knowledge-bases/kb_1/items/itm_1') as CatalogueItem;
    expect(body.variants).toHaveLength(2);
    expect(body.variants![0]).toMatchObject({ id: 'var_s', price_minor: 2990 });
    expect(body.variants![1]).toMatchObject({ id: 'var_m', price_minor: 5750, attributes: { size: 'M' } });
    expect(await screen.findByText('Saved')).toBeInTheDocument();
  });

  it('refuses an invalid price without calling the server', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/knowledge-bases/kb_1');
    const input = await screen.findByLabelText('Price of Red roses bouquet (S)');
    await userEvent.clear(input);
    await userEvent.type(input, 'abc{Enter}');
    expect(input).toHaveAccessibleDescription('Enter a price such as 19.90.');
    expect(calls(fetchMock).some((c) => c.startsWith('PATCH'))).toBe(false);
  });

  it('searches items through ?q= and deletes an item after confirmation', async () => {
    const fetchMock = mockFetch({ ...routes(), 'DELETE /api/v1/knowledge-bases/kb_1/items/itm_1': new Response(null, { status: 204 }) });
    renderApp('/app/knowledge-bases/kb_1');
    await screen.findByTestId('kb-item');
    await userEvent.type(screen.getByLabelText('Search items'), 'rose');
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/knowledge-bases/kb_1/items?limit=100&q=rose'));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete item Red roses bouquet' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete item' }));
    await waitFor(() => expect(calls(fetchMock)).toContain('DELETE /api/v1/knowledge-bases/kb_1/items/itm_1'));
  });
});

describe('knowledge bases list', () => {
  it("lists a company's knowledge bases with kind and count, and creates one", async () => {
    const fetchMock = mockFetch({
      ...signedIn(client),
      '/api/v1/companies': json({ items: [{ id: 'cmp_1', code: 'COMP001', name: 'Bloom', account_id: 'acc_1', type: 'PRODUCT', status: 'ACTIVE', timezone: 'UTC', currency: 'EUR', created_at: 1, updated_at: 1 }] }),
      '/api/v1/companies/cmp_1/knowledge-bases': json({ items: [{ ...kb, items_count: 1234 }] }),
      'POST /api/v1/companies/cmp_1/knowledge-bases': json({ ...kb, id: 'kb_2', name: 'FAQ', kind: 'FAQ' }, 201),
    });
    renderApp('/app/knowledge-bases');
    const card = await screen.findByTestId('kb-card');
    expect(card).toHaveTextContent('Spring');
    expect(card).toHaveTextContent('Products');
    expect(card).toHaveTextContent('Items: 1,234');
    await userEvent.click(screen.getAllByRole('button', { name: 'New knowledge base' })[0]!);
    const dialog = screen.getByRole('dialog', { name: 'New knowledge base' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'FAQ');
    await userEvent.selectOptions(within(dialog).getByLabelText('Kind'), 'FAQ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(bodyOf(fetchMock, 'POST', '/api/v1/companies/cmp_1/knowledge-bases')).toEqual({ name: 'FAQ', kind: 'FAQ' }));
  });
});

describe('media library', () => {
  async function uploadWith(response: Response, name = 'big.jpg') {
    const fetchMock = mockFetch({ ...signedIn(client), '/api/v1/media': json({ items: [photo] }), 'POST /api/v1/media': response });
    renderApp('/app/media');
    await screen.findByTestId('media-grid');
    await userEvent.upload(document.getElementById('media-file') as HTMLInputElement, new File(['x'], name, { type: 'image/jpeg' }));
    return fetchMock;
  }

  it('shows thumbnails and uploads the raw file with X-File-Name and ?folder=', async () => {
    const fetchMock = await uploadWith(json({ ...photo, id: 'med_2', file_name: 'Розы.jpg' }, 201), 'Розы.jpg');
    expect(screen.getByTestId('media-thumb')).toHaveAttribute('src', photo.variants.thumb);
    await screen.findByText('Розы.jpg uploaded.');
    const call = fetchMock.mock.calls.find(([url, init]) => init?.method === 'POST' && String(url).startsWith('/api/v1/media'))!;
    expect(String(call[0])).toBe('/api/v1/media?folder=product');
    expect((call[1]!.headers as Record<string, string>)['X-File-Name']).toBe(encodeURIComponent('Розы.jpg'));
  });

  it('explains quota, size, type and welcome-video refusals', async () => {
    await uploadWith(apiError(413, 'payload_too_large', 'over quota', { quota_bytes: 524288000, used_bytes: 524000000, file_bytes: 3145728 }));
    expect(await screen.findByTestId('upload-errors')).toHaveTextContent('big.jpg does not fit in your storage: 500 MB of 500 MB used, the file needs 3 MB.');
  });

  it.each([
    [apiError(413, 'payload_too_large', 'images may be at most 10 MiB'), 'big.jpg is too large: images may be at most 10 MiB'],
    [apiError(415, 'unsupported_media_type', 'unsupported file type text/plain', { detected_type: 'text/plain' }), 'big.jpg is not a supported file type: unsupported file type text/plain'],
    [apiError(409, 'conflict', 'you already have a welcome video; delete it first', { reason: 'welcome_video_exists' }), 'You already have a welcome video. Delete it first'],
  ])('shows %#', async (response, text) => {
    await uploadWith(response);
    expect(await screen.findByTestId('upload-errors')).toHaveTextContent(text);
  });

  it('deletes a file after confirmation', async () => {
    const fetchMock = mockFetch({ ...signedIn(client), '/api/v1/media': json({ items: [photo] }), 'DELETE /api/v1/media/med_1': new Response(null, { status: 204 }) });
    renderApp('/app/media');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Red-Roses-S.jpg' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete file' }));
    await waitFor(() => expect(calls(fetchMock)).toContain('DELETE /api/v1/media/med_1'));
  });

  it('explains the one-welcome-video rule on the welcome tab', async () => {
    mockFetch({ ...signedIn(client), '/api/v1/media': json({ items: [] }) });
    renderApp('/app/media');
    await userEvent.click(await screen.findByRole('tab', { name: /Welcome video/ }));
    expect(screen.getByTestId('folder-hint')).toHaveTextContent('Delete the current one to upload another.');
  });
});

describe('navigation', () => {
  it('CLIENT nav opens the real knowledge bases and media pages; managers have knowledge bases', async () => {
    mockFetch({ ...signedIn(client), '/api/v1/companies': json({ items: [] }), '/api/v1/media': json({ items: [] }) });
    renderApp('/app/dashboard');
    const kbLink = await screen.findAllByRole('link', { name: 'Knowledge bases' });
    expect(kbLink[0]).toHaveAttribute('href', '/app/knowledge-bases');
    await userEvent.click(kbLink[0]!);
    expect(await screen.findByRole('heading', { name: 'Create a company first' })).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole('link', { name: 'Media' })[0]!);
    expect(await screen.findByRole('tab', { name: /Product photos/ })).toHaveAttribute('aria-selected', 'true');
  });

  it('a manager reaches a knowledge base page under /manager', async () => {
    mockFetch({ ...signedIn(user('MANAGER')), '/api/v1/knowledge-bases/kb_1': json(kb), '/api/v1/knowledge-bases/kb_1/items': json({ items: [] }) });
    renderApp('/manager/knowledge-bases/kb_1');
    expect(await screen.findByRole('heading', { name: 'No items yet' })).toBeInTheDocument();
    expect(screen.getByTestId('import-link')).toHaveAttribute('href', '/manager/knowledge-bases/kb_1/import');
  });
});

describe('money helpers', () => {
  it('parses major units into minor units and formats minor units', () => {
    expect(parseMoneyInput('29.90', 'EUR')).toBe(2990);
    expect(parseMoneyInput('1 234,5', 'EUR')).toBe(123450);
    expect(parseMoneyInput('1,234', 'EUR')).toBe(123400);
    expect(parseMoneyInput('500', 'JPY')).toBe(500);
    expect(parseMoneyInput('', 'EUR')).toBeNull();
    expect(parseMoneyInput('-3', 'EUR')).toBeUndefined();
    expect(parseMoneyInput('abc', 'EUR')).toBeUndefined();
    expect(formatMoney(250000, 'RUB', 'ru').replace(/\s/g, ' ')).toBe('2 500,00 ₽');
    expect(formatMoney(null, 'EUR', 'en')).toBe('—');
  });
});
