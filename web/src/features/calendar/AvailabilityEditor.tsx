import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Check, Plus, Trash2, X } from 'lucide-react';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Form';
import { Card, Loading } from '../knowledge/shared';
import {
  availabilityKey,
  createException,
  deleteException,
  exceptionsKey,
  fetchAvailability,
  fetchExceptions,
  saveAvailability,
  WEEKDAYS,
  type Availability,
  type Weekday,
} from './api';
import {
  availabilityPayload,
  errorUnder,
  formFromAvailability,
  mapAvailabilityErrors,
  newWindow,
  newZoneKey,
  removeZone,
  toggleWindowZone,
  validateAvailability,
  type AvailabilityForm,
  type FormErrors,
} from './availability';
import { formatLongDate } from './dates';

const smallInput =
  'rounded-lg border bg-white px-2.5 py-2 text-sm text-slate-900 shadow-xs focus:outline-none focus-visible:ring-4 focus-visible:ring-brand-100';
const okBorder = 'border-slate-300 hover:border-slate-400 focus-visible:border-brand-500';
const badBorder = 'border-red-400';

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700" data-testid={`${id}`}>
      {message}
    </p>
  );
}

/** Availability editor: weekly hours, booking rules, delivery windows/zones (PRODUCT), and exceptions. */
export function AvailabilityEditor({ companyId, product, currency, timeZone }: { companyId: string; product: boolean; currency: string; timeZone: string }) {
  const { t } = useTranslation();
  const availability = useQuery({ queryKey: availabilityKey(companyId), queryFn: ({ signal }) => fetchAvailability(companyId, signal), enabled: !!companyId });
  return (
    <div className="space-y-6">
      <Card className="p-4 sm:p-5">
        <h2 className="text-lg font-semibold text-slate-900">{t('calendar.availability.title')}</h2>
        <p className="mt-1 text-sm text-slate-600">{t('calendar.availability.description', { zone: timeZone })}</p>
        {availability.isPending ? (
          <Loading />
        ) : availability.isError ? (
          <Alert tone="error" className="mt-4" title={t('calendar.availability.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void availability.refetch()}>{t('common.retry')}</Button>}>
            {errorMessage(availability.error, t)}
          </Alert>
        ) : (
          <AvailabilityFormView companyId={companyId} availability={availability.data} product={product} currency={currency} />
        )}
      </Card>
      <ExceptionsCard companyId={companyId} />
    </div>
  );
}

export function AvailabilityFormView({ companyId, availability, product, currency }: { companyId: string; availability: Availability; product: boolean; currency: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<AvailabilityForm>(() => formFromAvailability(availability, currency));
  const [local, setLocal] = useState<FormErrors>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (input: Availability) => saveAvailability(companyId, input),
    onSuccess: (a) => {
      setSaved(true);
      if (a) qc.setQueryData(availabilityKey(companyId), a);
      void qc.invalidateQueries({ queryKey: ['slots', companyId] });
    },
  });
  useEffect(() => {
    if (!saved) return;
    const id = setTimeout(() => setSaved(false), 3000);
    return () => clearTimeout(id);
  }, [saved]);

  const server = mapAvailabilityErrors(save.error);
  const errorAt = (key: string): string | undefined => {
    const l = local[key];
    if (l) return t(l as 'calendar.errors.time');
    return server[key];
  };
  const errorBelow = (prefix: string): string | undefined => {
    const l = errorUnder(local, prefix);
    if (l) return t(l as 'calendar.errors.time');
    return errorUnder(server, prefix);
  };
  const update = (patch: Partial<AvailabilityForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const change = (fn: (f: AvailabilityForm) => AvailabilityForm) => {
    setSaved(false);
    setForm(fn);
  };
  const setDay = (day: Weekday, ranges: AvailabilityForm['weekly'][Weekday]) => update({ weekly: { ...form.weekly, [day]: ranges } });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errors = validateAvailability(form, { product, currency });
    setLocal(errors);
    if (Object.keys(errors).length) return;
    save.mutate(availabilityPayload(form, { product, currency }));
  };
  const hasErrors = Object.keys(local).length > 0 || Object.keys(server).length > 0;
  const generalServerError = save.isError && Object.keys(server).length === 0;

  const numberField = (key: 'slot_minutes' | 'buffer_minutes' | 'lead_minutes' | 'horizon_days' | 'service_capacity', label: string, hint?: string) => (
    <TextField
      id={`av-${key}`}
      label={label}
      hint={hint}
      inputMode="numeric"
      value={form[key]}
      onChange={(e) => update({ [key]: e.target.value } as Partial<AvailabilityForm>)}
      error={errorAt(key)}
      data-testid={`av-${key}`}
    />
  );

  return (
    <form onSubmit={onSubmit} noValidate className="mt-5 space-y-6" data-testid="availability-form">
      <fieldset className="min-w-0">
        <legend className="text-sm font-semibold text-slate-900">{t('calendar.availability.weeklyHours')}</legend>
        <ul className="mt-2 divide-y divide-slate-100">
          {WEEKDAYS.map((day) => {
            const ranges = form.weekly[day];
            const dayName = t(`calendar.weekdays.${day}`);
            const dayError = errorBelow(`weekly.${day}`);
            return (
              <li key={day} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start" data-testid={`av-day-${day}`}>
                <label className="flex w-40 shrink-0 items-center gap-2 pt-2 text-sm font-medium text-slate-800">
                  <input
                    type="checkbox"
                    className="size-4 rounded border-slate-300 accent-brand-600"
                    checked={ranges.length > 0}
                    onChange={(e) => setDay(day, e.target.checked ? [{ from: '09:00', to: '18:00' }] : [])}
                    aria-label={t('calendar.availability.dayOpen', { day: dayName })}
                    data-testid={`av-open-${day}`}
                  />
                  <span className="capitalize">{dayName}</span>
                </label>
                <div className="min-w-0 flex-1">
                  {ranges.length === 0 ? (
                    <p className="pt-2 text-sm text-slate-500">{t('calendar.availability.closed')}</p>
                  ) : (
                    <ul className="space-y-2">
                      {ranges.map((r, i) => {
                        const err = errorAt(`weekly.${day}.${i}`);
                        const cls = `${smallInput} ${err ? badBorder : okBorder}`;
                        return (
                          <li key={i} className="flex flex-wrap items-center gap-2">
                            <input
                              type="time"
                              className={`${cls} w-32`}
                              value={r.from}
                              aria-label={`${dayName}: ${t('calendar.availability.from')}`}
                              aria-invalid={err ? true : undefined}
                              onChange={(e) => setDay(day, ranges.map((x, k) => (k === i ? { ...x, from: e.target.value } : x)))}
                              data-testid={`av-${day}-${i}-from`}
                            />
                            <span aria-hidden="true">–</span>
                            <input
                              type="time"
                              className={`${cls} w-32`}
                              value={r.to}
                              aria-label={`${dayName}: ${t('calendar.availability.to')}`}
                              aria-invalid={err ? true : undefined}
                              onChange={(e) => setDay(day, ranges.map((x, k) => (k === i ? { ...x, to: e.target.value } : x)))}
                              data-testid={`av-${day}-${i}-to`}
                            />
                            <button
                              type="button"
                              onClick={() => setDay(day, ranges.filter((_, k) => k !== i))}
                              className="inline-flex size-9 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900"
                              aria-label={t('calendar.availability.removeRange', { from: r.from, to: r.to })}
                            >
                              <X className="size-4" aria-hidden="true" />
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                  {ranges.length > 0 ? (
                    <button
                      type="button"
                      onClick={() => {
                        const last = ranges[ranges.length - 1];
                        setDay(day, [...ranges, { from: last?.to ?? '09:00', to: '20:00' }]);
                      }}
                      className="mt-2 inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
                      data-testid={`av-add-${day}`}
                    >
                      <Plus className="size-4" aria-hidden="true" />
                      {t('calendar.availability.addRange')}
                    </button>
                  ) : null}
                  <FieldError id={`av-${day}-error`} message={dayError} />
                </div>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset className="min-w-0">
        <legend className="text-sm font-semibold text-slate-900">{t('calendar.availability.rules')}</legend>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          {numberField('slot_minutes', t('calendar.availability.slotMinutes'), t('calendar.availability.slotHint'))}
          {numberField('buffer_minutes', t('calendar.availability.bufferMinutes'))}
          {numberField('lead_minutes', t('calendar.availability.leadMinutes'))}
          {numberField('horizon_days', t('calendar.availability.horizonDays'))}
          {product ? null : numberField('service_capacity', t('calendar.availability.serviceCapacity'))}
        </div>
      </fieldset>

      {product ? <DeliveryFields form={form} update={update} change={change} errorAt={errorAt} errorBelow={errorBelow} currency={currency} /> : null}

      {hasErrors && !generalServerError ? <Alert tone="error">{t('calendar.availability.fixErrors')}</Alert> : null}
      {generalServerError ? (
        <Alert tone="error" title={t('calendar.availability.saveFailed')}>
          {errorMessage(save.error, t)}
        </Alert>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" busy={save.isPending} data-testid="availability-save">
          {t('calendar.availability.save')}
        </Button>
        <span role="status" className="text-sm font-medium text-emerald-700" data-testid={saved ? 'availability-saved' : undefined}>
          {saved ? t('calendar.availability.saved') : ''}
        </span>
      </div>
    </form>
  );
}

/** A toggle chip (days of a window, zones of a window). */
function Chip({ on, onClick, label, children, testId }: { on: boolean; onClick: () => void; label?: string; children: ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      aria-label={label}
      onClick={onClick}
      className={`inline-flex min-h-8 max-w-full items-center gap-1 rounded-lg border px-2.5 py-1 text-sm font-medium ${on ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

function DeliveryFields({
  form,
  update,
  change,
  errorAt,
  errorBelow,
  currency,
}: {
  form: AvailabilityForm;
  update: (p: Partial<AvailabilityForm>) => void;
  change: (fn: (f: AvailabilityForm) => AvailabilityForm) => void;
  errorAt: (k: string) => string | undefined;
  errorBelow: (k: string) => string | undefined;
  currency: string;
}) {
  const { t } = useTranslation();
  const windows = form.delivery_windows;
  const zones = form.delivery_zones;
  const setWindow = (i: number, patch: Partial<AvailabilityForm['delivery_windows'][number]>) =>
    update({ delivery_windows: windows.map((w, k) => (k === i ? { ...w, ...patch } : w)) });
  const setZone = (i: number, patch: Partial<AvailabilityForm['delivery_zones'][number]>) => update({ delivery_zones: zones.map((z, k) => (k === i ? { ...z, ...patch } : z)) });
  return (
    <>
      <fieldset className="min-w-0" data-testid="delivery-windows">
        <legend className="text-sm font-semibold text-slate-900">{t('calendar.availability.deliveryWindows')}</legend>
        <p className="mt-1 text-sm text-slate-600">
          {t('calendar.availability.deliveryWindowsHint')}
          {zones.length > 0 ? ` ${t('calendar.availability.zoneCapacityHint')}` : ''}
        </p>
        {windows.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t('calendar.availability.noWindows')}</p> : null}
        <ul className="mt-3 space-y-3">
          {windows.map((w, i) => (
            <li key={i} className="rounded-xl border border-slate-200 p-3" data-testid="delivery-window">
              <div className="flex items-center justify-between">
                <p className="text-sm font-medium text-slate-800">{t('calendar.availability.windowN', { n: i + 1 })}</p>
                <button
                  type="button"
                  onClick={() => update({ delivery_windows: windows.filter((_, k) => k !== i) })}
                  className="inline-flex size-8 items-center justify-center rounded-lg text-slate-500 hover:bg-red-50 hover:text-red-700"
                  aria-label={t('calendar.availability.removeWindow', { n: i + 1 })}
                >
                  <Trash2 className="size-4" aria-hidden="true" />
                </button>
              </div>
              <div role="group" aria-label={t('calendar.availability.days')} className="mt-2 flex flex-wrap gap-1.5">
                {WEEKDAYS.map((d) => {
                  const on = w.days.includes(d);
                  return (
                    <Chip key={d} on={on} label={t(`calendar.weekdays.${d}`)} onClick={() => setWindow(i, { days: on ? w.days.filter((x) => x !== d) : [...w.days, d] })}>
                      {t(`calendar.weekdaysShort.${d}`)}
                    </Chip>
                  );
                })}
              </div>
              <FieldError id={`dw-${i}-days-error`} message={errorAt(`delivery_windows.${i}.days`)} />
              {zones.length > 0 ? (
                <>
                  <div role="group" aria-label={t('calendar.availability.windowZones', { n: i + 1 })} className="mt-3 flex flex-wrap items-center gap-1.5" data-testid={`dw-${i}-zones`}>
                    <span className="mr-1 text-sm text-slate-600" aria-hidden="true">
                      {t('calendar.availability.serves')}
                    </span>
                    <Chip on={w.allZones} onClick={() => setWindow(i, { allZones: true, zones: [] })} testId={`dw-${i}-zone-all`}>
                      {w.allZones ? <Check className="size-3.5" aria-hidden="true" /> : null}
                      {t('calendar.availability.allZones')}
                    </Chip>
                    {zones.map((z, k) => {
                      const on = !w.allZones && w.zones.includes(z.key);
                      return (
                        <Chip key={z.key} on={on} onClick={() => setWindow(i, toggleWindowZone(w, z.key))} testId={`dw-${i}-zone-${k}`}>
                          {on ? <Check className="size-3.5 shrink-0" aria-hidden="true" /> : null}
                          <span className="truncate">{z.name.trim() || t('calendar.availability.zoneN', { n: k + 1 })}</span>
                        </Chip>
                      );
                    })}
                  </div>
                  <FieldError id={`dw-${i}-zones-error`} message={errorBelow(`delivery_windows.${i}.zones`)} />
                </>
              ) : null}
              <div className="mt-3 grid grid-cols-2 items-end gap-3 sm:grid-cols-3">
                <label className="text-sm text-slate-800">
                  {t('calendar.availability.from')}
                  <input type="time" className={`${smallInput} mt-1 block w-full ${errorAt(`delivery_windows.${i}.from`) ? badBorder : okBorder}`} value={w.from} onChange={(e) => setWindow(i, { from: e.target.value })} />
                </label>
                <label className="text-sm text-slate-800">
                  {t('calendar.availability.to')}
                  <input type="time" className={`${smallInput} mt-1 block w-full ${errorAt(`delivery_windows.${i}.to`) ? badBorder : okBorder}`} value={w.to} onChange={(e) => setWindow(i, { to: e.target.value })} />
                </label>
                <label className="col-span-2 text-sm text-slate-800 sm:col-span-1">
                  {zones.length > 0 && !w.allZones ? t('calendar.availability.capacityPerZone') : t('calendar.availability.capacity')}
                  <input inputMode="numeric" className={`${smallInput} mt-1 block w-full ${errorAt(`delivery_windows.${i}.capacity`) ? badBorder : okBorder}`} value={w.capacity} onChange={(e) => setWindow(i, { capacity: e.target.value })} />
                </label>
              </div>
              <FieldError id={`dw-${i}-error`} message={errorAt(`delivery_windows.${i}.from`) ?? errorAt(`delivery_windows.${i}.to`) ?? errorAt(`delivery_windows.${i}.capacity`) ?? (errorAt(`delivery_windows.${i}.days`) || errorBelow(`delivery_windows.${i}.zones`) ? undefined : errorBelow(`delivery_windows.${i}`))} />
            </li>
          ))}
        </ul>
        <Button
          size="sm"
          variant="secondary"
          className="mt-3"
          icon={<Plus className="size-4" aria-hidden="true" />}
          onClick={() => update({ delivery_windows: [...windows, newWindow()] })}
          data-testid="delivery-window-add"
        >
          {t('calendar.availability.addWindow')}
        </Button>
      </fieldset>

      <fieldset className="min-w-0" data-testid="delivery-zones">
        <legend className="text-sm font-semibold text-slate-900">{t('calendar.availability.zones')}</legend>
        <p className="mt-1 text-sm text-slate-600">{t('calendar.availability.zonesHint')}</p>
        {zones.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t('calendar.availability.noZones')}</p> : null}
        <ul className="mt-3 space-y-3">
          {zones.map((z, i) => (
            <li key={z.key} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-end gap-3 rounded-xl border border-slate-200 p-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto]" data-testid="delivery-zone">
              <label className="col-span-2 text-sm text-slate-800 sm:col-span-1">
                {t('calendar.availability.zoneName')}
                <input className={`${smallInput} mt-1 block w-full ${errorAt(`delivery_zones.${i}.name`) ? badBorder : okBorder}`} value={z.name} onChange={(e) => setZone(i, { name: e.target.value })} />
              </label>
              <button
                type="button"
                onClick={() => change((f) => removeZone(f, i))}
                className="inline-flex size-9 items-center justify-center justify-self-end rounded-lg text-slate-500 hover:bg-red-50 hover:text-red-700 sm:order-1"
                aria-label={t('calendar.availability.removeZone', { name: z.name || String(i + 1) })}
              >
                <Trash2 className="size-4" aria-hidden="true" />
              </button>
              <label className="text-sm text-slate-800">
                {t('calendar.availability.fee', { currency })}
                <input inputMode="decimal" className={`${smallInput} mt-1 block w-full ${errorAt(`delivery_zones.${i}.fee_minor`) ? badBorder : okBorder}`} value={z.fee} onChange={(e) => setZone(i, { fee: e.target.value })} />
              </label>
              <label className="text-sm text-slate-800">
                {t('calendar.availability.freeOver', { currency })}
                <input inputMode="decimal" className={`${smallInput} mt-1 block w-full ${errorAt(`delivery_zones.${i}.free_over_minor`) ? badBorder : okBorder}`} value={z.freeOver} onChange={(e) => setZone(i, { freeOver: e.target.value })} />
              </label>
              {errorBelow(`delivery_zones.${i}`) ? (
                <div className="order-2 col-span-full -mt-2">
                  <FieldError id={`dz-${i}-error`} message={errorBelow(`delivery_zones.${i}`)} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <Button size="sm" variant="secondary" className="mt-3" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => update({ delivery_zones: [...zones, { key: newZoneKey(), name: '', fee: '', freeOver: '' }] })} data-testid="delivery-zone-add">
          {t('calendar.availability.addZone')}
        </Button>
      </fieldset>
    </>
  );
}

function ExceptionsCard({ companyId }: { companyId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const qc = useQueryClient();
  const list = useQuery({ queryKey: exceptionsKey(companyId), queryFn: ({ signal }) => fetchExceptions(companyId, signal), enabled: !!companyId });
  const [date, setDate] = useState('');
  const [closed, setClosed] = useState(true);
  const [from, setFrom] = useState('10:00');
  const [to, setTo] = useState('14:00');
  const [note, setNote] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: exceptionsKey(companyId) });
    void qc.invalidateQueries({ queryKey: ['slots', companyId] });
  };
  const add = useMutation({
    mutationFn: () => createException(companyId, { date, closed, hours: closed ? [] : [[from, to]], note: note.trim() }),
    onSuccess: () => {
      setDate('');
      setNote('');
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => deleteException(id), onSuccess: refresh });
  const server = mapAvailabilityErrors(add.error);

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setLocalError(t('calendar.exceptions.dateRequired'));
    if (!closed && !(from < to)) return setLocalError(t('calendar.errors.order'));
    setLocalError(null);
    add.mutate();
  };
  const dateError = localError ?? server.date;
  const generalError = add.isError && !server.date ? errorMessage(add.error, t) : null;

  return (
    <Card className="p-4 sm:p-5">
      <div data-testid="exceptions-card">
        <h2 className="text-lg font-semibold text-slate-900">{t('calendar.exceptions.title')}</h2>
        <p className="mt-1 text-sm text-slate-600">{t('calendar.exceptions.description')}</p>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <Alert tone="error" className="mt-3">
            {errorMessage(list.error, t)}
          </Alert>
        ) : list.data.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500" data-testid="exceptions-empty">
            {t('calendar.exceptions.empty')}
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="exceptions-list">
            {list.data.map((x) => (
              <li key={x.id} className="flex items-center gap-3 py-2 text-sm" data-testid="exception-row" data-exception-id={x.id}>
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-900">{formatLongDate(x.date, lng)}</p>
                  <p className="text-slate-600">
                    {x.closed ? t('calendar.exceptions.closedLabel') : (x.hours ?? []).map(([a, b]) => `${a}–${b}`).join(', ')}
                    {x.note ? ` · ${x.note}` : ''}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => remove.mutate(x.id)}
                  disabled={remove.isPending && remove.variables === x.id}
                  className="inline-flex size-9 items-center justify-center rounded-lg text-slate-500 hover:bg-red-50 hover:text-red-700 disabled:opacity-50"
                  aria-label={t('calendar.exceptions.remove', { date: formatLongDate(x.date, lng) })}
                  data-testid="exception-delete"
                >
                  <Trash2 className="size-4" aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        )}
        {remove.isError ? (
          <Alert tone="error" className="mt-3" title={t('calendar.exceptions.failed')}>
            {errorMessage(remove.error, t)}
          </Alert>
        ) : null}

        <form onSubmit={onAdd} noValidate className="mt-4 space-y-3 border-t border-slate-100 pt-4" data-testid="exception-form">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField id="exc-date" type="date" label={t('calendar.exceptions.date')} value={date} onChange={(e) => setDate(e.target.value)} error={dateError} />
            <TextField id="exc-note" label={t('calendar.exceptions.note')} placeholder={t('calendar.exceptions.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} error={server.note} />
          </div>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="exc-kind" checked={closed} onChange={() => setClosed(true)} className="accent-brand-600" />
              {t('calendar.exceptions.closedDay')}
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="exc-kind" checked={!closed} onChange={() => setClosed(false)} className="accent-brand-600" data-testid="exc-other-hours" />
              {t('calendar.exceptions.otherHours')}
            </label>
            {!closed ? (
              <span className="flex items-center gap-2">
                <input type="time" value={from} onChange={(e) => setFrom(e.target.value)} className={`${smallInput} ${okBorder} w-32`} aria-label={t('calendar.availability.from')} data-testid="exc-from" />
                <span aria-hidden="true">–</span>
                <input type="time" value={to} onChange={(e) => setTo(e.target.value)} className={`${smallInput} ${okBorder} w-32`} aria-label={t('calendar.availability.to')} data-testid="exc-to" />
              </span>
            ) : null}
          </div>
          {generalError ? (
            <Alert tone="error" title={t('calendar.exceptions.failed')}>
              {generalError}
            </Alert>
          ) : null}
          <Button type="submit" variant="secondary" busy={add.isPending} icon={<Plus className="size-4" aria-hidden="true" />} data-testid="exception-add">
            {t('calendar.exceptions.add')}
          </Button>
        </form>
      </div>
    </Card>
  );
}
