import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Building2, Inbox, Mail, Search, UserCog, UserPlus, Users } from 'lucide-react';
import {
  assignManager,
  fetchAdminClients,
  fetchAdminStats,
  fetchManagers,
  inviteManager,
  managerIdOf,
  useOutbox,
} from '../api/accounts';
import { isApiError } from '../api/client';
import { COMPANY_STATUSES, ROLES, type ClientItem, type OutboxMessage } from '../api/types';
import { errorMessage, serverFieldErrors } from '../auth/errors';
import { validateEmail, validateName } from '../auth/validation';
import { formatDateTime, formatNumber, formatRelative, splitLinks } from '../lib/format';
import { Alert } from '../components/Alert';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { TextField } from '../components/Form';
import { PageHeader } from '../components/PageHeader';
import { ClientIdentity, PlanBadge } from '../features/clients/ClientBits';
import { CompaniesPanel } from '../features/companies/CompaniesPanel';
import { BackLink, Loading, LoadError } from './ManagerPages';

function StatCard({ label, value, testId }: { label: string; value: number | undefined; testId: string }) {
  const { i18n } = useTranslation();
  return (
    <div className="min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid={testId}>
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {formatNumber(value ?? 0, i18n.language)}
      </dd>
    </div>
  );
}

/** Horizontal bars; pure CSS so it works at every width. */
function BarChart({ title, rows }: { title: string; rows: { label: string; value: number; tone: string }[] }) {
  const { i18n } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className="rounded-2xl border border-slate-200 bg-white p-5 shadow-xs">
      <figcaption className="text-sm font-semibold text-slate-900">{title}</figcaption>
      <ul className="mt-4 space-y-3">
        {rows.map((r) => (
          <li key={r.label} className="grid grid-cols-[8.5rem_1fr_auto] items-center gap-3 text-sm sm:grid-cols-[10rem_1fr_auto]">
            <span className="truncate text-slate-600">{r.label}</span>
            <span className="h-2.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
              <span className={`block h-full rounded-full ${r.tone}`} style={{ width: `${(r.value / max) * 100}%` }} />
            </span>
            <span className="w-10 text-right font-medium text-slate-900 tabular-nums">{formatNumber(r.value, i18n.language)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** ADMIN: `/admin/overview` */
export function AdminOverviewPage() {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: ['admin', 'stats'], queryFn: ({ signal }) => fetchAdminStats(signal) });
  const s = stats.data;
  const signups = s?.signups_last_7d;
  const signupTotal = Array.isArray(signups) ? signups.reduce((sum, d) => sum + (d.count ?? 0), 0) : signups;
  const statusTone = { ACTIVE: 'bg-emerald-500', INACTIVE: 'bg-slate-400', SUSPENDED: 'bg-red-500' } as const;
  const roleTone = { CLIENT: 'bg-brand-500', MANAGER: 'bg-sky-500', ADMIN: 'bg-violet-500' } as const;
  return (
    <div data-testid="section-overview">
      <PageHeader title={t('nav.overview')} description={t('sections.overview.description')} />
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
            <StatCard testId="stat-accounts" label={t('admin.stats.accounts')} value={s?.accounts} />
            <StatCard
              testId="stat-companies"
              label={t('admin.stats.companies')}
              value={Object.values(s?.companies_by_status ?? {}).reduce((a, b) => a + (b ?? 0), 0)}
            />
            <StatCard testId="stat-managers" label={t('admin.stats.managers')} value={s?.users_by_role?.MANAGER} />
            <StatCard testId="stat-signups" label={t('admin.stats.signups')} value={signupTotal} />
          </dl>
          <div className="mt-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
            <BarChart
              title={t('admin.stats.usersByRole')}
              rows={ROLES.map((r) => ({ label: t(`roles.${r}`), value: s?.users_by_role?.[r] ?? 0, tone: roleTone[r] }))}
            />
            <BarChart
              title={t('admin.stats.companiesByStatus')}
              rows={COMPANY_STATUSES.map((st) => ({
                label: t(`companies.statuses.${st}`),
                value: s?.companies_by_status?.[st] ?? 0,
                tone: statusTone[st],
              }))}
            />
            {Array.isArray(signups) && signups.length ? (
              <BarChart
                title={t('admin.stats.signupsByDay')}
                rows={signups.map((d) => ({ label: d.date, value: d.count, tone: 'bg-brand-500' }))}
              />
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}

function InviteManagerForm({ onInvited }: { onInvited: (email: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<{ name?: string | undefined; email?: string | undefined }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: () => inviteManager({ name: name.trim(), email: email.trim() }),
    onSuccess: () => {
      onInvited(email.trim());
      setName('');
      setEmail('');
      void queryClient.invalidateQueries({ queryKey: ['admin', 'managers'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'stats'] });
    },
    onError: (error) => {
      const fields = serverFieldErrors(error);
      if (fields.email || fields.name) setErrors({ email: fields.email, name: fields.name });
      else setFormError(errorMessage(error, t));
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const n = validateName(name);
    const m = validateEmail(email);
    setErrors({ name: n ? t('admin.managers.nameRequired') : undefined, email: m ? t(m) : undefined });
    setFormError(null);
    if (!n && !m) invite.mutate();
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t('admin.managers.inviteTitle')}
      className="rounded-2xl border border-slate-200 bg-white p-5 shadow-xs"
    >
      <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
        <UserPlus className="size-[1.125rem] text-brand-600" aria-hidden="true" />
        {t('admin.managers.inviteTitle')}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t('admin.managers.inviteHint')}</p>
      {formError ? (
        <Alert tone="error" className="mt-4">
          {formError}
        </Alert>
      ) : null}
      <div className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
        <TextField id="manager-name" label={t('settings.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} autoComplete="off" />
        <TextField
          id="manager-email"
          type="email"
          label={t('auth.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          autoComplete="off"
        />
        <Button type="submit" busy={invite.isPending} className="sm:mt-7">
          {t('admin.managers.invite')}
        </Button>
      </div>
    </form>
  );
}

/** ADMIN: `/admin/managers` */
export function AdminManagersPage() {
  const { t, i18n } = useTranslation();
  const [invited, setInvited] = useState<string | null>(null);
  const managers = useQuery({ queryKey: ['admin', 'managers'], queryFn: ({ signal }) => fetchManagers(signal) });
  return (
    <div data-testid="section-managers">
      <PageHeader title={t('nav.managers')} description={t('sections.managers.description')} />
      <InviteManagerForm onInvited={setInvited} />
      {invited ? (
        <Alert tone="success" className="mt-4">
          {t('admin.managers.invited', { email: invited })}
        </Alert>
      ) : null}
      <div className="mt-6">
        {managers.isPending ? (
          <Loading />
        ) : managers.isError ? (
          <LoadError error={managers.error} onRetry={() => void managers.refetch()} />
        ) : managers.data.length === 0 ? (
          <EmptyState icon={UserCog} title={t('sections.managers.emptyTitle')} body={t('sections.managers.emptyBody')} />
        ) : (
          <ul
            className="divide-y divide-slate-100 rounded-2xl border border-slate-200 bg-white shadow-xs"
            aria-label={t('nav.managers')}
          >
            {managers.data.map((m) => (
              <li key={m.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:gap-4" data-testid="manager-row">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-semibold text-slate-900">{m.name || m.email}</p>
                  <p className="truncate text-sm text-slate-500">{m.email}</p>
                </div>
                <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
                  {m.email_verified === false ? <Badge tone="amber">{t('admin.managers.pending')}</Badge> : null}
                  {m.clients_count !== undefined ? (
                    <Badge>{t('admin.managers.clients', { n: formatNumber(m.clients_count, i18n.language) })}</Badge>
                  ) : null}
                  {m.created_at ? <span className="text-xs text-slate-400">{formatDateTime(m.created_at, i18n.language)}</span> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function AssignSelect({ client, managers }: { client: ClientItem; managers: { id: string; label: string }[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = managerIdOf(client) ?? '';
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setValue(current), [current]);
  const mutation = useMutation({
    mutationFn: (id: string | null) => assignManager(client.account.id, id),
    onMutate: (id) => {
      setValue(id ?? '');
      setError(null);
      setSaved(false);
    },
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'clients'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'managers'] });
    },
    onError: (e) => {
      setValue(current);
      setError(errorMessage(e, t));
    },
  });
  const id = `assign-${client.account.id}`;
  return (
    <div className="w-full sm:w-64">
      <label htmlFor={id} className="sr-only">
        {t('admin.clients.managerFor', { name: client.owner.name || client.owner.email })}
      </label>
      <select
        id={id}
        value={value}
        disabled={mutation.isPending}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => mutation.mutate(e.target.value || null)}
        className="block w-full rounded-lg border border-slate-300 bg-white py-2 pr-8 pl-3 text-sm shadow-xs hover:border-slate-400 focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100 disabled:opacity-60"
      >
        <option value="">{t('admin.clients.noManager')}</option>
        {managers.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <p className="mt-1 min-h-5 text-xs" aria-live="polite">
        {error ? (
          <span id={`${id}-error`} className="text-red-700">
            {error}
          </span>
        ) : mutation.isPending ? (
          <span className="text-slate-500">{t('admin.clients.saving')}</span>
        ) : saved ? (
          <span className="text-emerald-700">{t('admin.clients.assigned')}</span>
        ) : null}
      </p>
    </div>
  );
}

/** ADMIN: `/admin/clients` — search and assign a manager (at most one per client). */
export function AdminClientsPage() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setSearch(q), 300);
    return () => clearTimeout(id);
  }, [q]);
  const clients = useQuery({ queryKey: ['admin', 'clients', search], queryFn: ({ signal }) => fetchAdminClients(search, signal) });
  const managers = useQuery({ queryKey: ['admin', 'managers'], queryFn: ({ signal }) => fetchManagers(signal) });
  const options = (managers.data ?? []).map((m) => ({ id: m.id, label: m.name || m.email }));
  return (
    <div data-testid="section-clients">
      <PageHeader title={t('nav.clients')} description={t('sections.clients.description')} />
      <div className="relative mb-5">
        <label htmlFor="client-search" className="sr-only">
          {t('admin.clients.search')}
        </label>
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
        <input
          id="client-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('admin.clients.searchPlaceholder')}
          className="block w-full rounded-lg border border-slate-300 bg-white py-2.5 pr-3 pl-9 text-[0.9375rem] shadow-xs hover:border-slate-400 focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100"
        />
      </div>
      {managers.isError ? (
        <Alert tone="warning" className="mb-4">
          {t('admin.clients.managersFailed')}
        </Alert>
      ) : null}
      {clients.isPending ? (
        <Loading />
      ) : clients.isError ? (
        <LoadError error={clients.error} onRetry={() => void clients.refetch()} />
      ) : clients.data.length === 0 ? (
        <EmptyState
          icon={search ? Search : Users}
          title={search ? t('companies.noMatchTitle') : t('sections.clients.emptyTitle')}
          body={search ? t('admin.clients.noMatchBody') : t('sections.clients.emptyBody')}
        />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-2xl border border-slate-200 bg-white shadow-xs" aria-label={t('nav.clients')}>
          {clients.data.map((c) => (
            <li key={c.account.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:gap-4" data-testid="client-row">
              <div className="min-w-0 flex-1">
                <ClientIdentity client={c} to={`/admin/clients/${encodeURIComponent(c.account.id)}`} />
              </div>
              <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600 sm:w-44">
                <PlanBadge client={c} />
                {c.companies_count !== undefined ? (
                  <span className="inline-flex items-center gap-1" title={t('nav.companies')}>
                    <Building2 className="size-4 text-slate-400" aria-hidden="true" />
                    {formatNumber(c.companies_count, i18n.language)}
                  </span>
                ) : null}
              </div>
              <AssignSelect client={c} managers={options} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** ADMIN: `/admin/clients/:accountId` — a client's companies (admins may suspend). */
export function AdminClientPage() {
  const { t } = useTranslation();
  const { accountId = '' } = useParams();
  const clients = useQuery({ queryKey: ['admin', 'clients', ''], queryFn: ({ signal }) => fetchAdminClients('', signal) });
  const client = clients.data?.find((c) => c.account.id === accountId);
  return (
    <div data-testid="admin-client">
      <BackLink to="/admin/clients">{t('nav.clients')}</BackLink>
      <PageHeader
        title={client ? client.owner.name || client.owner.email : t('clients.client')}
        description={t('clients.companiesOf')}
        actions={client ? <PlanBadge client={client} /> : null}
      />
      <CompaniesPanel accountId={accountId} isAdmin />
    </div>
  );
}

function MessageText({ text }: { text: string }) {
  return (
    <p className="mt-2 line-clamp-4 text-sm break-words whitespace-pre-line text-slate-600">
      {splitLinks(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} className="font-medium break-all text-brand-700 underline hover:text-brand-800" rel="noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

function OutboxItem({ message }: { message: OutboxMessage }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="p-4 sm:p-5" data-testid="outbox-item">
      <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
        <p className="min-w-0 truncate text-sm font-semibold text-slate-900">{message.subject}</p>
        <time className="shrink-0 text-xs text-slate-500" dateTime={message.created_at ? new Date(message.created_at).toISOString() : undefined} title={formatDateTime(message.created_at, i18n.language)}>
          {formatRelative(message.created_at, i18n.language)}
        </time>
      </div>
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <Mail className="size-4 text-slate-400" aria-hidden="true" />
        <span className="sr-only">{t('admin.outbox.to')}</span>
        <span className="break-all">{message.to}</span>
        {message.tag ? <Badge tone="teal">{message.tag}</Badge> : null}
      </p>
      <MessageText text={message.text} />
    </li>
  );
}

/** ADMIN: `/admin/outbox` — mail kept in the database while no SMTP server is configured. */
export function AdminOutboxPage() {
  const { t } = useTranslation();
  const outbox = useOutbox(true);
  const missing = outbox.isError && isApiError(outbox.error) && outbox.error.status === 404;
  const items = [...(outbox.data ?? [])].sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0));
  return (
    <div data-testid="section-outbox">
      <PageHeader
        title={t('nav.outbox')}
        description={t('sections.outbox.description')}
        actions={
          <Button variant="secondary" size="sm" onClick={() => void outbox.refetch()} busy={outbox.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      {outbox.isPending ? (
        <Loading />
      ) : missing ? (
        <EmptyState icon={Inbox} title={t('admin.outbox.disabledTitle')} body={t('admin.outbox.disabledBody')} />
      ) : outbox.isError ? (
        <LoadError error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={Inbox} title={t('sections.outbox.emptyTitle')} body={t('sections.outbox.emptyBody')} />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-2xl border border-slate-200 bg-white shadow-xs" aria-label={t('nav.outbox')}>
          {items.map((m, i) => (
            <OutboxItem key={m.id ?? i} message={m} />
          ))}
        </ul>
      )}
    </div>
  );
}


/** ADMIN: `/admin/assignments` — clients grouped by manager (one manager per client at most). */
export function AdminAssignmentsPage() {
  const { t } = useTranslation();
  const clients = useQuery({ queryKey: ['admin', 'clients', ''], queryFn: ({ signal }) => fetchAdminClients('', signal) });
  const managers = useQuery({ queryKey: ['admin', 'managers'], queryFn: ({ signal }) => fetchManagers(signal) });
  const options = (managers.data ?? []).map((m) => ({ id: m.id, label: m.name ? `${m.name} (${m.email})` : m.email }));
  const groups = [
    { id: '', title: t('admin.assignments.unassigned'), email: '' },
    ...(managers.data ?? []).map((m) => ({ id: m.id, title: m.name || m.email, email: m.email })),
  ];
  return (
    <div data-testid="section-assignments">
      <PageHeader title={t('nav.assignments')} description={t('sections.assignments.description')} />
      {clients.isPending || managers.isPending ? (
        <Loading />
      ) : clients.isError || managers.isError ? (
        <LoadError
          error={clients.error ?? managers.error}
          onRetry={() => {
            void clients.refetch();
            void managers.refetch();
          }}
        />
      ) : clients.data.length === 0 ? (
        <EmptyState icon={Users} title={t('sections.assignments.emptyTitle')} body={t('sections.assignments.emptyBody')} />
      ) : (
        <div className="space-y-6">
          {groups.map((g) => {
            const list = clients.data.filter((c) => (managerIdOf(c) ?? '') === g.id);
            if (!g.id && list.length === 0) return null;
            return (
              <section key={g.id || 'none'} aria-labelledby={`group-${g.id || 'none'}`} data-testid="assignment-group">
                <h2 id={`group-${g.id || 'none'}`} className="mb-2 flex flex-wrap items-baseline gap-x-2 text-base font-semibold text-slate-900">
                  {g.title}
                  {g.email ? <span className="text-sm font-normal text-slate-500">{g.email}</span> : null}
                  <Badge>{list.length}</Badge>
                </h2>
                {list.length ? (
                  <ul className="divide-y divide-slate-100 rounded-2xl border border-slate-200 bg-white shadow-xs">
                    {list.map((c) => (
                      <li key={c.account.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
                        <div className="min-w-0 flex-1">
                          <ClientIdentity client={c} to={`/admin/clients/${encodeURIComponent(c.account.id)}`} />
                        </div>
                        <AssignSelect client={c} managers={options} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="rounded-2xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500">
                    {t('admin.assignments.none')}
                  </p>
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
