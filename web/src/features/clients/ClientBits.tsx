import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Building2, ChevronRight } from 'lucide-react';
import type { ClientItem } from '../../api/types';
import { daysLeft, formatDays, formatNumber } from '../../lib/format';
import { Badge } from '../../components/Badge';
import { usePlanLabel } from '../../lib/usePlanLabel';

function initials(name: string, email: string): string {
  const parts = (name.trim() || email).split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

export function Avatar({ name, email }: { name: string; email: string }) {
  return (
    <span
      className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-800"
      aria-hidden="true"
    >
      {initials(name, email)}
    </span>
  );
}

/** Plan badge with trial days left. */
export function PlanBadge({ client }: { client: ClientItem }) {
  const { i18n } = useTranslation();
  const planLabel = usePlanLabel();
  const plan = client.account.plan;
  if (!plan) return null;
  const trial = client.account.trial_ends_at;
  return (
    <Badge tone={plan === 'TRIAL' ? 'amber' : 'teal'}>
      {planLabel(plan)}
      {plan === 'TRIAL' && trial ? ` · ${formatDays(daysLeft(trial), i18n.language)}` : ''}
    </Badge>
  );
}

/** Identity block of a client: owner name/email + plan. */
export function ClientIdentity({ client, to }: { client: ClientItem; to?: string }) {
  const name = client.owner.name || client.owner.email;
  return (
    <div className="flex min-w-0 items-center gap-3">
      <Avatar name={client.owner.name} email={client.owner.email} />
      <div className="min-w-0">
        <p className="truncate text-sm font-semibold text-slate-900">
          {to ? (
            <Link to={to} className="rounded hover:text-brand-700 hover:underline">
              {name}
            </Link>
          ) : (
            name
          )}
        </p>
        <p className="truncate text-sm text-slate-500">{client.owner.email}</p>
      </div>
    </div>
  );
}

/** A card linking to a client's page (manager list). */
export function ClientCard({ client, to }: { client: ClientItem; to: string }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <Link
        to={to}
        className="group flex items-center gap-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-xs transition-colors hover:border-brand-300 hover:bg-brand-50/30 sm:p-5"
        data-testid="client-card"
      >
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 items-center gap-3">
            <Avatar name={client.owner.name} email={client.owner.email} />
            <div className="min-w-0">
              <p className="truncate text-sm font-semibold text-slate-900">{client.owner.name || client.owner.email}</p>
              <p className="truncate text-sm text-slate-500">{client.owner.email}</p>
            </div>
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <PlanBadge client={client} />
            <span className="inline-flex items-center gap-1">
              <Building2 className="size-4 text-slate-400" aria-hidden="true" />
              {t('clients.companiesCount', { n: formatNumber(client.companies_count ?? 0, i18n.language) })}
            </span>
          </div>
        </div>
        <ChevronRight className="size-5 shrink-0 text-slate-400 group-hover:text-brand-600" aria-hidden="true" />
      </Link>
    </li>
  );
}
