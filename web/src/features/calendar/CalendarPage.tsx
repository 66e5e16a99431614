import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Building2, ChevronLeft, ChevronRight, Plus } from 'lucide-react';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../knowledge/shared';
import { CompanyPicker, useCompanySelection, useRoleBase } from '../conversations/shared';
import { bookingsKey, fetchBookings, type Booking } from './api';
import { addDays, addMonths, formatRangeTitle, localDateOf, monthRange, safeZone, weekRange, type LocalDate } from './dates';
import { BookingDetails } from './BookingDetails';
import { MonthView, useMediaQuery, WeekView } from './CalendarViews';
import { AvailabilityEditor } from './AvailabilityEditor';
import { ManualBookingDialog } from './ManualBookingDialog';
import { GoogleCalendarCard, GoogleReturnNotice, useGoogleReturnToast } from './GoogleCalendarCard';

export type CalendarView = 'week' | 'month';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function Legend() {
  const { t } = useTranslation();
  const items = [
    ['pending_payment', 'border border-dashed border-amber-400 bg-amber-50'],
    ['confirmed', 'border border-brand-300 bg-brand-50'],
    ['completed', 'border border-emerald-300 bg-emerald-50'],
    ['no_show', 'border border-red-300 bg-red-50'],
    ['cancelled', 'border border-slate-200 bg-slate-50'],
  ] as const;
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1.5 text-xs text-slate-600" aria-label={t('calendar.legend')}>
      {items.map(([s, cls]) => (
        <li key={s} className="flex items-center gap-1.5">
          <span className={`inline-block size-3 rounded-sm ${cls}`} aria-hidden="true" />
          <span className={s === 'cancelled' ? 'line-through' : ''}>{t(`calendar.statuses.${s}`)}</span>
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-3 w-1 rounded-sm bg-sky-500" aria-hidden="true" />
        {t('calendar.delivery')}
      </li>
    </ul>
  );
}

/**
 * `{base}/calendar?company=&view=week|month&date=YYYY-MM-DD` — bookings, availability, Google Calendar. The Google
 * OAuth return adds `google=connected|error` (and `reason=`) next to `company=`: that company is shown (the
 * selection reads `company`) with a notice naming it.
 */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const base = useRoleBase();
  const phone = useMediaQuery('(max-width: 767px)');
  const { companies, list, companyId, company, select, params, setParams } = useCompanySelection();
  const [open, setOpen] = useState<Booking | null>(null);
  const [manual, setManual] = useState(false);
  const [googleToast, dismissGoogleToast] = useGoogleReturnToast();
  const googleNotice = googleToast ? (
    <GoogleReturnNotice toast={googleToast} companyName={list.find((c) => c.id === googleToast.companyId)?.name} onDismiss={dismissGoogleToast} />
  ) : null;

  const timeZone = safeZone(company?.timezone);
  const today = localDateOf(Date.now(), timeZone);
  const view: CalendarView = params.get('view') === 'month' ? 'month' : 'week';
  const rawDate = params.get('date') ?? '';
  const date: LocalDate = DATE_RE.test(rawDate) ? rawDate : today;
  const range = view === 'week' ? weekRange(date, timeZone) : monthRange(date, timeZone);

  const setNav = (next: { view?: CalendarView; date?: LocalDate }) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        if (next.view) p.set('view', next.view);
        if (next.date) p.set('date', next.date);
        return p;
      },
      { replace: true },
    );

  const bookings = useQuery({
    queryKey: bookingsKey(companyId, range.from, range.to),
    queryFn: ({ signal }) => fetchBookings(companyId, range.from, range.to, signal),
    enabled: !!companyId && !!company,
    placeholderData: (prev) => prev,
    // Holds turn into bookings when customers pay: keep the view fresh.
    refetchInterval: 60_000,
  });

  const header = (
    <PageHeader
      title={t('nav.calendar')}
      description={t('sections.calendar.description')}
      actions={
        company ? (
          <Button onClick={() => setManual(true)} icon={<Plus className="size-4" aria-hidden="true" />} data-testid="manual-booking-open">
            {t('calendar.manual.open')}
          </Button>
        ) : undefined
      }
    />
  );
  if (companies.isPending)
    return (
      <div data-testid="section-calendar">
        {header}
        {googleNotice}
        <Loading />
      </div>
    );
  if (companies.isError || list.length === 0)
    return (
      <div data-testid="section-calendar">
        {header}
        {googleNotice}
        {companies.isError ? <Alert tone="error">{errorMessage(companies.error, t)}</Alert> : <EmptyState icon={Building2} title={t('convo.noCompaniesTitle')} body={t('convo.noCompaniesBody')} />}
      </div>
    );

  const step = (dir: 1 | -1) => setNav({ date: view === 'week' ? addDays(date, 7 * dir) : addMonths(date, dir) });
  const data = bookings.data ?? [];
  const product = company?.type === 'PRODUCT';

  return (
    <div data-testid="section-calendar">
      {header}
      {googleNotice}
      <div className="mb-4">
        <CompanyPicker list={list} companyId={companyId} company={company} onSelect={select} />
      </div>

      <section aria-labelledby="calendar-title" data-testid="calendar-view" data-view={view} data-from={range.from} data-to={range.to}>
        <div className="mb-3 flex flex-wrap items-center gap-2">
          <div className="flex items-center gap-1">
            <Button variant="secondary" size="sm" onClick={() => step(-1)} aria-label={view === 'week' ? t('calendar.previousWeek') : t('calendar.previousMonth')} data-testid="calendar-prev">
              <ChevronLeft className="size-4" aria-hidden="true" />
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setNav({ date: today })} data-testid="calendar-today">
              {t('calendar.today')}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => step(1)} aria-label={view === 'week' ? t('calendar.nextWeek') : t('calendar.nextMonth')} data-testid="calendar-next">
              <ChevronRight className="size-4" aria-hidden="true" />
            </Button>
          </div>
          <h2 id="calendar-title" className="order-last w-full min-w-0 text-base font-semibold text-slate-900 sm:order-none sm:w-auto sm:flex-1 sm:text-lg" aria-live="polite" data-testid="calendar-title">
            {formatRangeTitle(view, date, lng)}
          </h2>
          <div role="group" aria-label={t('calendar.viewLabel')} className="ml-auto inline-flex rounded-lg border border-slate-300 bg-white p-0.5 shadow-xs">
            {(['week', 'month'] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => setNav({ view: v })}
                className={`rounded-md px-3 py-1 text-sm font-medium ${view === v ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
                data-testid={`calendar-view-${v}`}
              >
                {t(`calendar.${v}`)}
              </button>
            ))}
          </div>
        </div>
        <p className="mb-2 text-xs text-slate-500" data-testid="calendar-timezone">
          {t('calendar.timezoneNote', { zone: timeZone })}
        </p>

        {bookings.isError ? (
          <Alert tone="error" className="mb-3" title={t('calendar.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void bookings.refetch()}>{t('common.retry')}</Button>}>
            {errorMessage(bookings.error, t)}
          </Alert>
        ) : null}
        {bookings.isPending && !bookings.data ? (
          <Loading />
        ) : view === 'week' ? (
          <WeekView days={range.days} bookings={data} timeZone={timeZone} today={today} onOpen={setOpen} phone={phone} />
        ) : (
          <MonthView
            days={range.days}
            month={date.slice(0, 7)}
            bookings={data}
            timeZone={timeZone}
            today={today}
            onOpen={setOpen}
            onShowDay={(d) => setNav({ view: 'week', date: d })}
            phone={phone}
          />
        )}
        <Legend />
      </section>

      <div className="mt-8 grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <AvailabilityEditor key={companyId} companyId={companyId} product={product} currency={company?.currency ?? 'EUR'} timeZone={timeZone} />
        <div className="min-w-0">
          <GoogleCalendarCard key={companyId} companyId={companyId} />
        </div>
      </div>

      {open ? <BookingDetails key={open.id} booking={open} companyId={companyId} base={base} timeZone={safeZone(open.timezone || timeZone)} onClose={() => setOpen(null)} /> : null}
      {manual && company ? (
        <ManualBookingDialog
          companyId={companyId}
          timeZone={timeZone}
          today={today}
          kinds={company.type === 'PRODUCT' ? ['delivery', 'appointment'] : company.type === 'HYBRID' ? ['appointment', 'delivery'] : ['appointment']}
          onClose={() => setManual(false)}
        />
      ) : null}
    </div>
  );
}
