import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Building2, Gauge, Hourglass, Mail, Plug, UserRound } from 'lucide-react';
import { useSession } from '../auth/session';
import { companiesKey, fetchCompanies } from '../api/accounts';
import { usePlanLabel } from '../lib/usePlanLabel';
import { daysLeft, formatDate, formatDays, formatNumber } from '../lib/format';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { ButtonLink } from '../components/Button';

function Tile({
  icon: Icon,
  label,
  children,
  testId,
}: {
  icon: typeof Gauge;
  label: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-xs" data-testid={testId} aria-label={label}>
      <p className="flex items-center gap-2 text-sm font-medium text-slate-500">
        <Icon className="size-4 text-slate-400" aria-hidden="true" />
        {label}
      </p>
      <div className="mt-2">{children}</div>
    </section>
  );
}

function TrialBanner({ endsAt }: { endsAt: number }) {
  const { t, i18n } = useTranslation();
  const left = daysLeft(endsAt);
  const expired = left <= 0;
  return (
    <div
      className={`mb-6 flex flex-col gap-3 rounded-2xl border p-4 sm:flex-row sm:items-center sm:p-5 ${
        expired ? 'border-amber-300 bg-amber-50' : 'border-brand-200 bg-brand-50'
      }`}
      role="status"
      data-testid="trial-banner"
    >
      <span
        className={`inline-flex size-10 shrink-0 items-center justify-center rounded-xl ${
          expired ? 'bg-amber-100 text-amber-700' : 'bg-white text-brand-600 ring-1 ring-brand-100'
        }`}
      >
        <Hourglass className="size-5" aria-hidden="true" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-semibold text-slate-900">
          {expired ? t('dashboard.trialEnded') : t('dashboard.trialLeft', { days: formatDays(left, i18n.language) })}
        </p>
        <p className="mt-0.5 text-sm text-slate-600">
          {expired
            ? t('dashboard.trialEndedBody')
            : t('dashboard.trialBody', { date: formatDate(endsAt, i18n.language) })}
        </p>
      </div>
      <ButtonLink to="/app/billing" variant={expired ? 'primary' : 'secondary'} size="sm" className="self-start sm:self-center">
        {t('dashboard.choosePlan')}
      </ButtonLink>
    </div>
  );
}

/** CLIENT home: trial, plan, manager, companies; metrics arrive with later modules. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const planLabel = usePlanLabel();
  const companies = useQuery({
    queryKey: [...companiesKey(undefined), 'count'],
    queryFn: ({ signal }) => fetchCompanies({}, signal),
  });
  const account = user?.account;
  const count = companies.data ? formatNumber(companies.data.items.length, i18n.language) + (companies.data.next_cursor ? '+' : '') : '—';
  return (
    <div data-testid="section-dashboard">
      <PageHeader
        title={t('nav.dashboard')}
        description={user?.name ? t('dashboard.welcome', { name: user.name }) : t('sections.dashboard.description')}
      />
      {account?.trial_ends_at && (!account.plan || account.plan === 'TRIAL') ? (
        <TrialBanner endsAt={account.trial_ends_at} />
      ) : null}

      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
        <Tile icon={Plug} label={t('dashboard.plan')} testId="tile-plan">
          <p className="text-2xl font-semibold text-slate-900">
            {account?.plan ? planLabel(account.plan) : '—'}
          </p>
          <p className="mt-1 text-sm text-slate-500">
            {account ? t('dashboard.channelLimit', { limit: account.channel_limit }) : t('dashboard.noAccount')}
          </p>
        </Tile>
        <Tile icon={Building2} label={t('nav.companies')} testId="tile-companies">
          <p className="text-2xl font-semibold text-slate-900 tabular-nums">{count}</p>
          <Link to="/app/companies" className="mt-1 inline-block rounded text-sm font-medium text-brand-700 hover:underline">
            {t('dashboard.manageCompanies')}
          </Link>
        </Tile>
        <Tile icon={UserRound} label={t('dashboard.manager')} testId="tile-manager">
          {account?.manager ? (
            <>
              <p className="truncate text-base font-semibold text-slate-900">{account.manager.name || account.manager.email}</p>
              <a
                href={`mailto:${account.manager.email}`}
                className="mt-1 inline-flex max-w-full items-center gap-1.5 rounded text-sm font-medium text-brand-700 hover:underline"
              >
                <Mail className="size-4 shrink-0" aria-hidden="true" />
                <span className="truncate">{account.manager.email}</span>
              </a>
            </>
          ) : (
            <>
              <p className="text-base font-semibold text-slate-900">{t('dashboard.noManager')}</p>
              <p className="mt-1 text-sm text-slate-500">{t('dashboard.noManagerBody')}</p>
            </>
          )}
        </Tile>
      </div>

      <EmptyState icon={Gauge} title={t('sections.dashboard.emptyTitle')} body={t('sections.dashboard.emptyBody')} />
    </div>
  );
}
