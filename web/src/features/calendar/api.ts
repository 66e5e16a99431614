/**
 * Scheduling and Google Calendar endpoints (docs/design/scheduling.md, "HTTP API"). Times are unix ms;
 * answers are read leniently (`{items}` or a bare array, a few field spellings) — see docs/web.md.
 */
import { api } from '../../api/client';
import { itemsOf } from '../../api/accounts';
import { isoInstant } from './dates';

const enc = encodeURIComponent;

export const BOOKING_STATUSES = ['pending_payment', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingKind = 'appointment' | 'delivery';

export interface Booking {
  id: string;
  company_id: string;
  kind: BookingKind;
  item_id: string;
  variant_id: string;
  title: string;
  starts_at: number;
  ends_at: number;
  timezone: string;
  status: BookingStatus;
  hold_expires_at: number | null;
  order_id: string;
  conversation_id: string;
  contact_id: string;
  customer_name: string;
  format: string;
  location: string;
  address: string;
  zone: string;
  notes: string;
  source: string;
  google_event_id: string;
  created_at: number;
  updated_at: number;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type HoursRange = [string, string];

export interface DeliveryWindow {
  days: Weekday[];
  from: string;
  to: string;
  capacity: number;
  zones?: string[]; // names of delivery_zones it serves; empty or missing = every zone
}

export interface DeliveryZone {
  name: string;
  fee_minor: number;
  free_over_minor?: number | null;
}

export interface Availability {
  timezone?: string;
  weekly: Partial<Record<Weekday, HoursRange[]>>;
  slot_minutes: number;
  buffer_minutes: number;
  lead_minutes: number;
  horizon_days: number;
  service_capacity: number;
  delivery_windows?: DeliveryWindow[];
  delivery_zones?: DeliveryZone[];
}

export interface AvailabilityException {
  id: string;
  date: string;
  closed: boolean;
  hours?: HoursRange[];
  note?: string;
}

export interface ExceptionInput {
  date: string;
  closed: boolean;
  hours: HoursRange[];
  note: string;
}

export interface Slot {
  starts_at: number;
  ends_at?: number;
}

export interface ManualBookingInput {
  kind?: BookingKind;
  item_id?: string;
  variant_id?: string;
  starts_at: number;
  customer_name: string;
  notes?: string;
  address?: string;
  zone?: string;
}

export type GoogleState = 'not_connected' | 'connected' | 'error';

export interface GoogleStatus {
  status: GoogleState;
  /** False when the server has no Google OAuth client configured. */
  configured: boolean;
  account_email: string;
  calendar_id: string;
  calendar_name: string;
  error: string;
}

export interface GoogleCalendarEntry {
  id: string;
  summary: string;
  primary: boolean;
}

export const bookingsKey = (companyId: string, from?: number, to?: number) =>
  from === undefined ? (['bookings', companyId] as const) : (['bookings', companyId, from, to] as const);
export const availabilityKey = (companyId: string) => ['availability', companyId] as const;
export const exceptionsKey = (companyId: string) => ['availability', companyId, 'exceptions'] as const;
export const slotsKey = (companyId: string, itemId: string, from: number, to: number, zone = '') => ['slots', companyId, itemId, from, to, zone] as const; // itemId '' = delivery
export const googleKey = (companyId: string) => ['google-calendar', companyId] as const;
export const googleCalendarsKey = (companyId: string) => ['google-calendar', companyId, 'calendars'] as const;

/** Unix ms from ms, seconds or an ISO string. */
export function toMs(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v;
  if (typeof v === 'string' && v) {
    if (/^\d+$/.test(v)) return toMs(Number(v));
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

export function normalizeBooking(raw: Record<string, unknown>): Booking {
  const status = str(raw.status) as BookingStatus;
  return {
    id: str(raw.id),
    company_id: str(raw.company_id),
    kind: raw.kind === 'delivery' ? 'delivery' : 'appointment',
    item_id: str(raw.item_id),
    variant_id: str(raw.variant_id),
    title: str(raw.title),
    starts_at: toMs(raw.starts_at) ?? 0,
    ends_at: toMs(raw.ends_at) ?? toMs(raw.starts_at) ?? 0,
    timezone: str(raw.timezone),
    status,
    hold_expires_at: toMs(raw.hold_expires_at),
    order_id: str(raw.order_id),
    conversation_id: str(raw.conversation_id),
    contact_id: str(raw.contact_id),
    customer_name: str(raw.customer_name),
    format: str(raw.format),
    location: str(raw.location),
    address: str(raw.address),
    zone: str(raw.zone),
    notes: str(raw.notes),
    source: str(raw.source),
    google_event_id: str(raw.google_event_id),
    created_at: toMs(raw.created_at) ?? 0,
    updated_at: toMs(raw.updated_at) ?? 0,
  };
}

function bookingOf(body: unknown): Booking | null {
  if (!body || typeof body !== 'object') return null;
  const b = 'booking' in body ? (body as { booking: unknown }).booking : body;
  return b && typeof b === 'object' && 'id' in b ? normalizeBooking(b as Record<string, unknown>) : null;
}

export async function fetchBookings(companyId: string, from: number, to: number, signal?: AbortSignal): Promise<Booking[]> {
  const q = new URLSearchParams({ from: isoInstant(from), to: isoInstant(to) });
  const body = await api.get<unknown>(`/companies/${enc(companyId)}/bookings?${q}`, { signal });
  const list = Array.isArray(body) ? body : itemsOf<Record<string, unknown>>(body as never);
  return (list as Record<string, unknown>[]).map(normalizeBooking);
}

export type BookingAction = 'cancel' | 'complete' | 'no_show';
const ACTION_PATH: Record<BookingAction, string> = { cancel: 'cancel', complete: 'complete', no_show: 'no-show' };

/** The updated booking, or null when the server answered without one. */
export async function bookingAction(id: string, action: BookingAction): Promise<Booking | null> {
  return bookingOf(await api.post<unknown>(`/bookings/${enc(id)}/${ACTION_PATH[action]}`, {}));
}

export async function createBooking(companyId: string, input: ManualBookingInput): Promise<Booking | null> {
  return bookingOf(await api.post<unknown>(`/companies/${enc(companyId)}/bookings`, input));
}

export async function fetchAvailability(companyId: string, signal?: AbortSignal): Promise<Availability> {
  const body = await api.get<Availability | { availability: Availability }>(`/companies/${enc(companyId)}/availability`, { signal });
  return 'availability' in body ? body.availability : body;
}

export async function saveAvailability(companyId: string, input: Availability): Promise<Availability | null> {
  const body = await api.put<unknown>(`/companies/${enc(companyId)}/availability`, input);
  if (body && typeof body === 'object') return 'availability' in body ? (body as { availability: Availability }).availability : (body as Availability);
  return null;
}

export async function fetchExceptions(companyId: string, signal?: AbortSignal): Promise<AvailabilityException[]> {
  const body = await api.get<unknown>(`/companies/${enc(companyId)}/availability/exceptions`, { signal });
  const list = Array.isArray(body) ? body : itemsOf<AvailabilityException>(body as never);
  return (list as AvailabilityException[]).slice().sort((a, b) => a.date.localeCompare(b.date));
}

export function createException(companyId: string, input: ExceptionInput): Promise<AvailabilityException> {
  return api.post<AvailabilityException>(`/companies/${enc(companyId)}/availability/exceptions`, input);
}

export async function deleteException(id: string): Promise<void> {
  await api.delete(`/availability-exceptions/${enc(id)}`);
}

/** Free start times: `{items|slots: [{starts_at, ends_at?}]}`, or a bare list of those, of instants or of ISO strings. */
export function normalizeSlots(body: unknown): Slot[] {
  const raw: unknown[] = Array.isArray(body)
    ? body
    : body && typeof body === 'object'
      ? (((body as { items?: unknown[] }).items ?? (body as { slots?: unknown[] }).slots) ?? [])
      : [];
  const out: Slot[] = [];
  for (const s of raw) {
    if (s && typeof s === 'object') {
      const o = s as Record<string, unknown>;
      const start = toMs(o.starts_at ?? o.start);
      const end = toMs(o.ends_at ?? o.end);
      if (start !== null) out.push(end !== null ? { starts_at: start, ends_at: end } : { starts_at: start });
    } else {
      const start = toMs(s);
      if (start !== null) out.push({ starts_at: start });
    }
  }
  return out.sort((a, b) => a.starts_at - b.starts_at);
}

/** A service's free starts (`item_id`), or the delivery windows' (`kind=delivery`, no item). */
/** Free slots of a service, or (kind `delivery`) the free delivery windows — only those serving `zone` when given. */
export async function fetchSlots(companyId: string, itemId: string, from: number, to: number, signal?: AbortSignal, kind: BookingKind = 'appointment', zone = ''): Promise<Slot[]> {
  const q = kind === 'delivery' ? new URLSearchParams({ kind, from: isoInstant(from), to: isoInstant(to) }) : new URLSearchParams({ item_id: itemId, from: isoInstant(from), to: isoInstant(to) });
  if (kind === 'delivery' && zone) q.set('zone', zone);
  return normalizeSlots(await api.get<unknown>(`/companies/${enc(companyId)}/slots?${q}`, { signal }));
}

/**
 * The server's `{status: connected|error|disconnected, configured, google_email, calendar_id, calendar_name, last_error}`;
 * `not_connected`, `account_email`/`email`, `error`/`message` and `connected: bool` are understood too.
 */
export function normalizeGoogle(body: unknown): GoogleStatus {
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const raw = str(o.status);
  const status: GoogleState =
    raw === 'connected' || raw === 'error'
      ? raw
      : raw === 'not_connected' || raw === 'disconnected' || raw === ''
        ? o.connected === true
          ? 'connected'
          : 'not_connected'
        : 'error';
  return {
    status,
    configured: o.configured !== false,
    account_email: str(o.google_email ?? o.account_email ?? o.email),
    calendar_id: str(o.calendar_id),
    calendar_name: str(o.calendar_name ?? o.calendar_summary),
    error: str(o.last_error ?? o.error_message ?? o.error ?? o.message),
  };
}

export async function fetchGoogle(companyId: string, signal?: AbortSignal): Promise<GoogleStatus> {
  return normalizeGoogle(await api.get<unknown>(`/companies/${enc(companyId)}/google-calendar`, { signal }));
}

export async function connectGoogle(companyId: string): Promise<string> {
  const body = await api.post<{ authorization_url?: string; url?: string }>(`/companies/${enc(companyId)}/google-calendar/connect`, {});
  return body?.authorization_url ?? body?.url ?? '';
}

export async function fetchGoogleCalendars(companyId: string, signal?: AbortSignal): Promise<GoogleCalendarEntry[]> {
  const body = await api.get<unknown>(`/companies/${enc(companyId)}/google-calendar/calendars`, { signal });
  const list = (Array.isArray(body) ? body : itemsOf<Record<string, unknown>>(body as never)) as Record<string, unknown>[];
  return list.map((c) => ({ id: str(c.id), summary: str(c.summary ?? c.name ?? c.id), primary: c.primary === true }));
}

export function chooseGoogleCalendar(companyId: string, calendarId: string): Promise<unknown> {
  return api.put(`/companies/${enc(companyId)}/google-calendar`, { calendar_id: calendarId });
}

export async function disconnectGoogle(companyId: string): Promise<void> {
  await api.delete(`/companies/${enc(companyId)}/google-calendar`);
}
