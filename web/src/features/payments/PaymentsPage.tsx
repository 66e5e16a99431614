import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { Building2, CreditCard, MessagesSquare, Search, Undo2, XCircle } from 'lucide-react';
import { fetchOrders, orderAction, ordersKey, PAYMENT_STATUSES, type Order } from '../../api/conversations';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { EmptyState } from '../../components/EmptyState';
import { SelectField } from '../../components/Form';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatRelative } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { inputClass, Loading } from '../knowledge/shared';
import { CompanyPicker, PaymentChip, useCompanySelection, useDebounced, useNow, useRoleBase } from '../conversations/shared';
import { formatQuantity } from '../conversations/model';

export type OrderActionKind = 'cancel' | 'refund';

/** What can be done to an order: cancel a live link, refund a payment. */
export function actionsFor(order: Pick<Order, 'payment_status'>): OrderActionKind[] {
  if (order.payment_status === 'payment_link_sent') return ['cancel'];
  if (order.payment_status === 'paid') return ['refund'];
  return [];
}

/** "Paid 5 minutes ago", "Expires in 2 hours", … — the time that matters for the status. */
export function timingOf(order: Order, t: TFunction, lng: string, now = Date.now()): string {
  const rel = (v: number | null | undefined) => formatRelative(v, lng, now);
  switch (order.payment_status) {
    case 'paid':
      return order.paid_at ? t('payments.paidAt', { time: rel(order.paid_at) }) : '';
    case 'payment_link_sent':
      return order.expires_at ? t('payments.expiresAt', { time: rel(order.expires_at) }) : '';
    case 'expired':
      return order.expires_at ? t('payments.expiredAt', { time: rel(order.expires_at) }) : '';
    case 'cancelled':
      return order.cancelled_at ? t('payments.cancelledAt', { time: rel(order.cancelled_at) }) : '';
    case 'refunded':
      return order.refunded_at ? t('payments.refundedAt', { time: rel(order.refunded_at) }) : '';
    default:
      return '';
  }
}

function OrderActions({ order, onAction }: { order: Order; onAction: (o: Order, a: OrderActionKind) => void }) {
  const { t } = useTranslation();
  return (
    <>
      {actionsFor(order).map((a) => (
        <Button
          key={a}
          size="sm"
          variant="ghost"
          className="text-red-700 hover:bg-red-50 hover:text-red-800"
          onClick={() => onAction(order, a)}
          icon={a === 'cancel' ? <XCircle className="size-4" aria-hidden="true" /> : <Undo2 className="size-4" aria-hidden="true" />}
          data-testid={a === 'cancel' ? 'order-cancel' : 'order-refund'}
        >
          {t(a === 'cancel' ? 'payments.cancelLink' : 'payments.refund')}
        </Button>
      ))}
    </>
  );
}

/** `{base}/payments?company=` — the payments log (orders). */
export function PaymentsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const qc = useQueryClient();
  const base = useRoleBase();
  const now = useNow();
  const { companies, list, companyId, company, select } = useCompanySelection();
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 350);
  const [pending, setPending] = useState<{ order: Order; action: OrderActionKind } | null>(null);

  const orders = useInfiniteQuery({
    queryKey: ordersKey(companyId, status, q),
    queryFn: ({ pageParam, signal }) => fetchOrders(companyId, status, q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: !!companyId,
  });

  const act = useMutation({
    mutationFn: ({ order, action }: { order: Order; action: OrderActionKind }) => orderAction(order.id, action),
    onSuccess: () => {
      setPending(null);
      void qc.invalidateQueries({ queryKey: ordersKey(companyId) });
      void qc.invalidateQueries({ queryKey: ['conversations', companyId] });
    },
  });

  const header = <PageHeader title={t('nav.payments')} description={t('sections.payments.description')} />;
  if (companies.isPending)
    return (
      <div data-testid="section-payments">
        {header}
        <Loading />
      </div>
    );
  if (companies.isError || list.length === 0)
    return (
      <div data-testid="section-payments">
        {header}
        {companies.isError ? <Alert tone="error">{errorMessage(companies.error, t)}</Alert> : <EmptyState icon={Building2} title={t('convo.noCompaniesTitle')} body={t('convo.noCompaniesBody')} />}
      </div>
    );

  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!status || !!q.trim();
  const name = (o: Order) => o.customer_name?.trim() || t('payments.unknownCustomer');
  const conversationHref = (o: Order) => `${base}/inbox/${encodeURIComponent(o.conversation_id ?? '')}?company=${encodeURIComponent(companyId)}`;
  const linesText = (o: Order) =>
    (o.lines ?? []).map((l) => `${formatQuantity(l.quantity_milli ?? (l.quantity ?? 1) * 1000, lng)} × ${l.name}${l.variant_label ? ` (${l.variant_label})` : ''}`).join(', ');
  const amount = (o: Order) => formatMoney(o.total_minor, o.currency, lng);
  const onAction = (order: Order, action: OrderActionKind) => {
    act.reset();
    setPending({ order, action });
  };

  return (
    <div data-testid="section-payments">
      {header}
      <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
        <CompanyPicker list={list} companyId={companyId} company={company} onSelect={select} />
        <div className="w-full sm:w-48">
          <SelectField id="payments-status" label={t('payments.statusFilter')} value={status} onChange={(e) => setStatus(e.target.value)} data-testid="payments-status">
            <option value="">{t('payments.allStatuses')}</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`convo.paymentStatuses.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="w-full sm:w-64">
          <label htmlFor="payments-search" className="block text-sm font-medium text-slate-800">
            {t('payments.searchLabel')}
          </label>
          <div className="relative mt-1.5">
            <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
            <input id="payments-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('payments.searchPlaceholder')} className={`${inputClass} pl-9`} data-testid="payments-search" />
          </div>
        </div>
      </div>

      {orders.isPending ? (
        <Loading />
      ) : orders.isError ? (
        <Alert tone="error" title={t('payments.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void orders.refetch()}>{t('common.retry')}</Button>}>
          {errorMessage(orders.error, t)}
        </Alert>
      ) : rows.length === 0 ? (
        filtered ? (
          <p className="rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600" data-testid="payments-no-match">
            {t('payments.noMatch')}
          </p>
        ) : (
          <div data-testid="payments-empty">
            <EmptyState icon={CreditCard} title={t('payments.emptyTitle')} body={t('payments.emptyBody')} />
          </div>
        )
      ) : (
        <>
          {/* Desktop: a table */}
          <div className="hidden overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xs md:block">
            <table className="w-full text-left text-sm" data-testid="payments-table">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-3">{t('payments.customer')}</th>
                  <th scope="col" className="px-4 py-3 text-right">{t('payments.amount')}</th>
                  <th scope="col" className="px-4 py-3">{t('payments.status')}</th>
                  <th scope="col" className="px-4 py-3">{t('payments.created')}</th>
                  <th scope="col" className="px-4 py-3">{t('payments.timing')}</th>
                  <th scope="col" className="px-4 py-3 text-right">
                    <span className="sr-only">{t('payments.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((o) => (
                  <tr key={o.id} data-testid="order-row" data-order-id={o.id} data-status={o.payment_status}>
                    <td className="max-w-xs px-4 py-3">
                      <p className="font-medium text-slate-900" data-testid="order-customer">{name(o)}</p>
                      <p className="truncate text-xs text-slate-500" title={linesText(o)}>{linesText(o)}</p>
                    </td>
                    <td className="px-4 py-3 text-right font-semibold text-slate-900 tabular-nums" data-testid="order-amount">{amount(o)}</td>
                    <td className="px-4 py-3"><PaymentChip status={o.payment_status} testId="order-status" /></td>
                    <td className="px-4 py-3 text-slate-600" title={formatDateTime(o.created_at, lng)}>{formatDateTime(o.created_at, lng)}</td>
                    <td className="px-4 py-3 text-slate-600">{timingOf(o, t, lng, now)}</td>
                    <td className="px-4 py-3">
                      <div className="flex items-center justify-end gap-1">
                        <OrderActions order={o} onAction={onAction} />
                        {o.conversation_id ? (
                          <Link to={conversationHref(o)} className="inline-flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium whitespace-nowrap text-brand-700 hover:bg-brand-50" data-testid="order-conversation" aria-label={t('payments.openConversation')}>
                            <MessagesSquare className="size-4" aria-hidden="true" />
                            <span className="sr-only xl:not-sr-only xl:whitespace-nowrap">{t('payments.openConversation')}</span>
                          </Link>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {/* Phones: cards */}
          <ul className="space-y-3 md:hidden" data-testid="payments-cards">
            {rows.map((o) => (
              <li key={o.id} className="rounded-2xl border border-slate-200 bg-white p-4 shadow-xs" data-testid="order-card" data-order-id={o.id} data-status={o.payment_status}>
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="truncate font-semibold text-slate-900">{name(o)}</p>
                    <p className="text-xs text-slate-500">{formatDateTime(o.created_at, lng)}</p>
                  </div>
                  <p className="shrink-0 font-semibold text-slate-900 tabular-nums">{amount(o)}</p>
                </div>
                {linesText(o) ? <p className="mt-2 text-sm text-slate-600">{linesText(o)}</p> : null}
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  <PaymentChip status={o.payment_status} testId="order-status" />
                  <span className="text-xs text-slate-500">{timingOf(o, t, lng, now)}</span>
                </div>
                <div className="mt-3 flex flex-wrap items-center justify-end gap-1">
                  <OrderActions order={o} onAction={onAction} />
                  {o.conversation_id ? (
                    <Link to={conversationHref(o)} className="inline-flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50">
                      <MessagesSquare className="size-4" aria-hidden="true" />
                      {t('payments.openConversation')}
                    </Link>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
          {orders.hasNextPage ? (
            <div className="mt-4 text-center">
              <Button variant="secondary" onClick={() => void orders.fetchNextPage()} busy={orders.isFetchingNextPage} data-testid="payments-load-more">
                {t('payments.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}

      {pending ? (
        <ConfirmDeleteDialog
          title={pending.action === 'cancel' ? t('payments.cancelTitle') : t('payments.refundTitle', { amount: amount(pending.order) })}
          body={pending.action === 'cancel' ? t('payments.cancelBody', { amount: amount(pending.order) }) : t('payments.refundBody', { name: name(pending.order) })}
          confirmLabel={pending.action === 'cancel' ? t('payments.cancelLink') : t('payments.refund')}
          onConfirm={() => act.mutate(pending)}
          onCancel={() => setPending(null)}
          busy={act.isPending}
          error={act.isError ? act.error : null}
        />
      ) : null}
    </div>
  );
}
