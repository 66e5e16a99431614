import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, calls, json, mockFetch, renderApp, sessionRoutes } from '../../test/utils';
import { FakeWebSocket } from '../../test/conversations';
import { createI18n } from '../../i18n';
import type { Order } from '../../api/conversations';
import { actionsFor, timingOf } from './PaymentsPage';

const company = { id: 'cmp_1', code: 'COMP001', account_id: 'acc_1', name: 'Flower shop', type: 'PRODUCT', status: 'ACTIVE', timezone: 'UTC', currency: 'EUR', created_at: 1, updated_at: 1 };
const NOW = Date.now();

function order(id: string, payment_status: Order['payment_status'], extra: Partial<Order> = {}): Order {
  return {
    id,
    company_id: 'cmp_1',
    conversation_id: `conv_${id}`,
    contact_id: 'ctc_1',
    customer_name: `Customer ${id}`,
    payment_status,
    currency: 'EUR',
    subtotal_minor: 5980,
    delivery_minor: 0,
    total_minor: 5980,
    lines: [{ item_id: 'itm_1', variant_id: 'var_1', name: 'Red roses bouquet', variant_label: 'M', quantity_milli: 2000, unit_price_minor: 2990, total_minor: 5980 }],
    provider: 'sandbox',
    payment_url: 'http://localhost/pay/sandbox/ps_1',
    expires_at: NOW + 3600_000,
    paid_at: null,
    cancelled_at: null,
    refunded_at: null,
    created_at: NOW - 600_000,
    updated_at: NOW - 600_000,
    ...extra,
  };
}

beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));
afterEach(() => vi.unstubAllGlobals());

describe('payments log helpers', () => {
  it('offers cancel for a live link and refund for a payment, nothing else', () => {
    expect(actionsFor({ payment_status: 'payment_link_sent' })).toEqual(['cancel']);
    expect(actionsFor({ payment_status: 'paid' })).toEqual(['refund']);
    for (const s of ['no_payment_link', 'expired', 'cancelled', 'refunded'] as const) expect(actionsFor({ payment_status: s })).toEqual([]);
  });

  it('words the time that matters for the status', () => {
    const i18n = createI18n('en');
    const t = i18n.t.bind(i18n);
    const now = 1_700_000_000_000;
    expect(timingOf(order('a', 'paid', { paid_at: now - 120_000 }), t, 'en', now)).toBe('Paid 2 minutes ago');
    expect(timingOf(order('a', 'payment_link_sent', { expires_at: now + 3 * 3600_000 }), t, 'en', now)).toBe('Expires in 3 hours');
    expect(timingOf(order('a', 'expired', { expires_at: now - 86400_000 }), t, 'en', now)).toBe('Expired yesterday');
    expect(timingOf(order('a', 'no_payment_link'), t, 'en', now)).toBe('');
  });
});

describe('payments log page', () => {
  const orders = [order('o1', 'payment_link_sent'), order('o2', 'paid', { paid_at: NOW - 60_000, total_minor: 2990 }), order('o3', 'expired'), order('o4', 'refunded', { refunded_at: NOW })];
  function routes(extra = {}) {
    return {
      ...sessionRoutes('CLIENT'),
      '/api/v1/companies': json({ items: [company], next_cursor: null }),
      '/api/v1/companies/cmp_1/orders': json({ items: orders, next_cursor: null }),
      'POST /api/v1/orders/o1/cancel': json({ ...orders[0], payment_status: 'cancelled' }),
      'POST /api/v1/orders/o2/refund': apiError(409, 'conflict', 'The provider refused the refund'),
      ...extra,
    };
  }

  it('shows status chips, amounts, conversation links and the right actions', async () => {
    mockFetch(routes());
    renderApp('/app/payments');
    const table = await screen.findByTestId('payments-table');
    const rows = within(table).getAllByTestId('order-row');
    expect(rows.map((r) => within(r).getByTestId('order-status').textContent)).toEqual(['Link sent', 'Paid', 'Expired', 'Refunded']);
    expect(rows.map((r) => r.dataset.status)).toEqual(['payment_link_sent', 'paid', 'expired', 'refunded']);
    expect(within(rows[0]!).getByTestId('order-amount')).toHaveTextContent('€59.80');
    expect(within(rows[1]!).getByTestId('order-amount')).toHaveTextContent('€29.90');
    expect(within(rows[0]!).getByTestId('order-customer')).toHaveTextContent('Customer o1');
    expect(within(rows[0]!).getByTestId('order-cancel')).toBeInTheDocument();
    expect(within(rows[0]!).queryByTestId('order-refund')).not.toBeInTheDocument();
    expect(within(rows[1]!).getByTestId('order-refund')).toBeInTheDocument();
    expect(within(rows[2]!).queryByRole('button')).not.toBeInTheDocument();
    expect(within(rows[0]!).getByTestId('order-conversation')).toHaveAttribute('href', '/app/inbox/conv_o1?company=cmp_1');
    expect(rows[1]).toHaveTextContent('Paid 1 minute ago');
    // Phone cards carry the same data.
    expect(within(screen.getByTestId('payments-cards')).getAllByTestId('order-card')).toHaveLength(4);
  });

  it('cancels a link after confirmation and shows a refused refund', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/payments');
    const table = await screen.findByTestId('payments-table');
    await userEvent.click(within(table).getByTestId('order-cancel'));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this payment link?' });
    expect(dialog).toHaveTextContent('€59.80');
    expect(calls(fetchMock)).not.toContain('POST /api/v1/orders/o1/cancel');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel link' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls(fetchMock)).toContain('POST /api/v1/orders/o1/cancel');

    await userEvent.click(within(table).getByTestId('order-refund'));
    const refund = screen.getByRole('dialog', { name: 'Refund €29.90?' });
    await userEvent.click(within(refund).getByRole('button', { name: 'Refund' }));
    expect(await within(refund).findByRole('alert')).toHaveTextContent('The provider refused the refund');
  });

  it('filters by status and search', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/payments');
    await screen.findByTestId('payments-table');
    await userEvent.selectOptions(screen.getByTestId('payments-status'), 'paid');
    await userEvent.type(screen.getByTestId('payments-search'), 'Ann');
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/orders?payment_status=paid&q=Ann&limit=50'));
  });

  it('explains how orders appear when there are none', async () => {
    mockFetch(routes({ '/api/v1/companies/cmp_1/orders': json({ items: [], next_cursor: null }) }));
    renderApp('/app/payments');
    expect(await screen.findByTestId('payments-empty')).toHaveTextContent('payment link');
  });
});
