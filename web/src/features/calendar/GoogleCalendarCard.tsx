import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { CalendarCheck2, Link2, Unlink, X } from 'lucide-react';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { SelectField } from '../../components/Form';
import { Card, Loading } from '../knowledge/shared';
import {
  chooseGoogleCalendar,
  connectGoogle,
  disconnectGoogle,
  fetchGoogle,
  fetchGoogleCalendars,
  googleCalendarsKey,
  googleKey,
  type GoogleStatus,
} from './api';

/** Where Connect sends the browser (a seam for tests). */
export const browserNavigation = {
  assign(url: string) {
    window.location.assign(url);
  },
};

export const GOOGLE_RETURN_REASONS = [
  'access_denied',
  'invalid_state',
  'state_expired',
  'provider_error',
  'invalid_request',
  'token_exchange_failed',
  'no_refresh_token',
  'missing_scope',
  'server_error',
] as const;
type ReturnReason = (typeof GOOGLE_RETURN_REASONS)[number];

export type GoogleReturnToast = {
  tone: 'success' | 'error';
  message: string | null;
  reason: ReturnReason | null;
  /** The company the connection was for (`company=`), when the server named it. */
  companyId: string | null;
};

/**
 * After the OAuth round trip the server lands on `/app/calendar?company=<id>&google=connected` or
 * `…&google=error&reason=<code>` (`message=` is shown as is; no `company=` when the state named none): a toast,
 * then the `google`/`reason`/`message` params go. `company` stays: the page shows that company (useCompanySelection).
 * Used by CalendarPage, above the company-keyed card, so the toast survives the company being selected.
 */
export function useGoogleReturnToast() {
  const [params, setParams] = useSearchParams();
  const [toast, setToast] = useState<GoogleReturnToast | null>(null);
  const flag = params.get('google');
  useEffect(() => {
    if (flag !== 'connected' && flag !== 'error') return;
    const reason = params.get('reason') ?? '';
    setToast({
      tone: flag === 'connected' ? 'success' : 'error',
      message: params.get('message'),
      reason: (GOOGLE_RETURN_REASONS as readonly string[]).includes(reason) ? (reason as ReturnReason) : null,
      companyId: params.get('company'),
    });
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        p.delete('google');
        p.delete('message');
        p.delete('reason');
        return p;
      },
      { replace: true },
    );
  }, [flag, params, setParams]);
  useEffect(() => {
    if (!toast) return;
    const id = setTimeout(() => setToast(null), 8000);
    return () => clearTimeout(id);
  }, [toast]);
  return [toast, () => setToast(null)] as const;
}

/** The notice after the OAuth return, naming the company when it is known. */
export function GoogleReturnNotice({ toast, companyName, onDismiss }: { toast: GoogleReturnToast; companyName?: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  const success = toast.tone === 'success';
  const headline = companyName
    ? t(success ? 'calendar.google.toastConnectedFor' : 'calendar.google.toastErrorFor', { company: companyName })
    : t(success ? 'calendar.google.toastConnected' : 'calendar.google.toastError');
  return (
    <div className="fixed inset-x-3 top-3 z-40 sm:right-6 sm:left-auto sm:w-96" role="status" data-testid="google-toast" data-tone={toast.tone} data-company={toast.companyId ?? ''}>
      <Alert
        tone={toast.tone}
        className="shadow-lg"
        action={
          <Button size="sm" variant="ghost" onClick={onDismiss} icon={<X className="size-4" aria-hidden="true" />}>
            {t('calendar.google.dismiss')}
          </Button>
        }
      >
        {headline}
        {success ? <span className="block">{t('calendar.google.toastBackfill')}</span> : null}
        {toast.reason ? <span className="block">{t(`calendar.google.reasons.${toast.reason}`)}</span> : null}
        {toast.message ? <span className="block">{toast.message}</span> : null}
      </Alert>
    </div>
  );
}

export function googleStateLabel(s: GoogleStatus, t: TFunction): string {
  if (s.status === 'connected') return s.account_email ? t('calendar.google.connectedAs', { email: s.account_email }) : t('calendar.google.connected');
  if (s.status === 'error') return t('calendar.google.error');
  return t('calendar.google.notConnected');
}

export function GoogleCalendarCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const [savedCalendar, setSavedCalendar] = useState(false);
  const status = useQuery({ queryKey: googleKey(companyId), queryFn: ({ signal }) => fetchGoogle(companyId, signal), enabled: !!companyId });
  const connected = status.data?.status === 'connected';
  const calendars = useQuery({ queryKey: googleCalendarsKey(companyId), queryFn: ({ signal }) => fetchGoogleCalendars(companyId, signal), enabled: !!companyId && connected });

  const connect = useMutation({
    mutationFn: () => connectGoogle(companyId),
    onSuccess: (url) => {
      if (url) browserNavigation.assign(url);
    },
  });
  const choose = useMutation({
    mutationFn: (calendarId: string) => chooseGoogleCalendar(companyId, calendarId),
    onSuccess: (_body, calendarId) => {
      setSavedCalendar(true);
      qc.setQueryData<GoogleStatus>(googleKey(companyId), (prev) => (prev ? { ...prev, calendar_id: calendarId } : prev));
      void qc.invalidateQueries({ queryKey: googleKey(companyId) });
    },
  });
  const disconnect = useMutation({
    mutationFn: () => disconnectGoogle(companyId),
    onSuccess: () => {
      setConfirm(false);
      qc.setQueryData<GoogleStatus>(googleKey(companyId), { status: 'not_connected', configured: true, account_email: '', calendar_id: '', calendar_name: '', error: '' });
      qc.removeQueries({ queryKey: googleCalendarsKey(companyId) });
      void qc.invalidateQueries({ queryKey: googleKey(companyId), exact: true });
    },
  });

  const s = status.data;
  return (
    <Card className="p-4 sm:p-5">
      <div className="min-w-0 [overflow-wrap:anywhere]" data-testid="google-calendar-card" data-state={status.isError ? 'failed' : (s?.status ?? 'loading')}>
        <h2 className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <CalendarCheck2 className="size-5 text-brand-600" aria-hidden="true" />
          {t('calendar.google.title')}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t('calendar.google.description')}</p>
        {status.isPending ? (
          <Loading />
        ) : status.isError ? (
          <Alert tone="error" className="mt-3" title={t('calendar.google.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void status.refetch()}>{t('common.retry')}</Button>}>
            {errorMessage(status.error, t)}
          </Alert>
        ) : (
          <div className="mt-4 space-y-4">
            <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="google-status" data-status={s!.status}>
              <Badge tone={s!.status === 'connected' ? 'green' : s!.status === 'error' ? 'red' : 'gray'}>{googleStateLabel(s!, t)}</Badge>
            </p>
            {s!.status === 'error' ? (
              <Alert tone="error" testId="google-error">
                {s!.error || t('calendar.google.error')}
                <span className="block">{t('calendar.google.errorHint')}</span>
              </Alert>
            ) : null}
            {connected ? (
              calendars.isPending ? (
                <Loading />
              ) : calendars.isError ? (
                <Alert tone="error" title={t('calendar.google.calendarsFailed')}>
                  {errorMessage(calendars.error, t)}
                </Alert>
              ) : (
                <SelectField
                  id="google-calendar"
                  label={t('calendar.google.calendar')}
                  value={s!.calendar_id}
                  onChange={(e) => {
                    setSavedCalendar(false);
                    if (e.target.value) choose.mutate(e.target.value);
                  }}
                  disabled={choose.isPending}
                  error={choose.isError ? errorMessage(choose.error, t) : undefined}
                  hint={savedCalendar ? t('calendar.google.calendarSaved') : undefined}
                  data-testid="google-calendar-select"
                >
                  {s!.calendar_id && calendars.data.some((c) => c.id === s!.calendar_id) ? null : <option value={s!.calendar_id}>{s!.calendar_name || t('calendar.google.chooseCalendar')}</option>}
                  {calendars.data.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.primary ? t('calendar.google.primary', { name: c.summary }) : c.summary}
                    </option>
                  ))}
                </SelectField>
              )
            ) : null}
            {!s!.configured && s!.status !== 'connected' ? (
              <Alert tone="info" testId="google-not-configured">
                {t('calendar.google.notConfigured')}
              </Alert>
            ) : null}
            {connect.isError ? <Alert tone="error">{errorMessage(connect.error, t)}</Alert> : null}
            <div className="flex flex-wrap gap-2">
              {s!.status !== 'connected' ? (
                <Button onClick={() => connect.mutate()} busy={connect.isPending} disabled={!s!.configured} icon={<Link2 className="size-4" aria-hidden="true" />} data-testid="google-connect">
                  {s!.status === 'error' ? t('calendar.google.reconnect') : t('calendar.google.connect')}
                </Button>
              ) : null}
              {s!.status !== 'not_connected' ? (
                <Button
                  variant="ghost"
                  className="text-red-700! hover:bg-red-50 hover:text-red-800!"
                  onClick={() => {
                    disconnect.reset();
                    setConfirm(true);
                  }}
                  icon={<Unlink className="size-4" aria-hidden="true" />}
                  data-testid="google-disconnect"
                >
                  {t('calendar.google.disconnect')}
                </Button>
              ) : null}
            </div>
          </div>
        )}
        {confirm ? (
          <ConfirmDeleteDialog
            title={t('calendar.google.disconnectTitle')}
            body={t('calendar.google.disconnectBody')}
            confirmLabel={t('calendar.google.disconnect')}
            onConfirm={() => disconnect.mutate()}
            onCancel={() => setConfirm(false)}
            busy={disconnect.isPending}
            error={disconnect.isError ? disconnect.error : null}
          />
        ) : null}
      </div>
    </Card>
  );
}
