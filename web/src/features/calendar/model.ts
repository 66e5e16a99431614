/** Bookings → what the week and month views draw; which actions a booking allows. */
import type { Booking, BookingAction, BookingStatus } from './api';
import { localDateOf, minutesIntoDay, type LocalDate } from './dates';

/** Chip colours per status: hold (dashed amber), confirmed (brand), cancelled (grey, struck), completed (green), no-show (red). */
export const STATUS_STYLE: Record<BookingStatus, string> = {
  pending_payment: 'border border-dashed border-amber-400 bg-amber-50 text-amber-900',
  confirmed: 'border border-brand-300 bg-brand-50 text-brand-900',
  cancelled: 'border border-slate-200 bg-slate-50 text-slate-500 line-through',
  completed: 'border border-emerald-300 bg-emerald-50 text-emerald-900',
  no_show: 'border border-red-300 bg-red-50 text-red-900',
};

export const STATUS_TONE = {
  pending_payment: 'amber',
  confirmed: 'teal',
  cancelled: 'gray',
  completed: 'green',
  no_show: 'red',
} as const satisfies Record<BookingStatus, string>;

export function isKnownStatus(s: string): s is BookingStatus {
  return s in STATUS_STYLE;
}

/**
 * What the business may do: cancel anything still pending or confirmed; mark a confirmed booking
 * completed or no-show once it has started ("after the fact").
 */
export function actionsFor(booking: Pick<Booking, 'status' | 'starts_at'>, now = Date.now()): BookingAction[] {
  if (booking.status === 'pending_payment') return ['cancel'];
  if (booking.status === 'confirmed') return booking.starts_at <= now ? ['complete', 'no_show', 'cancel'] : ['cancel'];
  return [];
}

export interface PlacedBooking {
  booking: Booking;
  /** Minutes after local midnight (wall clock), clamped to the day. */
  top: number;
  height: number;
  /** Column among overlapping bookings and how many columns the cluster has. */
  column: number;
  columns: number;
}

const MIN_HEIGHT = 20;

/**
 * The bookings of one local day on the time grid: position by wall-clock minutes in the company's zone,
 * overlapping ones side by side (greedy columns per cluster). Cancelled bookings are drawn too (struck).
 */
export function layoutDay(bookings: Booking[], date: LocalDate, timeZone: string): PlacedBooking[] {
  const items = bookings
    .map((b) => {
      const top = minutesIntoDay(b.starts_at, date, timeZone);
      const end = Math.max(minutesIntoDay(b.ends_at, date, timeZone), top);
      return { booking: b, top, end, height: Math.max(end - top, MIN_HEIGHT) };
    })
    .filter((x) => x.top < 1440 && (x.end > 0 || localDateOf(x.booking.starts_at, timeZone) === date))
    .sort((a, b) => a.top - b.top || b.end - a.end || a.booking.id.localeCompare(b.booking.id));

  const out: PlacedBooking[] = [];
  let cluster: { item: (typeof items)[number]; column: number }[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const columns = cluster.reduce((m, c) => Math.max(m, c.column + 1), 0);
    for (const c of cluster) out.push({ booking: c.item.booking, top: c.item.top, height: c.item.height, column: c.column, columns });
    cluster = [];
  };
  for (const item of items) {
    const visualEnd = item.top + item.height;
    if (cluster.length && item.top >= clusterEnd) flush();
    // The first column whose last booking has ended.
    const taken = new Set(cluster.filter((c) => c.item.top + c.item.height > item.top).map((c) => c.column));
    let column = 0;
    while (taken.has(column)) column++;
    cluster.push({ item, column });
    clusterEnd = Math.max(cluster.length === 1 ? -1 : clusterEnd, visualEnd);
  }
  if (cluster.length) flush();
  return out;
}

/** Bookings grouped by the local date they start on, each day sorted by start. */
export function groupByDay(bookings: Booking[], timeZone: string): Map<LocalDate, Booking[]> {
  const map = new Map<LocalDate, Booking[]>();
  for (const b of [...bookings].sort((x, y) => x.starts_at - y.starts_at || x.id.localeCompare(y.id))) {
    const d = localDateOf(b.starts_at, timeZone);
    const list = map.get(d);
    if (list) list.push(b);
    else map.set(d, [b]);
  }
  return map;
}

/** The bookings that touch a local day (start on it, or run into it from the day before). */
export function bookingsOnDay(bookings: Booking[], date: LocalDate, timeZone: string): Booking[] {
  return bookings.filter((b) => {
    const start = localDateOf(b.starts_at, timeZone);
    const end = localDateOf(Math.max(b.ends_at - 1, b.starts_at), timeZone);
    return start <= date && end >= date;
  });
}

export function isOnlineLink(location: string): boolean {
  return /^https?:\/\//i.test(location.trim());
}
