import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ROLE_BASE } from '../../nav/navigation';
import { Spinner } from '../../components/Spinner';
import type { KbKind } from '../../api/knowledge';
import type { BadgeTone } from '../../components/Badge';

export const KIND_TONE: Record<KbKind, BadgeTone> = { PRODUCT: 'blue', SERVICE: 'violet', FAQ: 'amber' };

/** `/app/knowledge-bases`, `/manager/knowledge-bases`, `/admin/knowledge-bases`. */
export function useKbBase(): string {
  const { user } = useSession();
  return `${ROLE_BASE[user?.role ?? 'CLIENT']}/knowledge-bases`;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="flex items-center justify-center gap-2 py-16 text-sm text-slate-500" role="status">
      <Spinner /> {t('common.loading')}
    </div>
  );
}

export const inputClass =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-[0.9375rem] shadow-xs hover:border-slate-400 focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100';

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-2xl border border-slate-200 bg-white shadow-xs ${className}`}>{children}</section>;
}
