import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { CompaniesPanel } from '../features/companies/CompaniesPanel';

/** CLIENT: `/app/companies`. */
export function CompaniesPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="section-companies">
      <PageHeader title={t('nav.companies')} description={t('sections.companies.description')} />
      <CompaniesPanel />
    </div>
  );
}
