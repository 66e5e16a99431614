import { useTranslation } from 'react-i18next';
import type { LucideIcon } from 'lucide-react';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import type { SectionId } from '../nav/navigation';

/**
 * A section that a later issue will fill. Shows the section's title and a
 * proper empty state (icon, title, what will appear here). Replace the body
 * with the real page when the feature lands.
 */
export function SectionPage({ id, icon }: { id: Exclude<SectionId, 'settings'>; icon: LucideIcon }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`section-${id}`}>
      <PageHeader title={t(`nav.${id}`)} description={t(`sections.${id}.description`)} />
      <EmptyState
        icon={icon}
        title={t(`sections.${id}.emptyTitle`)}
        body={t(`sections.${id}.emptyBody`)}
      />
    </div>
  );
}
