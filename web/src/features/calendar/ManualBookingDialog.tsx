import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage, serverFieldErrors } from '../../auth/errors';
import { fetchItems, fetchKnowledgeBases } from '../../api/knowledge';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Form';
import { Loading } from '../knowledge/shared';
import { availabilityKey, bookingsKey, createBooking, fetchAvailability, fetchSlots, slotsKey, type BookingKind, type ManualBookingInput } from './api';
import { addDays, formatTime, startOfLocalDay, type LocalDate } from './dates';

export interface ServiceOption {
  item_id: string;
  variant_id: string;
  name: string;
  duration_min: number | null;
}

/** Every item of the company's SERVICE knowledge bases (one option per item; its first variant). */
export async function fetchServices(companyId: string, signal?: AbortSignal): Promise<ServiceOption[]> {
  const kbs = (await fetchKnowledgeBases(companyId, signal)).filter((kb) => kb.kind === 'SERVICE');
  const pages = await Promise.all(kbs.map((kb) => fetchItems(kb.id, {}, signal)));
  return pages
    .flatMap((p) => p.items)
    .filter((i) => i.id)
    .map((i) => ({ item_id: i.id!, variant_id: i.variants?.[0]?.id ?? '', name: i.name ?? i.id!, duration_min: i.duration_min ?? null }));
}

/**
 * Manual booking: service (or a delivery, for companies that sell products) → day → a free slot → customer name,
 * address and zone for deliveries, notes → POST …/bookings.
 */
export function ManualBookingDialog({
  companyId,
  timeZone,
  today,
  onClose,
  kinds = ['appointment'],
}: {
  companyId: string;
  timeZone: string;
  today: LocalDate;
  onClose: () => void;
  /** What may be booked; the first is preselected. */
  kinds?: BookingKind[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const qc = useQueryClient();
  const [kind, setKind] = useState<BookingKind>(kinds[0] ?? 'appointment');
  const delivery = kind === 'delivery';
  const [itemId, setItemId] = useState('');
  const [address, setAddress] = useState('');
  const [zone, setZone] = useState('');
  const [date, setDate] = useState<LocalDate>(today);
  const [slot, setSlot] = useState<number | null>(null);
  const [customer, setCustomer] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<{ service?: string; slot?: string; customer?: string; address?: string }>({});

  const services = useQuery({ queryKey: ['services', companyId], queryFn: ({ signal }) => fetchServices(companyId, signal), enabled: kinds.includes('appointment') });
  const availability = useQuery({ queryKey: availabilityKey(companyId), queryFn: ({ signal }) => fetchAvailability(companyId, signal), enabled: kinds.includes('delivery') });
  const zones = availability.data?.delivery_zones ?? [];
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const from = validDate ? startOfLocalDay(date, timeZone) : 0;
  const to = validDate ? startOfLocalDay(addDays(date, 1), timeZone) : 0;
  const slotItem = delivery ? '' : itemId;
  const slotZone = delivery ? zone : '';
  const slots = useQuery({
    queryKey: slotsKey(companyId, slotItem, from, to, slotZone),
    queryFn: ({ signal }) => fetchSlots(companyId, slotItem, from, to, signal, kind, slotZone),
    enabled: (delivery || !!itemId) && validDate,
  });
  const create = useMutation({
    mutationFn: (input: ManualBookingInput) => createBooking(companyId, input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: bookingsKey(companyId) });
      void qc.invalidateQueries({ queryKey: ['slots', companyId] });
      onClose();
    },
  });
  const server = serverFieldErrors(create.error);
  const service = services.data?.find((s) => s.item_id === itemId);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!delivery && !itemId) next.service = t('calendar.manual.serviceRequired');
    if (slot === null) next.slot = t('calendar.manual.slotRequired');
    if (!customer.trim()) next.customer = t('calendar.manual.customerRequired');
    if (delivery && !address.trim()) next.address = t('calendar.manual.addressRequired');
    setErrors(next);
    if (Object.keys(next).length || slot === null) return;
    const input: ManualBookingInput = delivery ? { kind: 'delivery', starts_at: slot, customer_name: customer.trim(), address: address.trim() } : { item_id: itemId, starts_at: slot, customer_name: customer.trim() };
    if (delivery && zone) input.zone = zone;
    if (!delivery && service?.variant_id) input.variant_id = service.variant_id;
    if (notes.trim()) input.notes = notes.trim();
    create.mutate(input);
  };
  const generalError = create.isError && !server.item_id && !server.starts_at && !server.customer_name && !server.address && !server.zone ? errorMessage(create.error, t) : null;
  const slotError = errors.slot ?? server.starts_at;

  return (
    <Dialog
      title={t('calendar.manual.title')}
      description={t('calendar.manual.description')}
      onClose={onClose}
      testId="manual-booking"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="manual-booking-form" busy={create.isPending} data-testid="manual-booking-submit">
            {t('calendar.manual.submit')}
          </Button>
        </>
      }
    >
      <form id="manual-booking-form" onSubmit={onSubmit} noValidate className="space-y-4">
        {kinds.length > 1 ? (
          <fieldset className="min-w-0">
            <legend className="text-sm font-medium text-slate-800">{t('calendar.manual.kind')}</legend>
            <div className="mt-1.5 flex gap-4 text-sm">
              {kinds.map((k) => (
                <label key={k} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="mb-kind"
                    className="accent-brand-600"
                    checked={kind === k}
                    onChange={() => {
                      setKind(k);
                      setSlot(null);
                    }}
                    data-testid={`manual-booking-kind-${k}`}
                  />
                  {k === 'delivery' ? t('calendar.delivery') : t('calendar.appointment')}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {delivery ? null : services.isPending ? (
          <Loading />
        ) : services.isError ? (
          <Alert tone="error" title={t('calendar.manual.servicesFailed')}>
            {errorMessage(services.error, t)}
          </Alert>
        ) : services.data.length === 0 ? (
          <Alert tone="info" testId="manual-no-services">{t('calendar.manual.noServices')}</Alert>
        ) : (
          <SelectField
            id="mb-service"
            label={t('calendar.manual.service')}
            value={itemId}
            onChange={(e) => {
              setItemId(e.target.value);
              setSlot(null);
            }}
            error={errors.service ?? server.item_id}
            data-testid="manual-booking-service"
          >
            <option value="">{t('calendar.manual.chooseService')}</option>
            {services.data.map((s) => (
              <option key={s.item_id} value={s.item_id}>
                {s.name}
                {s.duration_min ? ` · ${t('calendar.manual.minutes', { n: s.duration_min })}` : ''}
              </option>
            ))}
          </SelectField>
        )}
        {delivery ? (
          <>
            <TextField id="mb-address" label={t('calendar.manual.address')} value={address} onChange={(e) => setAddress(e.target.value)} error={errors.address ?? server.address} autoComplete="off" />
            {zones.length ? (
              <SelectField id="mb-zone" label={t('calendar.manual.zone')} value={zone} onChange={(e) => {
                  setZone(e.target.value);
                  setSlot(null); // windows differ by zone
                }} error={server.zone} data-testid="manual-booking-zone">
                <option value="">{t('calendar.manual.noZone')}</option>
                {zones.map((z) => (
                  <option key={z.name} value={z.name}>
                    {z.name}
                  </option>
                ))}
              </SelectField>
            ) : null}
          </>
        ) : null}
        <TextField
          id="mb-date"
          type="date"
          label={t('calendar.manual.date')}
          value={date}
          onChange={(e) => {
            setDate(e.target.value);
            setSlot(null);
          }}
          data-testid="manual-booking-date"
        />
        <fieldset className="min-w-0" aria-describedby={slotError ? 'mb-slot-error' : undefined}>
          <legend className="text-sm font-medium text-slate-800">{t('calendar.manual.slots')}</legend>
          {!delivery && !itemId ? (
            <p className="mt-1.5 text-sm text-slate-500">{t('calendar.manual.chooseServiceFirst')}</p>
          ) : slots.isPending ? (
            <Loading />
          ) : slots.isError ? (
            <Alert tone="error" className="mt-1.5" title={t('calendar.manual.slotsFailed')}>
              {errorMessage(slots.error, t)}
            </Alert>
          ) : slots.data.length === 0 ? (
            <p className="mt-1.5 text-sm text-slate-500" data-testid="manual-no-slots">
              {t('calendar.manual.noSlots')}
            </p>
          ) : (
            <div className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-4" data-testid="manual-slots">
              {slots.data.map((s) => (
                <label
                  key={s.starts_at}
                  className={`flex cursor-pointer items-center justify-center rounded-lg border px-2 py-2 text-sm font-medium tabular-nums has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-brand-100 ${
                    slot === s.starts_at ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'
                  }`}
                >
                  <input type="radio" name="mb-slot" className="sr-only" checked={slot === s.starts_at} onChange={() => setSlot(s.starts_at)} data-testid="manual-slot" data-starts-at={s.starts_at} />
                  {formatTime(s.starts_at, lng, timeZone)}
                </label>
              ))}
            </div>
          )}
          {slotError ? (
            <p id="mb-slot-error" className="mt-1.5 text-sm text-red-700">
              {slotError}
            </p>
          ) : null}
        </fieldset>
        <TextField id="mb-customer" label={t('calendar.manual.customer')} value={customer} onChange={(e) => setCustomer(e.target.value)} error={errors.customer ?? server.customer_name} autoComplete="off" />
        <div>
          <label htmlFor="mb-notes" className="block text-sm font-medium text-slate-800">
            {t('calendar.manual.notes')}
          </label>
          <textarea
            id="mb-notes"
            rows={2}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            className="mt-1.5 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-[0.9375rem] shadow-xs hover:border-slate-400 focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100"
          />
        </div>
        {generalError ? <Alert tone="error">{generalError}</Alert> : null}
      </form>
    </Dialog>
  );
}
