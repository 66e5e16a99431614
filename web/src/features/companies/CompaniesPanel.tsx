import { useEffect, useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Banknote, Building2, Clock, LibraryBig, Lock, Pencil, Plus, Search, Trash2 } from 'lucide-react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { ROLE_BASE } from '../../nav/navigation';
import { companiesKey, deleteCompany, fetchCompanies } from '../../api/accounts';
import { COMPANY_STATUSES, type Company, type CompanyStatus, type CompanyType } from '../../api/types';
import { errorMessage } from '../../auth/errors';
import { formatNumber } from '../../lib/format';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { CompanyDialog } from './CompanyDialog';

export const STATUS_TONE: Record<CompanyStatus, BadgeTone> = { ACTIVE: 'green', INACTIVE: 'gray', SUSPENDED: 'red' };
export const TYPE_TONE: Record<CompanyType, BadgeTone> = { PRODUCT: 'blue', SERVICE: 'violet', HYBRID: 'teal' };

function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="truncate text-xs text-slate-500" title={label}>
        {label}
      </dt>
      <dd className="mt-0.5 text-base font-semibold text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
}

function CompanyCard({
  company,
  isAdmin,
  onEdit,
  onDelete,
}: {
  company: Company;
  isAdmin: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t, i18n } = useTranslation();
  const readOnly = company.status === 'SUSPENDED' && !isAdmin;
  const stats = company.stats ?? { messages_in: 0, messages_out: 0, conversations: 0 };
  const { user } = useSession();
  const kbPath = `${ROLE_BASE[user?.role ?? 'CLIENT']}/knowledge-bases?company=${encodeURIComponent(company.id)}`;
  return (
    <li
      className="flex min-w-0 flex-col rounded-2xl border border-slate-200 bg-white p-5 shadow-xs"
      data-testid="company-card"
      aria-labelledby={`company-${company.id}`}
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-mono text-xs font-semibold tracking-wide text-brand-700" data-testid="company-code">
            {company.code}
          </p>
          <h3 id={`company-${company.id}`} className="mt-0.5 truncate text-base font-semibold text-slate-900">
            {company.name}
          </h3>
        </div>
        <Badge tone={STATUS_TONE[company.status]}>{t(`companies.statuses.${company.status}`)}</Badge>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1.5 text-sm text-slate-600">
        <Badge tone={TYPE_TONE[company.type]}>{t(`companies.types.${company.type}`)}</Badge>
        <span className="inline-flex min-w-0 items-center gap-1">
          <Clock className="size-3.5 shrink-0 text-slate-400" aria-hidden="true" />
          <span className="truncate">{company.timezone.replace(/_/g, ' ')}</span>
        </span>
        <span className="inline-flex items-center gap-1">
          <Banknote className="size-3.5 text-slate-400" aria-hidden="true" />
          {company.currency}
        </span>
      </div>
      <dl className="mt-4 grid grid-cols-3 gap-3 rounded-xl bg-slate-50 p-3">
        <Stat label={t('companies.stats.in')} value={formatNumber(stats.messages_in, i18n.language)} />
        <Stat label={t('companies.stats.out')} value={formatNumber(stats.messages_out, i18n.language)} />
        <Stat label={t('companies.stats.conversations')} value={formatNumber(stats.conversations, i18n.language)} />
      </dl>
      <div className="mt-4 flex flex-1 flex-wrap items-end justify-end gap-2">
        <Link
          to={kbPath}
          className="mr-auto inline-flex items-center gap-1.5 rounded-lg px-1 py-1.5 text-sm font-semibold text-brand-700 hover:underline"
          aria-label={t('knowledge.openKnowledgeBasesNamed', { name: company.name })}
          data-testid="company-kb-link"
        >
          <LibraryBig className="size-4" aria-hidden="true" />
          {t('knowledge.openKnowledgeBases')}
        </Link>
        {readOnly ? (
          <p className="flex items-center gap-1.5 text-sm text-slate-500">
            <Lock className="size-4" aria-hidden="true" />
            {t('companies.suspendedReadOnly')}
          </p>
        ) : (
          <>
            <Button
              variant="ghost"
              size="sm"
              onClick={onDelete}
              icon={<Trash2 className="size-4" aria-hidden="true" />}
              aria-label={t('companies.deleteNamed', { name: company.name })}
              className="text-red-700 hover:bg-red-50 hover:text-red-800"
            >
              {t('common.delete')}
            </Button>
            <Button
              variant="secondary"
              size="sm"
              onClick={onEdit}
              icon={<Pencil className="size-4" aria-hidden="true" />}
              aria-label={t('companies.editNamed', { name: company.name })}
            >
              {t('common.edit')}
            </Button>
          </>
        )}
      </div>
    </li>
  );
}

function DeleteDialog({ company, accountId, onClose }: { company: Company; accountId?: string | undefined; onClose: (deleted: boolean) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => deleteCompany(company.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: companiesKey(accountId) });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      onClose(true);
    },
  });
  return (
    <ConfirmDeleteDialog
      title={t('companies.deleteTitle', { code: company.code })}
      body={t('companies.deleteBody', { name: company.name })}
      confirmLabel={t('companies.deleteConfirm')}
      onConfirm={() => mutation.mutate()}
      onCancel={() => onClose(false)}
      busy={mutation.isPending}
      error={mutation.isError ? mutation.error : null}
    />
  );
}

/**
 * A client's companies: search, status filter, create/edit/delete. `accountId` when a
 * manager or admin works for a client (sent as `account_id`).
 */
export function CompaniesPanel({ accountId, isAdmin = false }: { accountId?: string | undefined; isAdmin?: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<CompanyStatus | ''>('');
  const search = useDebounced(q);
  const [editing, setEditing] = useState<Company | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Company | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = useInfiniteQuery({
    queryKey: [...companiesKey(accountId), { q: search, status }],
    queryFn: ({ signal, pageParam }) => fetchCompanies({ q: search, status, accountId, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const companies = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!search.trim() || !!status;

  return (
    <div data-testid="companies-panel">
      <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="relative flex-1">
          <label htmlFor="company-search" className="sr-only">
            {t('companies.search')}
          </label>
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
          <input
            id="company-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('companies.searchPlaceholder')}
            className="block w-full rounded-lg border border-slate-300 bg-white py-2.5 pr-3 pl-9 text-[0.9375rem] shadow-xs hover:border-slate-400 focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100"
          />
        </div>
        <div className="flex gap-3">
          <label htmlFor="company-status-filter" className="sr-only">
            {t('companies.statusFilter')}
          </label>
          <select
            id="company-status-filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as CompanyStatus | '')}
            className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white py-2.5 pr-8 pl-3 text-[0.9375rem] shadow-xs hover:border-slate-400 focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100 sm:flex-none"
          >
            <option value="">{t('companies.allStatuses')}</option>
            {COMPANY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`companies.statuses.${s}`)}
              </option>
            ))}
          </select>
          <Button onClick={() => setEditing('new')} icon={<Plus className="size-4" aria-hidden="true" />}>
            {t('companies.new')}
          </Button>
        </div>
      </div>

      {notice ? (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}

      {list.isPending ? (
        <div className="flex items-center justify-center gap-2 py-16 text-sm text-slate-500" role="status">
          <Spinner /> {t('common.loading')}
        </div>
      ) : list.isError ? (
        <Alert
          tone="error"
          title={t('companies.loadFailed')}
          action={
            <Button size="sm" variant="secondary" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </Button>
          }
        >
          {errorMessage(list.error, t, { missingEndpoint: true })}
        </Alert>
      ) : companies.length === 0 ? (
        filtered ? (
          <EmptyState icon={Search} title={t('companies.noMatchTitle')} body={t('companies.noMatchBody')}>
            <Button variant="secondary" onClick={() => (setQ(''), setStatus(''))}>
              {t('companies.clearFilters')}
            </Button>
          </EmptyState>
        ) : (
          <EmptyState icon={Building2} title={t('companies.emptyTitle')} body={t('companies.emptyBody')}>
            <Button onClick={() => setEditing('new')} icon={<Plus className="size-4" aria-hidden="true" />}>
              {t('companies.new')}
            </Button>
          </EmptyState>
        )
      ) : (
        <>
          <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label={t('nav.companies')}>
            {companies.map((c) => (
              <CompanyCard
                key={c.id}
                company={c}
                isAdmin={isAdmin}
                onEdit={() => setEditing(c)}
                onDelete={() => setDeleting(c)}
              />
            ))}
          </ul>
          {list.hasNextPage ? (
            <div className="mt-6 flex justify-center">
              <Button variant="secondary" onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>
                {t('companies.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}

      {editing ? (
        <CompanyDialog
          company={editing === 'new' ? undefined : editing}
          accountId={accountId}
          isAdmin={isAdmin}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice(created ? t('companies.created', { code: saved.code ?? '' }) : t('companies.saved'));
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteDialog
          company={deleting}
          accountId={accountId}
          onClose={(deleted) => {
            if (deleted) setNotice(t('companies.deleted', { code: deleting.code }));
            setDeleting(null);
          }}
        />
      ) : null}
    </div>
  );
}
