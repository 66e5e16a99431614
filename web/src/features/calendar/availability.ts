/**
 * The availability editor's form model: API ↔ form, client checks, the PUT body, and the server's
 * `details.field` mapped onto form fields. Field names are the API's, dotted:
 * `weekly.mon`, `weekly.mon.0`, `slot_minutes`, `delivery_windows.1.to`, `delivery_zones.0.fee_minor`.
 *
 * A delivery window refers to the zones it serves by the zones' form keys, not their names: renaming a
 * zone in the form renames it in every window, and the PUT body carries the names as they are then.
 */
import { serverFieldErrors } from '../../auth/errors';
import { minorToInput, parseMoneyInput } from '../../lib/money';
import { WEEKDAYS, type Availability, type DeliveryZone, type HoursRange, type Weekday } from './api';

export interface RangeForm {
  from: string;
  to: string;
}

export interface WindowForm {
  days: Weekday[];
  from: string;
  to: string;
  capacity: string;
  /** Serves every zone (the API's empty `zones`). */
  allZones: boolean;
  /** Keys of the zones it serves when not `allZones`; empty only after those zones were deleted (an error). */
  zones: string[];
}

export interface ZoneForm {
  /** Stable in the form (windows refer to it); never sent. */
  key: string;
  name: string;
  fee: string; // major units as typed
  freeOver: string; // '' = no threshold
}

export interface AvailabilityForm {
  weekly: Record<Weekday, RangeForm[]>; // empty = closed
  slot_minutes: string;
  buffer_minutes: string;
  lead_minutes: string;
  horizon_days: string;
  service_capacity: string;
  delivery_windows: WindowForm[];
  delivery_zones: ZoneForm[];
}

export type FormErrors = Record<string, string>;

export const DEFAULT_AVAILABILITY: Availability = {
  weekly: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
    sat: [['10:00', '16:00']],
    sun: [],
  },
  slot_minutes: 30,
  buffer_minutes: 0,
  lead_minutes: 60,
  horizon_days: 30,
  service_capacity: 1,
  delivery_windows: [],
  delivery_zones: [],
};

let zoneSeq = 0;
/** A fresh key for a zone added in the form. */
export function newZoneKey(): string {
  zoneSeq += 1;
  return `zone-${zoneSeq}`;
}

/** A new window: weekdays 10:00–14:00 for 5 deliveries, every zone. */
export function newWindow(): WindowForm {
  return { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '14:00', capacity: '5', allZones: true, zones: [] };
}

/**
 * Removes zone `index` and drops it from the windows. A window that served only that zone keeps an empty
 * choice, which validation reports, rather than silently serving every zone; once no zone is left at all,
 * every window serves "all zones" again (there is nothing to choose).
 */
export function removeZone(f: AvailabilityForm, index: number): AvailabilityForm {
  const key = f.delivery_zones[index]?.key;
  const delivery_zones = f.delivery_zones.filter((_, i) => i !== index);
  const delivery_windows = f.delivery_windows.map((w) =>
    delivery_zones.length === 0 ? { ...w, allZones: true, zones: [] } : { ...w, zones: w.zones.filter((k) => k !== key) },
  );
  return { ...f, delivery_zones, delivery_windows };
}

/** Toggles zone `key` in a window's choice: from "all zones" to just that zone; the last one off means all zones again. */
export function toggleWindowZone(w: WindowForm, key: string): WindowForm {
  if (w.allZones) return { ...w, allZones: false, zones: [key] };
  const zones = w.zones.includes(key) ? w.zones.filter((k) => k !== key) : [...w.zones, key];
  return zones.length === 0 ? { ...w, allZones: true, zones: [] } : { ...w, allZones: false, zones };
}

/** The zone keys a window serves; `null` = every zone (also when the company has no zones). */
function servedZones(w: WindowForm, zones: ZoneForm[]): Set<string> | null {
  if (w.allZones || zones.length === 0) return null;
  const known = new Set(zones.map((z) => z.key));
  return new Set(w.zones.filter((k) => known.has(k)));
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function formFromAvailability(a: Partial<Availability> | null | undefined, currency: string): AvailabilityForm {
  const d = DEFAULT_AVAILABILITY;
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, (a?.weekly?.[day] ?? (a?.weekly ? [] : d.weekly[day]) ?? []).map(([from, to]) => ({ from, to }))]),
  ) as Record<Weekday, RangeForm[]>;
  const zones: ZoneForm[] = (a?.delivery_zones ?? []).map((z) => ({
    key: newZoneKey(),
    name: z.name,
    fee: minorToInput(z.fee_minor ?? 0, currency),
    freeOver: z.free_over_minor === null || z.free_over_minor === undefined ? '' : minorToInput(z.free_over_minor, currency),
  }));
  return {
    weekly,
    slot_minutes: String(num(a?.slot_minutes, d.slot_minutes)),
    buffer_minutes: String(num(a?.buffer_minutes, d.buffer_minutes)),
    lead_minutes: String(num(a?.lead_minutes, d.lead_minutes)),
    horizon_days: String(num(a?.horizon_days, d.horizon_days)),
    service_capacity: String(num(a?.service_capacity, d.service_capacity)),
    delivery_windows: (a?.delivery_windows ?? []).map((w) => {
      const names = w.zones ?? [];
      // Names the zones do not have (the server refuses them) are dropped; a window left with none
      // shows the "choose a zone" error instead of serving every zone.
      const keys = [...new Set(names.map((n) => zones.find((z) => z.name === n)?.key).filter((k): k is string => !!k))];
      return { days: [...(w.days ?? [])], from: w.from, to: w.to, capacity: String(w.capacity ?? 1), allZones: names.length === 0, zones: keys };
    }),
    delivery_zones: zones,
  };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const isTime = (s: string) => TIME.test(s) || s === '24:00';

function intIn(text: string, min: number, max: number): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

/** Limits the form checks (the server has the final word). */
export const LIMITS = {
  slot_minutes: [5, 1440],
  buffer_minutes: [0, 1440],
  lead_minutes: [0, 43_200],
  horizon_days: [1, 366],
  service_capacity: [1, 1000],
  capacity: [1, 1000],
} as const;

/** Client-side checks; values are i18n keys under `calendar.errors`. */
export function validateAvailability(f: AvailabilityForm, { product, currency }: { product: boolean; currency: string }): FormErrors {
  const e: FormErrors = {};
  for (const day of WEEKDAYS) {
    const ranges = f.weekly[day];
    ranges.forEach((r, i) => {
      if (!isTime(r.from) || !isTime(r.to)) e[`weekly.${day}.${i}`] = 'calendar.errors.time';
      else if (r.from >= r.to) e[`weekly.${day}.${i}`] = 'calendar.errors.order';
    });
    const sorted = ranges.map((r, i) => ({ ...r, i })).filter((r) => isTime(r.from) && isTime(r.to) && r.from < r.to).sort((a, b) => a.from.localeCompare(b.from));
    for (let k = 1; k < sorted.length; k++) if (sorted[k]!.from < sorted[k - 1]!.to) e[`weekly.${day}.${sorted[k]!.i}`] = 'calendar.errors.overlap';
  }
  for (const key of ['slot_minutes', 'buffer_minutes', 'lead_minutes', 'horizon_days', 'service_capacity'] as const) {
    const [min, max] = LIMITS[key];
    if (!intIn(f[key], min, max)) e[key] = 'calendar.errors.range';
  }
  if (product) {
    f.delivery_windows.forEach((w, i) => {
      if (w.days.length === 0) e[`delivery_windows.${i}.days`] = 'calendar.errors.days';
      if (!isTime(w.from) || !isTime(w.to)) e[`delivery_windows.${i}.from`] = 'calendar.errors.time';
      else if (w.from >= w.to) e[`delivery_windows.${i}.to`] = 'calendar.errors.order';
      if (!intIn(w.capacity, LIMITS.capacity[0], LIMITS.capacity[1])) e[`delivery_windows.${i}.capacity`] = 'calendar.errors.range';
      const served = servedZones(w, f.delivery_zones);
      if (served && served.size === 0) e[`delivery_windows.${i}.zones`] = 'calendar.errors.zones';
      // As the server: one window per day, start and zone (a window of every zone shares every zone).
      if (!e[`delivery_windows.${i}.from`] && isTime(w.from)) {
        const clash = f.delivery_windows.slice(0, i).some((o) => {
          if (o.from !== w.from || !o.days.some((d) => w.days.includes(d))) return false;
          const other = servedZones(o, f.delivery_zones);
          return !served || !other || [...served].some((k) => other.has(k));
        });
        if (clash) e[`delivery_windows.${i}.from`] = 'calendar.errors.sameStart';
      }
    });
    f.delivery_zones.forEach((z, i) => {
      if (!z.name.trim()) e[`delivery_zones.${i}.name`] = 'calendar.errors.required';
      const fee = parseMoneyInput(z.fee, currency);
      if (fee === undefined || fee === null) e[`delivery_zones.${i}.fee_minor`] = 'calendar.errors.money';
      if (z.freeOver.trim() && parseMoneyInput(z.freeOver, currency) == null) e[`delivery_zones.${i}.free_over_minor`] = 'calendar.errors.money';
    });
  }
  return e;
}

/** The PUT body. Delivery windows and zones are sent for PRODUCT companies only. */
export function availabilityPayload(f: AvailabilityForm, { product, currency }: { product: boolean; currency: string }): Availability {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, [...f.weekly[day]].sort((a, b) => a.from.localeCompare(b.from)).map((r) => [r.from, r.to] as HoursRange)]),
  ) as Record<Weekday, HoursRange[]>;
  const out: Availability = {
    weekly,
    slot_minutes: Number(f.slot_minutes),
    buffer_minutes: Number(f.buffer_minutes),
    lead_minutes: Number(f.lead_minutes),
    horizon_days: Number(f.horizon_days),
    service_capacity: Number(f.service_capacity),
  };
  if (product) {
    out.delivery_windows = f.delivery_windows.map((w) => ({
      days: WEEKDAYS.filter((d) => w.days.includes(d)),
      from: w.from,
      to: w.to,
      capacity: Number(w.capacity),
      zones: zoneNames(servedZones(w, f.delivery_zones), f.delivery_zones),
    }));
    out.delivery_zones = f.delivery_zones.map((z) => {
      const zone: DeliveryZone = { name: z.name.trim(), fee_minor: parseMoneyInput(z.fee, currency) ?? 0 };
      const free = z.freeOver.trim() ? parseMoneyInput(z.freeOver, currency) : null;
      if (free !== null && free !== undefined) zone.free_over_minor = free;
      return zone;
    });
  }
  return out;
}

/** The names of the served zones, in the zones' order ([] = every zone). */
function zoneNames(served: Set<string> | null, zones: ZoneForm[]): string[] {
  if (!served) return [];
  return [...new Set(zones.filter((z) => served.has(z.key)).map((z) => z.name.trim()))];
}

/** `weekly[mon][0]`, `weekly/mon/0`, `delivery_zones[1].fee_minor` → the dotted form field. */
export function normalizeField(field: string): string {
  return field
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\./, '')
    .replace(/\.{2,}/g, '.');
}

export function mapAvailabilityErrors(error: unknown): FormErrors {
  const out: FormErrors = {};
  for (const [field, message] of Object.entries(serverFieldErrors(error))) out[normalizeField(field)] = message;
  return out;
}

/** The first error at a field or below it (`weekly.mon` finds `weekly.mon.1`). */
export function errorUnder(errors: FormErrors, prefix: string): string | undefined {
  if (errors[prefix]) return errors[prefix];
  const key = Object.keys(errors).find((k) => k.startsWith(`${prefix}.`));
  return key ? errors[key] : undefined;
}
