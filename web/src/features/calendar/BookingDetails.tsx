import { useState, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CheckCircle2, ExternalLink, MessagesSquare, Receipt, UserX, XCircle } from 'lucide-react';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Dialog } from '../../components/Dialog';
import { bookingAction, bookingsKey, type Booking, type BookingAction } from './api';
import { formatLongDate, formatTime, localDateOf } from './dates';
import { actionsFor, isKnownStatus, isOnlineLink, STATUS_TONE } from './model';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-3 py-2 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid="booking-status" data-status={status}>
      <Badge tone={isKnownStatus(status) ? STATUS_TONE[status] : 'gray'}>{isKnownStatus(status) ? t(`calendar.statuses.${status}`) : status}</Badge>
    </span>
  );
}

/** The booking's details with Cancel (confirmed first) / Mark completed / No-show as its status allows. */
export function BookingDetails({
  booking: initial,
  companyId,
  base,
  timeZone,
  onClose,
  now = Date.now(),
}: {
  booking: Booking;
  companyId: string;
  base: string;
  timeZone: string;
  onClose: () => void;
  now?: number;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const qc = useQueryClient();
  const [booking, setBooking] = useState(initial);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const b = booking;
  const act = useMutation({
    mutationFn: (action: BookingAction) => bookingAction(b.id, action),
    onSuccess: (updated, action) => {
      setConfirmCancel(false);
      const status = action === 'cancel' ? 'cancelled' : action === 'complete' ? 'completed' : 'no_show';
      setBooking(updated ?? { ...b, status });
      void qc.invalidateQueries({ queryKey: bookingsKey(companyId) });
    },
  });
  const customer = b.customer_name.trim() || t('calendar.unknownCustomer');
  const date = localDateOf(b.starts_at, timeZone);
  const when = `${formatLongDate(date, lng)}, ${formatTime(b.starts_at, lng, timeZone)}–${formatTime(b.ends_at, lng, timeZone)}`;
  const q = `company=${encodeURIComponent(companyId)}`;
  const actions = actionsFor(b, now);

  return (
    <>
      <Dialog
        title={b.title || t('calendar.details.title')}
        description={when}
        onClose={onClose}
        testId="booking-details"
        footer={
          actions.length ? (
            <>
              {actions.includes('no_show') ? (
                <Button variant="secondary" onClick={() => act.mutate('no_show')} busy={act.isPending && act.variables === 'no_show'} icon={<UserX className="size-4" aria-hidden="true" />} data-testid="booking-no-show">
                  {t('calendar.details.noShow')}
                </Button>
              ) : null}
              {actions.includes('complete') ? (
                <Button variant="secondary" onClick={() => act.mutate('complete')} busy={act.isPending && act.variables === 'complete'} icon={<CheckCircle2 className="size-4" aria-hidden="true" />} data-testid="booking-complete">
                  {t('calendar.details.complete')}
                </Button>
              ) : null}
              {actions.includes('cancel') ? (
                <Button
                  variant="ghost"
                  className="text-red-700! hover:bg-red-50 hover:text-red-800!"
                  onClick={() => {
                    act.reset();
                    setConfirmCancel(true);
                  }}
                  icon={<XCircle className="size-4" aria-hidden="true" />}
                  data-testid="booking-cancel"
                >
                  {t('calendar.details.cancel')}
                </Button>
              ) : null}
            </>
          ) : undefined
        }
      >
        <div data-booking-id={b.id} data-status={b.status}>
          {act.isError && !confirmCancel ? (
            <Alert tone="error" className="mb-3" title={t('calendar.details.actionFailed')}>
              {errorMessage(act.error, t)}
            </Alert>
          ) : null}
          <dl className="divide-y divide-slate-100">
            <Row label={t('calendar.details.status')}>
              <StatusBadge status={b.status} />
              {b.status === 'pending_payment' && b.hold_expires_at ? (
                <p className="mt-1 text-xs text-amber-800">{t('calendar.details.holdUntil', { time: `${formatTime(b.hold_expires_at, lng, timeZone)}` })}</p>
              ) : null}
            </Row>
            <Row label={t('calendar.details.customer')}>
              <span data-testid="booking-customer">{customer}</span>
            </Row>
            <Row label={t('calendar.details.kind')}>{b.kind === 'delivery' ? t('calendar.delivery') : t('calendar.appointment')}</Row>
            {b.kind === 'appointment' ? <Row label={t('calendar.details.service')}>{b.title || '—'}</Row> : null}
            <Row label={t('calendar.details.time')}>
              {when}
              <span className="block text-xs text-slate-500">{timeZone}</span>
            </Row>
            {b.format ? <Row label={t('calendar.details.format')}>{b.format === 'online' ? t('calendar.details.online') : b.format === 'offline' ? t('calendar.details.offline') : b.format}</Row> : null}
            {b.location ? (
              <Row label={isOnlineLink(b.location) ? t('calendar.details.meetingLink') : t('calendar.details.location')}>
                {isOnlineLink(b.location) ? (
                  <a href={b.location} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 font-medium break-all text-brand-700 hover:underline">
                    {b.location}
                    <ExternalLink className="size-3.5 shrink-0" aria-hidden="true" />
                  </a>
                ) : (
                  b.location
                )}
              </Row>
            ) : null}
            {b.address ? <Row label={t('calendar.details.address')}>{b.address}</Row> : null}
            {b.zone ? <Row label={t('calendar.details.zone')}>{b.zone}</Row> : null}
            {b.notes ? <Row label={t('calendar.details.notes')}><span className="whitespace-pre-wrap">{b.notes}</span></Row> : null}
            {b.source === 'assistant' || b.source === 'manual' ? <Row label={t('calendar.details.source')}>{t(`calendar.details.sources.${b.source}`)}</Row> : null}
            {b.google_event_id ? <Row label={t('calendar.details.google')}>✓</Row> : null}
          </dl>
          {b.order_id || b.conversation_id ? (
            <div className="mt-3 flex flex-wrap gap-2">
              {b.order_id ? (
                <Link to={`${base}/payments?${q}`} className="inline-flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50" data-testid="booking-order">
                  <Receipt className="size-4" aria-hidden="true" />
                  {t('calendar.details.openOrder')}
                  <span className="font-mono text-xs text-slate-500">{b.order_id}</span>
                </Link>
              ) : null}
              {b.conversation_id ? (
                <Link to={`${base}/inbox/${encodeURIComponent(b.conversation_id)}?${q}`} className="inline-flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50" data-testid="booking-conversation">
                  <MessagesSquare className="size-4" aria-hidden="true" />
                  {t('calendar.details.openConversation')}
                </Link>
              ) : null}
            </div>
          ) : null}
        </div>
      </Dialog>
      {confirmCancel ? (
        <ConfirmDeleteDialog
          title={t('calendar.details.cancelTitle')}
          body={t('calendar.details.cancelBody', { customer, title: b.title, time: when })}
          confirmLabel={t('calendar.details.cancel')}
          onConfirm={() => act.mutate('cancel')}
          onCancel={() => setConfirmCancel(false)}
          busy={act.isPending}
          error={act.isError ? act.error : null}
        />
      ) : null}
    </>
  );
}
