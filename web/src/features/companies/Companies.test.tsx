import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, bodyOf, calls, json, mockFetch, renderApp, signedIn, user } from '../../test/utils';
import type { Company } from '../../api/types';

const client = { ...user('CLIENT'), account_id: 'acc_1' };
const company = (over: Partial<Company>): Company => ({
  id: 'cmp_1',
  code: 'COMP001',
  account_id: 'acc_1',
  name: 'Rose Flowers',
  type: 'PRODUCT',
  status: 'ACTIVE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  created_at: 1,
  updated_at: 1,
  stats: { messages_in: 12, messages_out: 7, conversations: 3 },
  ...over,
});

describe('companies (CLIENT)', () => {
  it('lists companies with code, type/status badges and real stats', async () => {
    mockFetch({ ...signedIn(client), '/api/v1/companies': json({ items: [company({})], next_cursor: null }) });
    renderApp('/app/companies');
    const card = await screen.findByTestId('company-card');
    expect(within(card).getByTestId('company-code')).toHaveTextContent('COMP001');
    expect(card).toHaveTextContent('Products');
    expect(card).toHaveTextContent('Active');
    expect(card).toHaveTextContent('12');
    expect(card).toHaveTextContent('Europe/Berlin');
  });

  it('searches and filters by status through the query string', async () => {
    const fetchMock = mockFetch({ ...signedIn(client), '/api/v1/companies': json({ items: [] }) });
    renderApp('/app/companies');
    await screen.findByRole('heading', { name: 'No companies yet', level: 2 });
    await userEvent.type(screen.getByLabelText('Search companies'), 'rose');
    await userEvent.selectOptions(screen.getByLabelText('Filter by status'), 'INACTIVE');
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/companies?q=rose&status=INACTIVE'));
    expect(await screen.findByRole('heading', { name: 'Nothing found' })).toBeInTheDocument();
  });

  it('validates the create dialog (name, type required) before calling the server', async () => {
    const fetchMock = mockFetch({
      ...signedIn(client),
      '/api/v1/companies': json({ items: [] }),
      'POST /api/v1/companies': json(company({ id: 'cmp_9', code: 'COMP009', name: 'Yoga' }), 201),
    });
    renderApp('/app/companies');
    await userEvent.click((await screen.findAllByRole('button', { name: 'New company' }))[0]!);
    const dialog = screen.getByRole('dialog', { name: 'New company' });
    expect(within(dialog).getByLabelText('Company name')).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create company' }));
    expect(within(dialog).getByLabelText('Company name')).toHaveAccessibleDescription('Enter the company name.');
    expect(within(dialog).getByTestId('company-type-error')).toHaveTextContent('Choose what the company sells.');
    expect(calls(fetchMock)).not.toContain('POST /api/v1/companies');

    await userEvent.type(within(dialog).getByLabelText('Company name'), 'Yoga');
    await userEvent.click(within(dialog).getByRole('radio', { name: /Services/ }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Timezone'), 'Asia/Tokyo');
    await userEvent.selectOptions(within(dialog).getByLabelText('Currency'), 'JPY');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create company' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bodyOf(fetchMock, 'POST', '/api/v1/companies')).toEqual({ name: 'Yoga', type: 'SERVICE', timezone: 'Asia/Tokyo', currency: 'JPY' });
    expect(await screen.findByText('Company COMP009 created.')).toBeInTheDocument();
  });

  it('shows server validation under the field (details.field)', async () => {
    mockFetch({
      ...signedIn(client),
      '/api/v1/companies': json({ items: [] }),
      'POST /api/v1/companies': apiError(422, 'invalid_argument', 'Unknown currency.', { field: 'currency' }),
    });
    renderApp('/app/companies');
    await userEvent.click((await screen.findAllByRole('button', { name: 'New company' }))[0]!);
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Company name'), 'Shoes');
    await userEvent.click(within(dialog).getByRole('radio', { name: /Products/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create company' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Currency')).toHaveAccessibleDescription('Unknown currency.'));
  });

  it('edits with PATCH and deletes after confirmation; Escape closes a dialog', async () => {
    let items = [company({})];
    const fetchMock = mockFetch({
      ...signedIn(client),
      '/api/v1/companies': () => json({ items }),
      'PATCH /api/v1/companies/cmp_1': (_u, init) => json({ ...items[0], ...(JSON.parse(String(init.body)) as object) }),
      'DELETE /api/v1/companies/cmp_1': () => {
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/app/companies');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Rose Flowers' }));
    let dialog = screen.getByRole('dialog', { name: 'Edit COMP001' });
    expect(within(dialog).queryByRole('option', { name: 'Suspended' })).not.toBeInTheDocument(); // admins only
    expect(within(dialog).getByLabelText('Status')).toHaveAccessibleDescription('Only an administrator can suspend a company.');
    await userEvent.selectOptions(within(dialog).getByLabelText('Status'), 'INACTIVE');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bodyOf(fetchMock, 'PATCH', '/api/v1/companies/cmp_1')).toMatchObject({ name: 'Rose Flowers', status: 'INACTIVE' });

    await userEvent.click(screen.getByRole('button', { name: 'Delete Rose Flowers' }));
    dialog = screen.getByRole('dialog', { name: 'Delete COMP001?' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls(fetchMock)).not.toContain('DELETE /api/v1/companies/cmp_1');
    await userEvent.click(screen.getByRole('button', { name: 'Delete Rose Flowers' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete company' }));
    expect(await screen.findByText('COMP001 deleted.')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'No companies yet', level: 2 })).toBeInTheDocument();
  });

  it('shows a SUSPENDED company read-only to its owner', async () => {
    mockFetch({ ...signedIn(client), '/api/v1/companies': json({ items: [company({ status: 'SUSPENDED' })] }) });
    renderApp('/app/companies', { lng: 'ru' });
    const card = await screen.findByTestId('company-card');
    expect(card).toHaveTextContent('Приостановлена администратором');
    expect(within(card).queryByRole('button')).not.toBeInTheDocument();
  });
});
