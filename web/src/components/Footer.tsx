import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Activity } from 'lucide-react';
import { STATUS_PATH } from '../nav/navigation';

export function Footer({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <footer
      className={`flex flex-wrap items-center justify-between gap-x-6 gap-y-2 text-sm text-slate-500 ${className}`}
    >
      <span>{t('footer.copyright', { year: new Date().getFullYear() })}</span>
      <nav aria-label={t('footer.about')}>
        <Link
          to={STATUS_PATH}
          className="inline-flex items-center gap-1.5 rounded-md font-medium text-slate-600 hover:text-brand-700"
        >
          <Activity className="size-4" aria-hidden="true" />
          {t('footer.status')}
        </Link>
      </nav>
    </footer>
  );
}
