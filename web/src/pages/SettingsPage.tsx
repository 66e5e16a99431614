import { useTranslation } from 'react-i18next';
import { ShieldCheck } from 'lucide-react';
import { useSession } from '../auth/session';
import { EmptyState } from '../components/EmptyState';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { PageHeader } from '../components/PageHeader';

export function SettingsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  const rows = [
    { label: t('settings.name'), value: user.name || '—' },
    { label: t('settings.email'), value: user.email },
    { label: t('settings.role'), value: t(`roles.${user.role}`) },
  ];
  return (
    <div data-testid="section-settings" className="space-y-6">
      <PageHeader title={t('nav.settings')} description={t('sections.settings.description')} />
      <div className="grid gap-4 md:grid-cols-2">
        <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-xs" aria-labelledby="profile-title">
          <h2 id="profile-title" className="text-base font-semibold text-slate-900">
            {t('settings.profile')}
          </h2>
          <dl className="mt-3 divide-y divide-slate-100">
            {rows.map((row) => (
              <div key={row.label} className="flex justify-between gap-4 py-2.5 text-sm">
                <dt className="text-slate-500">{row.label}</dt>
                <dd className="truncate font-medium text-slate-900">{row.value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-xs" aria-labelledby="language-title">
          <h2 id="language-title" className="text-base font-semibold text-slate-900">
            {t('settings.languageTitle')}
          </h2>
          <p className="mt-1 text-sm text-slate-500">{t('settings.languageHint')}</p>
          <LanguageSwitcher className="mt-4" />
        </section>
      </div>
      <EmptyState
        icon={ShieldCheck}
        title={t('sections.settings.emptyTitle')}
        body={t('sections.settings.emptyBody')}
      />
    </div>
  );
}
