import { NavLink, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { FlaskConical, SlidersHorizontal } from 'lucide-react';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

function Tab({ to, end, children }: { to: string; end?: boolean; children: string }) {
  return (
    <NavLink
      to={to}
      end={end}
      className={({ isActive }) =>
        `-mb-px inline-flex items-center border-b-2 px-1 pb-3 text-sm font-medium transition-colors ${
          isActive
            ? 'border-brand-600 text-brand-700'
            : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700'
        }`
      }
    >
      {children}
    </NavLink>
  );
}

/** Assistant: settings + Playground (both filled by later issues). */
export function AssistantPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="section-assistant">
      <PageHeader title={t('nav.assistant')} description={t('sections.assistant.description')} />
      <nav aria-label={t('assistant.tabsLabel')} className="mb-6 flex gap-6 border-b border-slate-200">
        <Tab to="/app/assistant" end>
          {t('assistant.settingsTab')}
        </Tab>
        <Tab to="/app/assistant/playground">{t('assistant.playgroundTab')}</Tab>
      </nav>
      <Routes>
        <Route
          index
          element={
            <EmptyState
              icon={SlidersHorizontal}
              title={t('sections.assistant.emptyTitle')}
              body={t('sections.assistant.emptyBody')}
            />
          }
        />
        <Route
          path="playground"
          element={
            <EmptyState
              icon={FlaskConical}
              title={t('sections.playground.emptyTitle')}
              body={t('sections.playground.emptyBody')}
            />
          }
        />
      </Routes>
    </div>
  );
}
