/**
 * Dates in the company's IANA time zone, with Intl only (no date library).
 *
 * A "local date" is a `YYYY-MM-DD` string on the company's wall calendar; date arithmetic on those is
 * plain calendar arithmetic (done on UTC noon, so it never trips over DST). Instants are unix ms.
 */

export type LocalDate = string; // YYYY-MM-DD

export interface ZonedParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Monday … 6 = Sunday
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** A zone the browser knows, else UTC (bad or empty company settings never break the page). */
export function safeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    partsFormatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function rawParts(ms: number, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

/** Wall-clock parts of an instant in a zone. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const p = rawParts(ms, timeZone);
  const weekday = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, weekday };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7_200_000). */
export function zoneOffset(ms: number, timeZone: string): number {
  const p = rawParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function localDateOf(ms: number, timeZone: string): LocalDate {
  const p = zonedParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

function toNoon(date: LocalDate): Date {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day, 12));
}

function fromNoon(d: Date): LocalDate {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = toNoon(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromNoon(d);
}

export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month } = parseLocalDate(date);
  const d = new Date(Date.UTC(year, month - 1 + months, 1, 12));
  return fromNoon(d);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return (toNoon(date).getUTCDay() + 6) % 7;
}

/** The Monday of the week holding `date`. */
export function startOfWeek(date: LocalDate): LocalDate {
  return addDays(date, -weekdayOf(date));
}

export function startOfMonth(date: LocalDate): LocalDate {
  return `${date.slice(0, 7)}-01`;
}

/**
 * The instant a wall-clock time on a local date happens in a zone. A time that does not exist
 * (02:30 on the spring-forward day) moves forward by the gap; an ambiguous one (02:30 twice in autumn)
 * is its first occurrence — the same rule the server's slot computation uses.
 */
export function zonedTimeToUtc(date: LocalDate, time: string, timeZone: string): number {
  const { year, month, day } = parseLocalDate(date);
  const [h, m] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, h ?? 0, m ?? 0);
  // Two candidates: the offsets just before and after the wall time.
  const before = zoneOffset(wall - 86_400_000 / 2, timeZone);
  const after = zoneOffset(wall + 86_400_000 / 2, timeZone);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  for (const c of candidates) if (c + zoneOffset(c, timeZone) === wall) return c;
  // Nonexistent: the gap pushes it forward (02:30 → 03:30 in Berlin).
  return wall - before;
}

/** Local midnight of a date as an instant. */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  return zonedTimeToUtc(date, '00:00', timeZone);
}

export interface Range {
  from: number;
  to: number; // exclusive
  days: LocalDate[];
}

/** Monday 00:00 → next Monday 00:00 in the zone (167 or 169 hours across a DST change). */
export function weekRange(date: LocalDate, timeZone: string): Range {
  const monday = startOfWeek(date);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return { from: startOfLocalDay(monday, timeZone), to: startOfLocalDay(addDays(monday, 7), timeZone), days };
}

/** The 6×7 (or 5×7) grid of a month, Monday first, with the instants it spans. */
export function monthRange(date: LocalDate, timeZone: string): Range & { month: string } {
  const first = startOfMonth(date);
  const start = startOfWeek(first);
  const nextMonth = addMonths(first, 1);
  const days: LocalDate[] = [];
  for (let d = start; d < nextMonth || days.length % 7 !== 0; d = addDays(d, 1)) days.push(d);
  return { from: startOfLocalDay(start, timeZone), to: startOfLocalDay(addDays(start, days.length), timeZone), days, month: first.slice(0, 7) };
}

/** Minutes after local midnight (wall clock) of an instant on a given local date; clamped to 0…1440. */
export function minutesIntoDay(ms: number, date: LocalDate, timeZone: string): number {
  const d = localDateOf(ms, timeZone);
  if (d < date) return 0;
  if (d > date) return 1440;
  const p = zonedParts(ms, timeZone);
  return p.hour * 60 + p.minute;
}

/** ISO instant without milliseconds, for query strings. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function formatTime(ms: number, lng: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lng, { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/** "Mon 23" style label of a local date (the date itself is zone-free). */
export function formatDayLabel(date: LocalDate, lng: string, opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric' }): string {
  return new Intl.DateTimeFormat(lng, { ...opts, timeZone: 'UTC' }).format(toNoon(date));
}

export function formatLongDate(date: LocalDate, lng: string): string {
  return formatDayLabel(date, lng, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "23 – 29 March 2026" / "March 2026". */
export function formatRangeTitle(view: 'week' | 'month', date: LocalDate, lng: string): string {
  if (view === 'month') return formatDayLabel(date, lng, { month: 'long', year: 'numeric' });
  const monday = startOfWeek(date);
  const sunday = addDays(monday, 6);
  const fmt = new Intl.DateTimeFormat(lng, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const range = (fmt as Intl.DateTimeFormat & { formatRange?: (a: Date, b: Date) => string }).formatRange;
  return range ? range.call(fmt, toNoon(monday), toNoon(sunday)) : `${fmt.format(toNoon(monday))} – ${fmt.format(toNoon(sunday))}`;
}

/** Short weekday names, Monday first, in the UI language. */
export function weekdayNames(lng: string, style: 'short' | 'long' | 'narrow' = 'short'): string[] {
  return Array.from({ length: 7 }, (_, i) => formatDayLabel(addDays('2024-01-01', i), lng, { weekday: style }));
}
