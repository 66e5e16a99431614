import type { ReactNode } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Activity, CheckCircle2, CircleAlert, Database, HeartPulse, RefreshCw, Tag } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { fetchHealth, fetchReadiness, fetchVersion } from '../api/system';
import { errorMessage } from '../auth/errors';
import { PageHeader } from '../components/PageHeader';

const REFRESH_MS = 30_000;

type Tone = 'ok' | 'bad' | 'warn' | 'neutral';

const PILL: Record<Tone, string> = {
  ok: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  bad: 'bg-red-50 text-red-700 ring-red-600/20',
  warn: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  neutral: 'bg-slate-100 text-slate-600 ring-slate-500/20',
};

const DOT: Record<Tone, string> = {
  ok: 'bg-emerald-500',
  bad: 'bg-red-500',
  warn: 'bg-amber-500',
  neutral: 'bg-slate-400',
};

function Pill({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${PILL[tone]}`}>
      <span className={`size-1.5 rounded-full ${DOT[tone]}`} aria-hidden="true" />
      {children}
    </span>
  );
}

function Skeleton() {
  const { t } = useTranslation();
  return (
    <div className="space-y-2.5" role="status" aria-live="polite">
      <div className="h-3.5 w-3/4 animate-pulse rounded bg-slate-200" />
      <div className="h-3.5 w-1/2 animate-pulse rounded bg-slate-200" />
      <span className="sr-only">{t('common.loading')}</span>
    </div>
  );
}

function Card<T>({
  icon: Icon,
  title,
  description,
  query,
  pill,
  testId,
  children,
}: {
  icon: LucideIcon;
  title: string;
  description: string;
  query: UseQueryResult<T>;
  pill: (data: T) => ReactNode;
  testId: string;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section
      className="flex flex-col rounded-2xl border border-slate-200 bg-white p-5 shadow-xs"
      aria-labelledby={`${testId}-title`}
      aria-busy={query.isPending || undefined}
      data-testid={testId}
    >
      <div className="flex items-start justify-between gap-3">
        <div className="flex items-center gap-3">
          <span className="inline-flex size-9 items-center justify-center rounded-lg bg-brand-50 text-brand-600">
            <Icon className="size-[1.125rem]" aria-hidden="true" />
          </span>
          <h2 id={`${testId}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
        </div>
        {query.isSuccess ? pill(query.data) : query.isError ? <Pill tone="bad">{t('status.unreachable')}</Pill> : null}
      </div>
      <p className="mt-2 text-sm text-slate-500">{description}</p>
      <div className="mt-4 flex-1 border-t border-slate-100 pt-4">
        {query.isPending ? (
          <Skeleton />
        ) : query.isError ? (
          <p className="flex items-start gap-2 text-sm text-red-700" role="alert">
            <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            {t('status.error', { message: errorMessage(query.error, t) })}
          </p>
        ) : (
          children(query.data)
        )}
      </div>
    </section>
  );
}

function Row({ label, value, mono = true }: { label: string; value: ReactNode; mono?: boolean }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className={`truncate text-right font-medium text-slate-900 ${mono ? 'font-mono text-[0.8125rem]' : ''}`}>{value}</dd>
    </div>
  );
}

export function StatusPage() {
  const { t, i18n } = useTranslation();
  const options = { retry: false, refetchInterval: REFRESH_MS, refetchOnWindowFocus: true } as const;
  const health = useQuery({ queryKey: ['system', 'health'], queryFn: ({ signal }) => fetchHealth(signal), ...options });
  const ready = useQuery({ queryKey: ['system', 'ready'], queryFn: ({ signal }) => fetchReadiness(signal), ...options });
  const version = useQuery({ queryKey: ['system', 'version'], queryFn: ({ signal }) => fetchVersion(signal), ...options });
  const queries = [health, ready, version];

  const loading = queries.some((q) => q.isPending);
  const fetching = queries.some((q) => q.isFetching);
  const allGood =
    !loading && health.data?.status === 'ok' && ready.data?.status === 'ready' && version.isSuccess;
  const unreachable = queries.every((q) => q.isError);
  const updatedAt = Math.max(...queries.map((q) => q.dataUpdatedAt || q.errorUpdatedAt));

  const overall: { tone: Tone; text: string } = loading
    ? { tone: 'neutral', text: t('status.checking') }
    : allGood
      ? { tone: 'ok', text: t('status.allGood') }
      : unreachable
        ? { tone: 'bad', text: t('status.unreachable') }
        : { tone: 'warn', text: t('status.degraded') };

  const OverallIcon = overall.tone === 'ok' ? CheckCircle2 : overall.tone === 'neutral' ? Activity : CircleAlert;

  return (
    <div data-testid="status-page">
      <PageHeader
        title={t('status.title')}
        description={t('status.subtitle')}
        actions={
          <button
            type="button"
            onClick={() => queries.forEach((q) => void q.refetch())}
            disabled={fetching}
            className="inline-flex items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 disabled:opacity-60"
          >
            <RefreshCw className={`size-4 ${fetching ? 'animate-spin' : ''}`} aria-hidden="true" />
            {t('common.refresh')}
          </button>
        }
      />

      <div
        className={`mb-6 flex flex-wrap items-center justify-between gap-3 rounded-2xl px-5 py-4 ring-1 ring-inset ${
          {
            ok: 'bg-emerald-50 text-emerald-900 ring-emerald-600/15',
            bad: 'bg-red-50 text-red-900 ring-red-600/15',
            warn: 'bg-amber-50 text-amber-900 ring-amber-600/20',
            neutral: 'bg-slate-100 text-slate-700 ring-slate-500/10',
          }[overall.tone]
        }`}
        role="status"
        aria-live="polite"
        data-testid="status-overall"
      >
        <p className="flex items-center gap-2.5 font-semibold">
          <OverallIcon className="size-5" aria-hidden="true" />
          {overall.text}
        </p>
        {updatedAt > 0 ? (
          <p className="text-sm opacity-75">
            {t('status.lastChecked', {
              time: new Date(updatedAt).toLocaleTimeString(i18n.resolvedLanguage, {
                hour: '2-digit',
                minute: '2-digit',
                second: '2-digit',
              }),
            })}
          </p>
        ) : null}
      </div>

      <div className="grid gap-4 md:grid-cols-3">
        <Card
          icon={HeartPulse}
          title={t('status.health.title')}
          description={t('status.health.description')}
          query={health}
          testId="status-health"
          pill={(d) =>
            d.status === 'ok' ? (
              <Pill tone="ok">{t('status.health.ok')}</Pill>
            ) : (
              <Pill tone="warn">{t('status.unknown', { status: d.status })}</Pill>
            )
          }
        >
          {(d) => (
            <dl>
              <Row label="status" value={d.status} />
            </dl>
          )}
        </Card>

        <Card
          icon={Database}
          title={t('status.readiness.title')}
          description={t('status.readiness.description')}
          query={ready}
          testId="status-readiness"
          pill={(d) =>
            d.status === 'ready' ? (
              <Pill tone="ok">{t('status.readiness.ready')}</Pill>
            ) : (
              <Pill tone="bad">{t('status.readiness.notReady')}</Pill>
            )
          }
        >
          {(d) => {
            const checks = Object.entries(d.checks ?? {});
            if (!checks.length) return <p className="text-sm text-slate-500">{t('status.readiness.noChecks')}</p>;
            return (
              <>
                <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  {t('status.readiness.checks')}
                </h3>
                <ul className="space-y-1.5">
                  {checks.map(([name, value]) => (
                    <li key={name} className="flex items-center gap-2.5 text-sm" data-testid={`check-${name}`}>
                      <span
                        className={`size-2 shrink-0 rounded-full ${value === 'ok' ? DOT.ok : DOT.bad}`}
                        aria-hidden="true"
                      />
                      <span className="font-mono text-[0.8125rem] text-slate-800">{`${name}: ${String(value)}`}</span>
                    </li>
                  ))}
                </ul>
              </>
            );
          }}
        </Card>

        <Card
          icon={Tag}
          title={t('status.version.title')}
          description={t('status.version.description')}
          query={version}
          testId="status-version"
          pill={(d) => <Pill tone="neutral">v{d.version}</Pill>}
        >
          {(d) => (
            <dl className="divide-y divide-slate-100">
              <Row label={t('status.version.version')} value={d.version} />
              <Row label={t('status.version.commit')} value={d.commit ?? '—'} />
              <Row label={t('status.version.database')} value={d.database ?? '—'} />
            </dl>
          )}
        </Card>
      </div>
    </div>
  );
}
