import { describe, expect, it } from 'vitest';
import { normalizeBooking, normalizeGoogle, normalizeSlots, type Booking } from './api';
import { actionsFor, bookingsOnDay, groupByDay, layoutDay } from './model';

const BERLIN = 'Europe/Berlin';
const utc = (s: string) => Date.parse(s);

function booking(id: string, start: string, end: string, extra: Partial<Booking> = {}): Booking {
  return normalizeBooking({
    id,
    company_id: 'cmp_1',
    kind: 'appointment',
    item_id: 'itm_cut',
    title: "Women's haircut",
    starts_at: utc(start),
    ends_at: utc(end),
    timezone: BERLIN,
    status: 'confirmed',
    customer_name: `Customer ${id}`,
    source: 'assistant',
    ...extra,
  });
}

describe('booking actions per status', () => {
  const now = utc('2026-11-25T12:00:00Z');
  it('cancels holds and future confirmed bookings; completes or no-shows started ones', () => {
    expect(actionsFor({ status: 'pending_payment', starts_at: now + 3600_000 }, now)).toEqual(['cancel']);
    expect(actionsFor({ status: 'confirmed', starts_at: now + 3600_000 }, now)).toEqual(['cancel']);
    expect(actionsFor({ status: 'confirmed', starts_at: now - 3600_000 }, now)).toEqual(['complete', 'no_show', 'cancel']);
    for (const s of ['cancelled', 'completed', 'no_show'] as const) expect(actionsFor({ status: s, starts_at: now - 1 }, now)).toEqual([]);
  });
});

describe('bookings → views', () => {
  it('places bookings by wall-clock minutes in the company zone', () => {
    const b = booking('b1', '2026-11-25T09:00:00Z', '2026-11-25T10:30:00Z'); // 10:00–11:30 in Berlin
    const [p] = layoutDay([b], '2026-11-25', BERLIN);
    expect(p).toMatchObject({ top: 600, height: 90, column: 0, columns: 1 });
    // Same instant in New York is 04:00.
    expect(layoutDay([b], '2026-11-25', 'America/New_York')[0]).toMatchObject({ top: 240 });
  });

  it('puts overlapping bookings side by side and keeps separate ones full width', () => {
    const a = booking('a', '2026-11-25T09:00:00Z', '2026-11-25T10:00:00Z');
    const b = booking('b', '2026-11-25T09:30:00Z', '2026-11-25T10:30:00Z');
    const c = booking('c', '2026-11-25T09:45:00Z', '2026-11-25T10:15:00Z');
    const d = booking('d', '2026-11-25T13:00:00Z', '2026-11-25T14:00:00Z');
    const placed = Object.fromEntries(layoutDay([d, c, b, a], '2026-11-25', BERLIN).map((p) => [p.booking.id, p]));
    expect([placed.a!.column, placed.b!.column, placed.c!.column]).toEqual([0, 1, 2]);
    expect(placed.a!.columns).toBe(3);
    expect(placed.d).toMatchObject({ column: 0, columns: 1 });
  });

  it('draws the spring-forward day on the wall clock and clamps bookings that cross midnight', () => {
    const early = booking('e', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z'); // 03:00–04:00 CEST
    expect(layoutDay([early], '2026-03-29', BERLIN)[0]).toMatchObject({ top: 180, height: 60 });
    const late = booking('l', '2026-11-25T22:00:00Z', '2026-11-26T00:00:00Z'); // 23:00–01:00 Berlin
    expect(bookingsOnDay([late], '2026-11-25', BERLIN)).toHaveLength(1);
    expect(bookingsOnDay([late], '2026-11-26', BERLIN)).toHaveLength(1);
    expect(layoutDay([late], '2026-11-25', BERLIN)[0]).toMatchObject({ top: 1380, height: 60 });
    expect(layoutDay([late], '2026-11-26', BERLIN)[0]).toMatchObject({ top: 0, height: 60 });
  });

  it('groups by the local start date, sorted', () => {
    const x = booking('x', '2026-11-25T23:30:00Z', '2026-11-26T00:00:00Z'); // 00:30 on the 26th in Berlin
    const y = booking('y', '2026-11-25T08:00:00Z', '2026-11-25T09:00:00Z');
    const z = booking('z', '2026-11-25T07:00:00Z', '2026-11-25T08:00:00Z');
    const g = groupByDay([x, y, z], BERLIN);
    expect(g.get('2026-11-25')!.map((b) => b.id)).toEqual(['z', 'y']);
    expect(g.get('2026-11-26')!.map((b) => b.id)).toEqual(['x']);
    expect(groupByDay([x], 'UTC').get('2026-11-25')!.map((b) => b.id)).toEqual(['x']);
  });
});

describe('reading server answers', () => {
  it('normalizes bookings (ISO or ms, missing fields)', () => {
    const b = normalizeBooking({ id: 'bkg_1', kind: 'delivery', starts_at: '2026-11-25T09:00:00Z', ends_at: 1764064800000, status: 'pending_payment', hold_expires_at: null });
    expect(b).toMatchObject({ id: 'bkg_1', kind: 'delivery', starts_at: utc('2026-11-25T09:00:00Z'), ends_at: 1764064800000, status: 'pending_payment', hold_expires_at: null, customer_name: '', order_id: '' });
  });

  it('reads slots in any of the accepted shapes', () => {
    const t1 = utc('2026-11-25T09:00:00Z');
    const t2 = utc('2026-11-25T09:30:00Z');
    expect(normalizeSlots({ items: [{ starts_at: t2, ends_at: t2 + 1800_000 }, { starts_at: t1 }] })).toEqual([{ starts_at: t1 }, { starts_at: t2, ends_at: t2 + 1800_000 }]);
    expect(normalizeSlots({ slots: ['2026-11-25T09:00:00Z'] })).toEqual([{ starts_at: t1 }]);
    expect(normalizeSlots([t1])).toEqual([{ starts_at: t1 }]);
    expect(normalizeSlots(null)).toEqual([]);
  });

  it('reads the Google Calendar status', () => {
    expect(normalizeGoogle({ status: 'connected', configured: true, google_email: 'a@b.c', calendar_id: 'primary', calendar_name: 'Main' })).toEqual({
      status: 'connected',
      configured: true,
      account_email: 'a@b.c',
      calendar_id: 'primary',
      calendar_name: 'Main',
      error: '',
    });
    expect(normalizeGoogle({ status: 'error', last_error: 'invalid_grant' })).toMatchObject({ status: 'error', error: 'invalid_grant' });
    expect(normalizeGoogle({ status: 'disconnected', configured: false })).toMatchObject({ status: 'not_connected', configured: false });
    expect(normalizeGoogle({ status: 'not_connected', account_email: 'a@b.c' })).toMatchObject({ status: 'not_connected', account_email: 'a@b.c' });
    expect(normalizeGoogle({ connected: false })).toMatchObject({ status: 'not_connected' });
    expect(normalizeGoogle({ connected: true, email: 'x@y.z' })).toMatchObject({ status: 'connected', account_email: 'x@y.z' });
  });
});
