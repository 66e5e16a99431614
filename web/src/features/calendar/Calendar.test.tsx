import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, bodyOf, calls, json, mockFetch, renderApp, sessionRoutes, type Handler } from '../../test/utils';
import { DEFAULT_AVAILABILITY } from './availability';
import { browserNavigation } from './GoogleCalendarCard';

const BERLIN = 'Europe/Berlin';
const utc = (s: string) => Date.parse(s);
const company = { id: 'cmp_1', code: 'COMP001', account_id: 'acc_1', name: 'Salon', type: 'SERVICE', status: 'ACTIVE', timezone: BERLIN, currency: 'EUR', created_at: 1, updated_at: 1 };

function booking(id: string, start: string, minutes: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    company_id: 'cmp_1',
    kind: 'appointment',
    item_id: 'itm_cut',
    variant_id: 'var_cut',
    title: "Women's haircut",
    starts_at: utc(start),
    ends_at: utc(start) + minutes * 60_000,
    timezone: BERLIN,
    status: 'confirmed',
    hold_expires_at: null,
    order_id: '',
    conversation_id: '',
    contact_id: '',
    customer_name: `Customer ${id}`,
    format: 'offline',
    location: 'Main street 1',
    address: '',
    zone: '',
    notes: '',
    source: 'assistant',
    google_event_id: '',
    created_at: 1,
    updated_at: 1,
    ...extra,
  };
}

const BOOKINGS = [
  // Monday 23 Nov 10:00–11:00 Berlin (09:00Z), already past at "now" (25 Nov 13:00 Berlin).
  booking('bkg_past', '2026-11-23T09:00:00Z', 60, { order_id: 'ord_1', conversation_id: 'conv_1' }),
  // Friday 27 Nov 15:00 Berlin: a hold awaiting payment.
  booking('bkg_hold', '2026-11-27T14:00:00Z', 30, { status: 'pending_payment', hold_expires_at: utc('2026-11-25T12:30:00Z'), customer_name: 'Anna' }),
  booking('bkg_cancelled', '2026-11-24T08:00:00Z', 60, { status: 'cancelled' }),
  booking('bkg_delivery', '2026-11-26T10:00:00Z', 120, { kind: 'delivery', title: 'Delivery', item_id: '', address: 'Rosenweg 5', zone: 'Centre', format: '', location: '' }),
];

function routes(extra: Record<string, Response | Handler> = {}): Record<string, Response | Handler> {
  return {
    ...sessionRoutes('CLIENT'),
    '/api/v1/companies': json({ items: [company], next_cursor: null }),
    '/api/v1/companies/cmp_1/bookings': () => json({ items: BOOKINGS }),
    '/api/v1/companies/cmp_1/availability': () => json({ ...DEFAULT_AVAILABILITY, saved: false, updated_at: null }),
    '/api/v1/companies/cmp_1/availability/exceptions': () => json({ items: [{ id: 'axc_1', date: '2026-12-24', closed: true, hours: [], note: 'Christmas Eve' }] }),
    '/api/v1/companies/cmp_1/google-calendar': () => json({ company_id: 'cmp_1', configured: true, status: 'disconnected', google_email: '', calendar_id: '', calendar_name: '', last_error: '' }),
    ...extra,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const chip = (id: string) => screen.getAllByTestId('booking-chip').find((c) => c.dataset.bookingId === id)!;

describe('calendar views', () => {
  it('fetches the week in the company zone and draws status chips by day and time', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/calendar');
    const week = await screen.findByTestId('calendar-week');
    await waitFor(() => expect(within(week).getAllByTestId('booking-chip')).toHaveLength(4));
    expect(screen.getByTestId('calendar-view')).toHaveAttribute('data-view', 'week');
    // Monday 23 Nov 00:00 Berlin = 22 Nov 23:00Z, to the next Monday.
    expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/bookings?from=2026-11-22T23%3A00%3A00Z&to=2026-11-29T23%3A00%3A00Z');
    expect(chip('bkg_hold')).toHaveAttribute('data-status', 'pending_payment');
    expect(chip('bkg_cancelled')).toHaveClass('line-through');
    expect(chip('bkg_delivery')).toHaveAttribute('data-kind', 'delivery');
    // 10:00 Berlin → 10 hours down the grid.
    expect(chip('bkg_past').style.top).toBe(`${10 * 48}px`);
    expect(chip('bkg_past')).toHaveAccessibleName(/10:00 AM–11:00 AM, Women's haircut, Customer bkg_past, Confirmed/);
    expect(within(screen.getByRole('group', { name: 'Monday, November 23, 2026' })).getByTestId('booking-chip')).toBe(chip('bkg_past'));
    expect(screen.getByTestId('calendar-timezone')).toHaveTextContent('Europe/Berlin');
    // "Now" (12:00Z = 13:00 Berlin) on today's column.
    const now = within(screen.getByRole('group', { name: 'Wednesday, November 25, 2026' })).getByTestId('calendar-now');
    expect(now.style.top).toBe(`${13 * 48}px`);
  });

  it('moves by week and month, back to today, and shows the month grid', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/calendar');
    await screen.findByTestId('calendar-week');
    await userEvent.click(screen.getByTestId('calendar-next'));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/app/calendar'));
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/bookings?from=2026-11-29T23%3A00%3A00Z&to=2026-12-06T23%3A00%3A00Z'));
    await userEvent.click(screen.getByTestId('calendar-prev'));
    await userEvent.click(screen.getByTestId('calendar-prev'));
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/bookings?from=2026-11-15T23%3A00%3A00Z&to=2026-11-22T23%3A00%3A00Z'));
    await userEvent.click(screen.getByTestId('calendar-today'));
    await userEvent.click(screen.getByTestId('calendar-view-month'));
    const month = await screen.findByTestId('calendar-month');
    expect(screen.getByTestId('calendar-title')).toHaveTextContent('November 2026');
    // 26 Oct (Mon) … 6 Dec in Berlin.
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/bookings?from=2026-10-25T23%3A00%3A00Z&to=2026-12-06T23%3A00%3A00Z'));
    await waitFor(() => expect(within(month).getAllByTestId('booking-chip')).toHaveLength(4));
    const cell = month.querySelector('[data-date="2026-11-27"]') as HTMLElement;
    expect(within(cell).getByTestId('booking-chip')).toHaveAttribute('data-booking-id', 'bkg_hold');
    await userEvent.click(screen.getByTestId('calendar-next'));
    expect(screen.getByTestId('calendar-title')).toHaveTextContent('December 2026');
  });

  it('opens a booking with its details and the actions its status allows; cancels after confirmation', async () => {
    const fetchMock = mockFetch(
      routes({
        'POST /api/v1/bookings/bkg_hold/cancel': () => json({ ...BOOKINGS[1], status: 'cancelled' }),
        'POST /api/v1/bookings/bkg_past/complete': () => json({ ...BOOKINGS[0], status: 'completed' }),
      }),
    );
    renderApp('/app/calendar');
    await screen.findByTestId('calendar-week');
    await waitFor(() => expect(screen.getAllByTestId('booking-chip')).toHaveLength(4));

    await userEvent.click(chip('bkg_past'));
    let details = screen.getByTestId('booking-details');
    expect(within(details).getByTestId('booking-customer')).toHaveTextContent('Customer bkg_past');
    expect(details).toHaveTextContent('Main street 1');
    expect(within(details).getByTestId('booking-conversation')).toHaveAttribute('href', '/app/inbox/conv_1?company=cmp_1');
    expect(within(details).getByTestId('booking-order')).toHaveAttribute('href', '/app/payments?company=cmp_1');
    expect(within(details).getByTestId('booking-complete')).toBeInTheDocument();
    expect(within(details).getByTestId('booking-no-show')).toBeInTheDocument();
    await userEvent.click(within(details).getByTestId('booking-complete'));
    await waitFor(() => expect(within(details).getByTestId('booking-status')).toHaveAttribute('data-status', 'completed'));
    expect(within(details).queryByTestId('booking-cancel')).not.toBeInTheDocument();
    await userEvent.click(within(details).getByRole('button', { name: 'Close' }));

    await userEvent.click(chip('bkg_hold'));
    details = screen.getByTestId('booking-details');
    expect(details).toHaveTextContent('Hold · awaiting payment');
    expect(details).toHaveTextContent(/Held until 01:30 PM/);
    expect(within(details).queryByTestId('booking-complete')).not.toBeInTheDocument();
    await userEvent.click(within(details).getByTestId('booking-cancel'));
    const confirm = screen.getByTestId('delete-dialog');
    expect(confirm).toHaveTextContent('Cancel this booking?');
    expect(calls(fetchMock).some((c) => c.includes('/cancel'))).toBe(false);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel booking' }));
    await waitFor(() => expect(screen.queryByTestId('delete-dialog')).not.toBeInTheDocument());
    expect(calls(fetchMock)).toContain('POST /api/v1/bookings/bkg_hold/cancel');
    expect(within(screen.getByTestId('booking-details')).getByTestId('booking-status')).toHaveAttribute('data-status', 'cancelled');

    await userEvent.click(within(screen.getByTestId('booking-details')).getByRole('button', { name: 'Close' }));
    await userEvent.click(chip('bkg_delivery'));
    details = screen.getByTestId('booking-details');
    expect(details).toHaveTextContent('Rosenweg 5');
    expect(details).toHaveTextContent('Centre');
    expect(within(details).getByTestId('booking-cancel')).toBeInTheDocument(); // future confirmed: cancel only
    expect(within(details).queryByTestId('booking-no-show')).not.toBeInTheDocument();
  });

  it('Escape closes only the confirmation over the details', async () => {
    mockFetch(routes());
    renderApp('/app/calendar');
    await screen.findByTestId('calendar-week');
    await waitFor(() => expect(screen.getAllByTestId('booking-chip')).toHaveLength(4));
    await userEvent.click(chip('bkg_hold'));
    await userEvent.click(within(screen.getByTestId('booking-details')).getByTestId('booking-cancel'));
    expect(screen.getByTestId('delete-dialog')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('delete-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('booking-details')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('booking-details')).not.toBeInTheDocument();
  });

  it('shows a refused action in the dialog, in Russian too', async () => {
    mockFetch(routes({ 'POST /api/v1/bookings/bkg_past/no-show': apiError(409, 'conflict', 'Бронь уже отменена') }));
    renderApp('/app/calendar', { lng: 'ru' });
    await screen.findByTestId('calendar-week');
    await waitFor(() => expect(screen.getAllByTestId('booking-chip')).toHaveLength(4));
    await userEvent.click(chip('bkg_past'));
    const details = screen.getByTestId('booking-details');
    await userEvent.click(within(details).getByTestId('booking-no-show'));
    expect(await within(details).findByRole('alert')).toHaveTextContent('Бронь уже отменена');
    expect(within(details).getByTestId('booking-status')).toHaveTextContent('Подтверждена');
  });
});

describe('availability editor', () => {
  it('validates, then PUTs the document; server field errors land under the day', async () => {
    let putCount = 0;
    const fetchMock = mockFetch(
      routes({
        'PUT /api/v1/companies/cmp_1/availability': (_url, init) => {
          putCount++;
          if (putCount === 1) return apiError(400, 'invalid_argument', 'weekly.mon: ranges must be sorted and must not overlap', { field: 'weekly.mon' });
          return json({ ...JSON.parse(String(init.body)), saved: true });
        },
      }),
    );
    renderApp('/app/calendar');
    const form = await screen.findByTestId('availability-form');
    const slot = within(form).getByLabelText('Slot length (minutes)');
    await userEvent.clear(slot);
    await userEvent.type(slot, '2');
    await userEvent.click(within(form).getByTestId('availability-save'));
    expect(slot).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByTestId('av-slot_minutes-error')).toHaveTextContent('Out of the allowed range.');
    expect(calls(fetchMock).some((c) => c.startsWith('PUT'))).toBe(false);

    await userEvent.clear(slot);
    await userEvent.type(slot, '15');
    await userEvent.click(within(form).getByTestId('av-open-sun'));
    await userEvent.click(within(form).getByTestId('av-open-sat')); // Saturday closed
    await userEvent.click(within(form).getByTestId('av-add-mon'));
    fireEvent.change(within(form).getByTestId('av-mon-0-to'), { target: { value: '13:00' } });
    fireEvent.change(within(form).getByTestId('av-mon-1-from'), { target: { value: '14:00' } });
    await userEvent.click(within(form).getByTestId('availability-save'));
    expect(await within(form).findByTestId('av-mon-error')).toHaveTextContent('weekly.mon: ranges must be sorted and must not overlap');

    await userEvent.click(within(form).getByTestId('availability-save'));
    await screen.findByTestId('availability-saved');
    const puts = fetchMock.mock.calls.filter(([, init]) => init?.method === 'PUT');
    const body = JSON.parse(String(puts.at(-1)![1]!.body));
    expect(body).toEqual({
      weekly: {
        mon: [
          ['09:00', '13:00'],
          ['14:00', '20:00'],
        ],
        tue: [['09:00', '18:00']],
        wed: [['09:00', '18:00']],
        thu: [['09:00', '18:00']],
        fri: [['09:00', '18:00']],
        sat: [],
        sun: [['09:00', '18:00']],
      },
      slot_minutes: 15,
      buffer_minutes: 0,
      lead_minutes: 60,
      horizon_days: 30,
      service_capacity: 1,
    });
  });

  it('edits delivery windows and zones for a PRODUCT company', async () => {
    const fetchMock = mockFetch(
      routes({
        '/api/v1/companies': json({ items: [{ ...company, type: 'PRODUCT' }], next_cursor: null }),
        'PUT /api/v1/companies/cmp_1/availability': (_url, init) => json(JSON.parse(String(init.body))),
      }),
    );
    renderApp('/app/calendar');
    const form = await screen.findByTestId('availability-form');
    expect(within(form).queryByLabelText('Customers per slot')).not.toBeInTheDocument();
    await userEvent.click(within(form).getByTestId('delivery-window-add'));
    await userEvent.click(within(form).getByTestId('delivery-zone-add'));
    const zone = within(form).getByTestId('delivery-zone');
    await userEvent.type(within(zone).getByLabelText('Zone'), 'Centre');
    await userEvent.type(within(zone).getByLabelText('Fee (EUR)'), '4,90');
    await userEvent.click(within(form).getByTestId('availability-save'));
    await screen.findByTestId('availability-saved');
    const body = bodyOf(fetchMock, 'PUT', '/api/v1/companies/cmp_1/availability') as Record<string, unknown>;
    expect(body.delivery_windows).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '14:00', capacity: 5, zones: [] }]);
    expect(body.delivery_zones).toEqual([{ name: 'Centre', fee_minor: 490 }]);
  });

  it('chooses the zones a delivery window serves; renames and deletes follow; same-start clashes and server zone errors', async () => {
    let puts = 0;
    const fetchMock = mockFetch(
      routes({
        '/api/v1/companies': json({ items: [{ ...company, type: 'PRODUCT' }], next_cursor: null }),
        '/api/v1/companies/cmp_1/availability': () =>
          json({
            ...DEFAULT_AVAILABILITY,
            delivery_windows: [
              { days: ['mon', 'tue'], from: '10:00', to: '14:00', capacity: 5 }, // older response: no zones
              { days: ['wed'], from: '16:00', to: '19:00', capacity: 2, zones: ['North'] },
            ],
            delivery_zones: [
              { name: 'Centre', fee_minor: 490 },
              { name: 'North', fee_minor: 790 },
            ],
          }),
        'PUT /api/v1/companies/cmp_1/availability': (_url, init) => {
          puts++;
          if (puts === 1) return apiError(400, 'invalid_argument', 'delivery_windows[1].zones: unknown delivery zone Nord', { field: 'delivery_windows[1].zones' });
          return json(JSON.parse(String(init.body)));
        },
      }),
    );
    renderApp('/app/calendar');
    const form = await screen.findByTestId('availability-form');
    const [w0, w1] = within(form).getAllByTestId('delivery-window');
    // Missing zones = all zones; the window of North lists North only, and its capacity is per zone.
    expect(within(w0!).getByTestId('dw-0-zone-all')).toHaveAttribute('aria-pressed', 'true');
    expect(within(w0!).getByTestId('dw-0-zone-0')).toHaveAttribute('aria-pressed', 'false');
    expect(within(w0!).getByLabelText('Deliveries per window')).toBeInTheDocument();
    expect(within(w1!).getByTestId('dw-1-zone-all')).toHaveAttribute('aria-pressed', 'false');
    expect(within(w1!).getByTestId('dw-1-zone-1')).toHaveAttribute('aria-pressed', 'true');
    expect(within(w1!).getByLabelText('Deliveries per window, per zone')).toBeInTheDocument();
    expect(within(form).getByTestId('delivery-windows')).toHaveTextContent('A window that serves chosen zones takes that many deliveries in each of them.');

    // Window 1 serves Centre only; window 2 also Centre, same day and start as window 1: refused on its start.
    await userEvent.click(within(w0!).getByTestId('dw-0-zone-0'));
    expect(within(w0!).getByTestId('dw-0-zone-all')).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(within(w1!).getByRole('button', { name: 'Monday' }));
    fireEvent.change(within(w1!).getByLabelText('From'), { target: { value: '10:00' } });
    await userEvent.click(within(w1!).getByTestId('dw-1-zone-0'));
    await userEvent.click(within(form).getByTestId('availability-save'));
    expect(within(w1!).getByTestId('dw-1-error')).toHaveTextContent('Another window starts at this time on the same day for the same zone.');
    expect(within(w1!).getByLabelText('From')).toHaveClass('border-red-400');
    expect(calls(fetchMock).some((c) => c.startsWith('PUT'))).toBe(false);
    await userEvent.click(within(w1!).getByTestId('dw-1-zone-0')); // back to North only

    // Renaming North renames it in window 2.
    const north = within(form).getAllByTestId('delivery-zone')[1]!;
    await userEvent.clear(within(north).getByLabelText('Zone'));
    await userEvent.type(within(north).getByLabelText('Zone'), 'Nord');
    expect(within(w1!).getByTestId('dw-1-zone-1')).toHaveTextContent('Nord');

    // The server's `delivery_windows[1].zones` error shows under window 2's zones.
    await userEvent.click(within(form).getByTestId('availability-save'));
    expect(await within(w1!).findByTestId('dw-1-zones-error')).toHaveTextContent('unknown delivery zone Nord');
    expect(bodyOf(fetchMock, 'PUT', '/api/v1/companies/cmp_1/availability')).toMatchObject({
      delivery_windows: [
        { days: ['mon', 'tue'], from: '10:00', to: '14:00', capacity: 5, zones: ['Centre'] },
        { days: ['mon', 'wed'], from: '10:00', to: '19:00', capacity: 2, zones: ['Nord'] },
      ],
      delivery_zones: [
        { name: 'Centre', fee_minor: 490 },
        { name: 'Nord', fee_minor: 790 },
      ],
    });

    // Deleting Nord leaves window 2 with no zone: an error to fix, not silently "all zones".
    await userEvent.click(within(north).getByRole('button', { name: 'Remove zone Nord' }));
    expect(within(form).queryByTestId('dw-1-zone-1')).not.toBeInTheDocument();
    expect(within(w1!).getByTestId('dw-1-zone-all')).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(within(form).getByTestId('availability-save'));
    expect(within(w1!).getByTestId('dw-1-zones-error')).toHaveTextContent('Choose a zone, or All zones.');
    expect(puts).toBe(1);
    await userEvent.click(within(w1!).getByTestId('dw-1-zone-all'));
    // All zones includes Centre, which window 1 serves at 10:00 on Monday too.
    await userEvent.click(within(form).getByTestId('availability-save'));
    expect(within(w1!).getByTestId('dw-1-error')).toHaveTextContent('Another window starts at this time on the same day for the same zone.');
    fireEvent.change(within(w1!).getByLabelText('From'), { target: { value: '16:00' } });
    await userEvent.click(within(form).getByTestId('availability-save'));
    await screen.findByTestId('availability-saved');
    expect(puts).toBe(2);
    const body = JSON.parse(String(fetchMock.mock.calls.filter(([, init]) => init?.method === 'PUT').at(-1)![1]!.body));
    expect(body.delivery_windows.map((w: { zones: string[] }) => w.zones)).toEqual([['Centre'], []]);
    expect(body.delivery_zones).toEqual([{ name: 'Centre', fee_minor: 490 }]);
  });

  it('adds and deletes exceptions', async () => {
    const fetchMock = mockFetch(
      routes({
        'POST /api/v1/companies/cmp_1/availability/exceptions': (_url, init) => json({ id: 'axc_2', ...JSON.parse(String(init.body)) }, 201),
        'DELETE /api/v1/availability-exceptions/axc_1': () => new Response(null, { status: 204 }),
      }),
    );
    renderApp('/app/calendar');
    const card = await screen.findByTestId('exceptions-card');
    expect(await within(card).findByTestId('exception-row')).toHaveTextContent('Christmas Eve');
    await userEvent.click(within(card).getByTestId('exception-add'));
    expect(within(card).getByText('Choose a date.')).toBeInTheDocument();
    fireEvent.change(within(card).getByLabelText('Date'), { target: { value: '2026-12-31' } });
    await userEvent.click(within(card).getByTestId('exc-other-hours'));
    await userEvent.type(within(card).getByLabelText('Note'), 'Short day');
    await userEvent.click(within(card).getByTestId('exception-add'));
    await waitFor(() => expect(calls(fetchMock)).toContain('POST /api/v1/companies/cmp_1/availability/exceptions'));
    expect(bodyOf(fetchMock, 'POST', '/api/v1/companies/cmp_1/availability/exceptions')).toEqual({ date: '2026-12-31', closed: false, hours: [['10:00', '14:00']], note: 'Short day' });
    await userEvent.click(within(card).getByRole('button', { name: /Remove the exception of Thursday, December 24, 2026/ }));
    await waitFor(() => expect(calls(fetchMock)).toContain('DELETE /api/v1/availability-exceptions/axc_1'));
  });
});

describe('manual booking', () => {
  it('books a free slot of a service for a named customer', async () => {
    const slotTimes = [utc('2026-11-26T09:00:00Z'), utc('2026-11-26T09:30:00Z')];
    const fetchMock = mockFetch(
      routes({
        '/api/v1/companies/cmp_1/knowledge-bases': json({ items: [{ id: 'kb_s', company_id: 'cmp_1', name: 'Services', kind: 'SERVICE', items_count: 1 }, { id: 'kb_f', company_id: 'cmp_1', name: 'FAQ', kind: 'FAQ', items_count: 1 }] }),
        '/api/v1/knowledge-bases/kb_s/items': json({ items: [{ id: 'itm_cut', name: "Women's haircut", duration_min: 60, variants: [{ id: 'var_cut', price_minor: 4500 }] }], next_cursor: null }),
        '/api/v1/companies/cmp_1/slots': () => json({ items: slotTimes.map((s) => ({ starts_at: s, ends_at: s + 3600_000 })) }),
        'POST /api/v1/companies/cmp_1/bookings': (_url, init) => json(booking('bkg_new', '2026-11-26T09:30:00Z', 60, { ...JSON.parse(String(init.body)), source: 'manual' }), 201),
      }),
    );
    renderApp('/app/calendar');
    await userEvent.click(await screen.findByTestId('manual-booking-open'));
    const dialog = screen.getByTestId('manual-booking');
    await userEvent.click(within(dialog).getByTestId('manual-booking-submit'));
    expect(within(dialog).getByText('Choose a time.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter the customer name.')).toBeInTheDocument();

    await userEvent.selectOptions(await within(dialog).findByTestId('manual-booking-service'), 'itm_cut');
    fireEvent.change(within(dialog).getByLabelText('Date'), { target: { value: '2026-11-26' } });
    const slots = await within(dialog).findAllByTestId('manual-slot');
    expect(slots.map((s) => s.parentElement!.textContent)).toEqual(['10:00 AM', '10:30 AM']);
    expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/slots?item_id=itm_cut&from=2026-11-25T23%3A00%3A00Z&to=2026-11-26T23%3A00%3A00Z');
    await userEvent.click(slots[1]!);
    await userEvent.type(within(dialog).getByLabelText('Customer name'), 'Maria');
    await userEvent.type(within(dialog).getByLabelText('Notes'), 'Phone call');
    await userEvent.click(within(dialog).getByTestId('manual-booking-submit'));
    await waitFor(() => expect(screen.queryByTestId('manual-booking')).not.toBeInTheDocument());
    expect(bodyOf(fetchMock, 'POST', '/api/v1/companies/cmp_1/bookings')).toEqual({ item_id: 'itm_cut', variant_id: 'var_cut', starts_at: slotTimes[1], customer_name: 'Maria', notes: 'Phone call' });
  });
});

describe('manual delivery booking', () => {
  it('books a delivery window for a PRODUCT company with address and zone', async () => {
    const start = utc('2026-11-26T09:00:00Z');
    const fetchMock = mockFetch(
      routes({
        '/api/v1/companies': json({ items: [{ ...company, type: 'PRODUCT' }], next_cursor: null }),
        '/api/v1/companies/cmp_1/availability': () => json({ ...DEFAULT_AVAILABILITY, delivery_windows: [{ days: ['thu'], from: '10:00', to: '14:00', capacity: 5 }], delivery_zones: [{ name: 'Centre', fee_minor: 490 }] }),
        '/api/v1/companies/cmp_1/slots': () => json({ items: [{ starts_at: start, ends_at: start + 4 * 3600_000, remaining: 5 }], timezone: BERLIN }),
        'POST /api/v1/companies/cmp_1/bookings': (_url, init) => json(booking('bkg_d', '2026-11-26T09:00:00Z', 240, { kind: 'delivery', ...JSON.parse(String(init.body)) }), 201),
      }),
    );
    renderApp('/app/calendar');
    await userEvent.click(await screen.findByTestId('manual-booking-open'));
    const dialog = screen.getByTestId('manual-booking');
    expect(within(dialog).getByTestId('manual-booking-kind-delivery')).toBeChecked();
    expect(within(dialog).queryByTestId('manual-booking-service')).not.toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Date'), { target: { value: '2026-11-26' } });
    await within(dialog).findAllByTestId('manual-slot');
    expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/slots?kind=delivery&from=2026-11-25T23%3A00%3A00Z&to=2026-11-26T23%3A00%3A00Z');
    await userEvent.type(within(dialog).getByLabelText('Customer name'), 'Olga');
    await userEvent.click(within(dialog).getByTestId('manual-booking-submit'));
    expect(within(dialog).getByText('Enter the delivery address.')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('Delivery address'), 'Rosenweg 5');
    // The zone narrows the windows to those serving it (and clears a window chosen before).
    await userEvent.selectOptions(within(dialog).getByTestId('manual-booking-zone'), 'Centre');
    const [slot] = await within(dialog).findAllByTestId('manual-slot');
    expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/slots?kind=delivery&from=2026-11-25T23%3A00%3A00Z&to=2026-11-26T23%3A00%3A00Z&zone=Centre');
    await userEvent.click(slot!);
    await userEvent.click(within(dialog).getByTestId('manual-booking-submit'));
    await waitFor(() => expect(screen.queryByTestId('manual-booking')).not.toBeInTheDocument());
    expect(bodyOf(fetchMock, 'POST', '/api/v1/companies/cmp_1/bookings')).toEqual({ kind: 'delivery', starts_at: start, customer_name: 'Olga', address: 'Rosenweg 5', zone: 'Centre' });
  });
});

describe('Google Calendar card', () => {
  it('connects: asks for the authorization URL and goes there', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => {});
    mockFetch(routes({ 'POST /api/v1/companies/cmp_1/google-calendar/connect': () => json({ authorization_url: 'https://accounts.google.com/o/oauth2/v2/auth?x=1' }) }));
    renderApp('/app/calendar');
    const card = await screen.findByTestId('google-calendar-card');
    await waitFor(() => expect(card).toHaveAttribute('data-state', 'not_connected'));
    expect(within(card).getByTestId('google-status')).toHaveTextContent('Not connected');
    expect(within(card).queryByTestId('google-disconnect')).not.toBeInTheDocument();
    await userEvent.click(within(card).getByTestId('google-connect'));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://accounts.google.com/o/oauth2/v2/auth?x=1'));
  });

  it('when connected: chooses a calendar and disconnects after confirmation; a toast after the OAuth return', async () => {
    let connected = true;
    const fetchMock = mockFetch(
      routes({
        '/api/v1/companies/cmp_1/google-calendar': () => json(connected ? { configured: true, status: 'connected', google_email: 'owner@salon.de', calendar_id: 'primary', calendar_name: 'owner@salon.de', last_error: '' } : { configured: true, status: 'disconnected' }),
        'PUT /api/v1/companies/cmp_1/google-calendar': (_url, init) => json({ configured: true, status: 'connected', google_email: 'owner@salon.de', ...JSON.parse(String(init.body)) }),
        'DELETE /api/v1/companies/cmp_1/google-calendar': () => {
          connected = false;
          return new Response(null, { status: 204 });
        },
        '/api/v1/companies/cmp_1/google-calendar/calendars': json({ items: [{ id: 'primary', summary: 'owner@salon.de', primary: true }, { id: 'cal_work', summary: 'Salon bookings' }] }),
      }),
    );
    renderApp('/app/calendar?company=cmp_1&google=connected');
    const toast = await screen.findByTestId('google-toast');
    expect(toast).toHaveTextContent('Google Calendar is connected for Salon.');
    expect(toast).toHaveTextContent('Upcoming confirmed bookings are being added to it.');
    const card = screen.getByTestId('google-calendar-card');
    await waitFor(() => expect(within(card).getByTestId('google-status')).toHaveTextContent('Connected as owner@salon.de'));
    const select = await within(card).findByTestId('google-calendar-select');
    expect(select).toHaveValue('primary');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['owner@salon.de (primary)', 'Salon bookings']);
    await userEvent.selectOptions(select, 'cal_work');
    await waitFor(() => expect(bodyOf(fetchMock, 'PUT', '/api/v1/companies/cmp_1/google-calendar')).toEqual({ calendar_id: 'cal_work' }));

    await userEvent.click(within(card).getByTestId('google-disconnect'));
    const confirm = screen.getByTestId('delete-dialog');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(card).toHaveAttribute('data-state', 'not_connected'));
    expect(calls(fetchMock)).toContain('DELETE /api/v1/companies/cmp_1/google-calendar');
    expect(within(card).getByTestId('google-connect')).toBeInTheDocument();
  });

  it('shows the error state with the message and offers to reconnect; an error toast', async () => {
    mockFetch(routes({ '/api/v1/companies/cmp_1/google-calendar': () => json({ configured: true, status: 'error', google_email: 'owner@salon.de', last_error: 'Google refused the refresh token (invalid_grant)' }) }));
    renderApp('/app/calendar?company=cmp_1&google=error&reason=access_denied');
    const toast = await screen.findByTestId('google-toast');
    expect(toast).toHaveAttribute('data-tone', 'error');
    expect(toast).toHaveTextContent('Google Calendar could not be connected for Salon.');
    expect(toast).toHaveTextContent('Access was not granted in Google.');
    expect(toast).not.toHaveTextContent('being added');
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/app/calendar'));
    const card = screen.getByTestId('google-calendar-card');
    expect(await within(card).findByTestId('google-error')).toHaveTextContent('invalid_grant');
    expect(within(card).getByTestId('google-connect')).toHaveTextContent('Reconnect');
    expect(within(card).getByTestId('google-disconnect')).toBeInTheDocument();
  });

  it('after the OAuth return shows the company the callback names, not the first one, and keeps it selected', async () => {
    const other = { ...company, id: 'cmp_2', code: 'COMP002', name: 'Barber Max' };
    const fetchMock = mockFetch(
      routes({
        '/api/v1/companies': json({ items: [company, other], next_cursor: null }),
        '/api/v1/companies/cmp_2/bookings': () => json({ items: [] }),
        '/api/v1/companies/cmp_2/availability': () => json({ ...DEFAULT_AVAILABILITY, saved: false, updated_at: null }),
        '/api/v1/companies/cmp_2/availability/exceptions': () => json({ items: [] }),
        '/api/v1/companies/cmp_2/google-calendar': () => json({ company_id: 'cmp_2', configured: true, status: 'connected', google_email: 'max@barber.de', calendar_id: 'max@barber.de', calendar_name: 'max@barber.de', last_error: '' }),
        '/api/v1/companies/cmp_2/google-calendar/calendars': json({ items: [{ id: 'max@barber.de', summary: 'max@barber.de', primary: true, access_role: 'owner' }] }),
      }),
    );
    renderApp('/app/calendar?company=cmp_2&google=connected', { lng: 'ru' });
    const toast = await screen.findByTestId('google-toast');
    expect(toast).toHaveAttribute('data-tone', 'success');
    expect(toast).toHaveTextContent('Google Календарь подключён для «Barber Max».');
    expect(await screen.findByTestId('company-picker')).toHaveValue('cmp_2');
    const card = screen.getByTestId('google-calendar-card');
    await waitFor(() => expect(within(card).getByTestId('google-status')).toHaveTextContent('max@barber.de'));
    expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_2/google-calendar');
    expect(calls(fetchMock)).not.toContain('GET /api/v1/companies/cmp_1/google-calendar');
    // The notice stays after its params went; the company stays selected.
    await waitFor(() => expect(screen.getByTestId('google-toast')).toBeInTheDocument());
    await userEvent.click(within(toast).getByRole('button', { name: 'Закрыть' }));
    expect(screen.queryByTestId('google-toast')).not.toBeInTheDocument();
    expect(screen.getByTestId('company-picker')).toHaveValue('cmp_2');
  });

  it('an invalid state names no company: the error notice without a company, the first company shown', async () => {
    const other = { ...company, id: 'cmp_2', code: 'COMP002', name: 'Barber Max' };
    mockFetch(routes({ '/api/v1/companies': json({ items: [company, other], next_cursor: null }) }));
    renderApp('/app/calendar?google=error&reason=invalid_state');
    const toast = await screen.findByTestId('google-toast');
    expect(toast).toHaveTextContent('Google Calendar could not be connected.');
    expect(toast).toHaveTextContent('The sign-in link was not valid. Please try again.');
    expect(await screen.findByTestId('company-picker')).toHaveValue('cmp_1');
  });

  it('says when the server has no Google OAuth client, with Connect disabled', async () => {
    mockFetch(routes({ '/api/v1/companies/cmp_1/google-calendar': () => json({ configured: false, status: 'disconnected' }) }));
    renderApp('/app/calendar', { lng: 'ru' });
    const card = await screen.findByTestId('google-calendar-card');
    expect(await within(card).findByTestId('google-not-configured')).toHaveTextContent('не настроен');
    expect(within(card).getByTestId('google-connect')).toBeDisabled();
    expect(within(card).getByTestId('google-status')).toHaveTextContent('Не подключён');
  });
});
