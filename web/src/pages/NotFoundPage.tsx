import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Compass } from 'lucide-react';
import { EmptyState } from '../components/EmptyState';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState icon={Compass} title={t('notFound.title')} body={t('notFound.body')} badge="404">
      <Link
        to="/"
        className="inline-flex items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
      >
        {t('common.backHome')}
      </Link>
    </EmptyState>
  );
}
