import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { CalendarClock, Truck } from 'lucide-react';
import type { Booking } from './api';
import { formatDayLabel, formatLongDate, formatTime, localDateOf, minutesIntoDay, weekdayNames, zonedParts, type LocalDate } from './dates';
import { bookingsOnDay, groupByDay, isKnownStatus, layoutDay, STATUS_STYLE } from './model';

export const HOUR_PX = 48;

/** Matches a CSS media query (false where matchMedia is missing, e.g. jsdom → the desktop layout). */
export function useMediaQuery(query: string): boolean {
  const get = () => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
  const [matches, setMatches] = useState(get);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mql = window.matchMedia(query);
    const on = () => setMatches(mql.matches);
    on();
    mql.addEventListener?.('change', on);
    return () => mql.removeEventListener?.('change', on);
  }, [query]);
  return matches;
}

function useChipLabel(timeZone: string) {
  const { t, i18n } = useTranslation();
  return (b: Booking) =>
    t('calendar.chipLabel', {
      time: `${formatTime(b.starts_at, i18n.language, timeZone)}–${formatTime(b.ends_at, i18n.language, timeZone)}`,
      title: b.kind === 'delivery' ? `${t('calendar.delivery')}${b.title && b.title !== 'Delivery' ? ` · ${b.title}` : ''}` : b.title,
      customer: b.customer_name.trim() || t('calendar.unknownCustomer'),
      status: isKnownStatus(b.status) ? t(`calendar.statuses.${b.status}`) : b.status,
    });
}

/** One booking on any view: a button coloured by status, with a truck for deliveries. */
export function BookingChip({
  booking: b,
  timeZone,
  onOpen,
  variant,
  style,
}: {
  booking: Booking;
  timeZone: string;
  onOpen: (b: Booking) => void;
  variant: 'grid' | 'month' | 'agenda';
  style?: CSSProperties;
}) {
  const { t, i18n } = useTranslation();
  const label = useChipLabel(timeZone)(b);
  const lng = i18n.language;
  const tone = isKnownStatus(b.status) ? STATUS_STYLE[b.status] : STATUS_STYLE.confirmed;
  const Icon = b.kind === 'delivery' ? Truck : CalendarClock;
  const time = formatTime(b.starts_at, lng, timeZone);
  const customer = b.customer_name.trim() || t('calendar.unknownCustomer');
  const base = `text-left focus-visible:z-20 focus-visible:outline-2 focus-visible:outline-brand-600 ${tone} ${b.kind === 'delivery' ? 'border-l-4 border-l-sky-500' : ''}`;
  const common = {
    type: 'button' as const,
    onClick: () => onOpen(b),
    'aria-label': label,
    title: label,
    'data-testid': 'booking-chip',
    'data-booking-id': b.id,
    'data-status': b.status,
    'data-kind': b.kind,
  };
  if (variant === 'grid') {
    return (
      <button {...common} style={style} className={`absolute overflow-hidden rounded-md px-1.5 py-0.5 text-xs leading-tight shadow-xs ${base}`}>
        <span className="flex items-center gap-1 font-semibold">
          <Icon className="size-3 shrink-0" aria-hidden="true" />
          <span className="truncate">{time}</span>
        </span>
        <span className="block truncate">{b.title}</span>
        <span className="block truncate opacity-80">{customer}</span>
      </button>
    );
  }
  if (variant === 'month') {
    return (
      <button {...common} className={`flex w-full min-w-0 items-center gap-1 overflow-hidden rounded px-1 py-0.5 text-[0.6875rem] leading-tight sm:text-xs ${base}`}>
        <Icon className="hidden size-3 shrink-0 sm:block" aria-hidden="true" />
        <span className="min-w-0 truncate font-semibold tabular-nums sm:shrink-0">{time}</span>
        <span className="hidden truncate sm:inline">{b.title}</span>
      </button>
    );
  }
  return (
    <button {...common} className={`flex w-full items-start gap-3 rounded-xl px-3 py-2.5 text-sm ${base}`}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <span className="min-w-0 flex-1">
        <span className="block font-semibold tabular-nums">
          {time}–{formatTime(b.ends_at, lng, timeZone)}
        </span>
        <span className="block truncate">{b.title}</span>
        <span className="block truncate text-xs opacity-80">{customer}</span>
      </span>
      <span className="shrink-0 text-xs font-medium no-underline">{isKnownStatus(b.status) ? t(`calendar.statuses.${b.status}`) : b.status}</span>
    </button>
  );
}

/** Seven days on a 24-hour time grid (≥ 768 px); an agenda list on phones. */
export function WeekView({
  days,
  bookings,
  timeZone,
  today,
  onOpen,
  phone,
}: {
  days: LocalDate[];
  bookings: Booking[];
  timeZone: string;
  today: LocalDate;
  onOpen: (b: Booking) => void;
  phone: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const scrollRef = useRef<HTMLDivElement>(null);
  const firstHour = Math.min(8, ...bookings.filter((b) => days.includes(localDateOf(b.starts_at, timeZone))).map((b) => zonedParts(b.starts_at, timeZone).hour));
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = Math.max(0, firstHour - 0.5) * HOUR_PX;
    // Only when the week changes, not on every refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [days[0]]);

  if (phone) {
    const byDay = groupByDay(bookings, timeZone);
    return (
      <ol className="space-y-4" data-testid="calendar-week" data-layout="agenda">
        {days.map((d) => {
          const list = byDay.get(d) ?? [];
          return (
            <li key={d} aria-labelledby={`agenda-${d}`}>
              <h3 id={`agenda-${d}`} className={`mb-1.5 text-sm font-semibold ${d === today ? 'text-brand-700' : 'text-slate-700'}`}>
                {formatLongDate(d, lng)}
              </h3>
              {list.length ? (
                <ul className="space-y-1.5">
                  {list.map((b) => (
                    <li key={b.id}>
                      <BookingChip booking={b} timeZone={timeZone} onOpen={onOpen} variant="agenda" />
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-500">{t('calendar.noBookingsDay')}</p>
              )}
            </li>
          );
        })}
      </ol>
    );
  }

  const hours = Array.from({ length: 24 }, (_, h) => h);
  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xs" data-testid="calendar-week" data-layout="grid">
      <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] border-b border-slate-200 bg-slate-50">
        <div className="px-1 py-2 text-[0.6875rem] text-slate-400" aria-hidden="true" />
        {days.map((d) => (
          <div key={d} className={`border-l border-slate-200 px-2 py-2 text-center text-sm ${d === today ? 'font-semibold text-brand-700' : 'text-slate-700'}`}>
            <span className="sr-only">{formatLongDate(d, lng)}</span>
            <span aria-hidden="true">{formatDayLabel(d, lng)}</span>
          </div>
        ))}
      </div>
      <div ref={scrollRef} className="max-h-[36rem] overflow-y-auto">
        <div className="relative grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]" style={{ height: 24 * HOUR_PX }}>
          <div className="relative" aria-hidden="true">
            {hours.map((h) => (
              <span key={h} className="absolute right-2 -translate-y-1/2 text-[0.6875rem] text-slate-400 tabular-nums" style={{ top: h * HOUR_PX }}>
                {h === 0 ? '' : `${String(h).padStart(2, '0')}:00`}
              </span>
            ))}
          </div>
          {days.map((d) => (
            <div key={d} className={`relative border-l border-slate-200 ${d === today ? 'bg-brand-50/40' : ''}`} role="group" aria-label={formatLongDate(d, lng)}>
              {hours.map((h) => (
                <div key={h} className="absolute inset-x-0 border-t border-slate-100" style={{ top: h * HOUR_PX }} aria-hidden="true" />
              ))}
              {d === today ? (
                <div className="absolute inset-x-0 z-10 h-0.5 bg-red-500" style={{ top: (minutesIntoDay(Date.now(), d, timeZone) / 60) * HOUR_PX }} aria-hidden="true" data-testid="calendar-now" />
              ) : null}
              {layoutDay(bookingsOnDay(bookings, d, timeZone), d, timeZone).map((p) => (
                <BookingChip
                  key={p.booking.id}
                  booking={p.booking}
                  timeZone={timeZone}
                  onOpen={onOpen}
                  variant="grid"
                  style={{
                    top: (p.top / 60) * HOUR_PX,
                    height: Math.max((p.height / 60) * HOUR_PX - 2, 18),
                    left: `calc(${(p.column / p.columns) * 100}% + 2px)`,
                    width: `calc(${100 / p.columns}% - 4px)`,
                  }}
                />
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** The month: day cells with up to three chips (two on phones) and "+N more" → that week. */
export function MonthView({
  days,
  month,
  bookings,
  timeZone,
  today,
  onOpen,
  onShowDay,
  phone,
}: {
  days: LocalDate[];
  month: string;
  bookings: Booking[];
  timeZone: string;
  today: LocalDate;
  onOpen: (b: Booking) => void;
  onShowDay: (d: LocalDate) => void;
  phone: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const byDay = groupByDay(bookings, timeZone);
  const names = weekdayNames(lng, phone ? 'narrow' : 'short');
  const max = phone ? 2 : 3;
  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xs" data-testid="calendar-month">
      <div className="grid grid-cols-7 border-b border-slate-200 bg-slate-50" aria-hidden="true">
        {names.map((n) => (
          <div key={n} className="px-1 py-2 text-center text-xs font-semibold text-slate-500 uppercase">
            {n}
          </div>
        ))}
      </div>
      <ol className="grid grid-cols-7">
        {days.map((d, i) => {
          const list = byDay.get(d) ?? [];
          const inMonth = d.startsWith(month);
          const extra = list.length - max;
          return (
            <li
              key={d}
              className={`min-h-20 min-w-0 border-slate-100 p-1 sm:min-h-28 sm:p-1.5 ${i % 7 ? 'border-l' : ''} ${i >= 7 ? 'border-t' : ''} ${inMonth ? '' : 'bg-slate-50/70'}`}
              aria-label={formatLongDate(d, lng)}
              data-date={d}
            >
              <span
                className={`mb-1 inline-flex size-6 items-center justify-center rounded-full text-xs ${
                  d === today ? 'bg-brand-600 font-semibold text-white' : inMonth ? 'text-slate-800' : 'text-slate-400'
                }`}
                aria-hidden="true"
              >
                {Number(d.slice(8))}
              </span>
              <div className="space-y-0.5">
                {list.slice(0, max).map((b) => (
                  <BookingChip key={b.id} booking={b} timeZone={timeZone} onOpen={onOpen} variant="month" />
                ))}
                {extra > 0 ? (
                  <button
                    type="button"
                    onClick={() => onShowDay(d)}
                    className="w-full rounded px-1 text-left text-[0.6875rem] font-medium text-brand-700 hover:bg-brand-50 sm:text-xs"
                    aria-label={t('calendar.moreLabel', { date: formatLongDate(d, lng) })}
                    data-testid="calendar-more"
                  >
                    {t('calendar.more', { n: extra })}
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
