import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ArrowLeft, Briefcase } from 'lucide-react';
import { fetchManagerClient, fetchManagerClients } from '../api/accounts';
import { errorMessage } from '../auth/errors';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Spinner } from '../components/Spinner';
import { ClientCard, PlanBadge } from '../features/clients/ClientBits';
import { CompaniesPanel } from '../features/companies/CompaniesPanel';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="flex items-center justify-center gap-2 py-16 text-sm text-slate-500" role="status">
      <Spinner /> {t('common.loading')}
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      tone="error"
      title={t('errors.loadFailed')}
      action={
        <Button size="sm" variant="secondary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    >
      {errorMessage(error, t, { missingEndpoint: true })}
    </Alert>
  );
}

/** MANAGER: `/manager/clients`. */
export function ManagerClientsPage() {
  const { t } = useTranslation();
  const clients = useQuery({ queryKey: ['manager', 'clients'], queryFn: ({ signal }) => fetchManagerClients(signal) });
  return (
    <div data-testid="section-myClients">
      <PageHeader title={t('nav.myClients')} description={t('sections.myClients.description')} />
      {clients.isPending ? (
        <Loading />
      ) : clients.isError ? (
        <LoadError error={clients.error} onRetry={() => void clients.refetch()} />
      ) : clients.data.length === 0 ? (
        <EmptyState icon={Briefcase} title={t('sections.myClients.emptyTitle')} body={t('sections.myClients.emptyBody')} />
      ) : (
        <ul className="grid grid-cols-1 gap-3 md:grid-cols-2" aria-label={t('nav.myClients')}>
          {clients.data.map((c) => (
            <ClientCard key={c.account.id} client={c} to={`/manager/clients/${encodeURIComponent(c.account.id)}`} />
          ))}
        </ul>
      )}
    </div>
  );
}

export function BackLink({ to, children }: { to: string; children: string }) {
  return (
    <Link
      to={to}
      className="mb-4 -ml-1 inline-flex items-center gap-1.5 rounded-md px-1 text-sm font-medium text-slate-600 hover:text-slate-900"
    >
      <ArrowLeft className="size-4" aria-hidden="true" />
      {children}
    </Link>
  );
}

/** MANAGER: `/manager/clients/:accountId` — the client and its companies. */
export function ManagerClientPage() {
  const { t } = useTranslation();
  const { accountId = '' } = useParams();
  const client = useQuery({
    queryKey: ['manager', 'clients', accountId],
    queryFn: ({ signal }) => fetchManagerClient(accountId, signal),
  });
  return (
    <div data-testid="manager-client">
      <BackLink to="/manager/clients">{t('nav.myClients')}</BackLink>
      {client.isPending ? (
        <Loading />
      ) : client.isError ? (
        <LoadError error={client.error} onRetry={() => void client.refetch()} />
      ) : (
        <>
          <PageHeader
            title={client.data.owner?.name || client.data.owner?.email || t('clients.client')}
            description={client.data.owner?.name ? client.data.owner.email : undefined}
            actions={<PlanBadge client={client.data} />}
          />
          <p className="mb-4 text-sm text-slate-500">{t('clients.companiesOf')}</p>
          <CompaniesPanel accountId={accountId} />
        </>
      )}
    </div>
  );
}
