import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { HomeRedirect, PublicOnly, RequireAuth, RequireRole } from './auth/guards';
import { useSession } from './auth/session';
import { FullPageSpinner } from './components/Spinner';
import { AppShell } from './layouts/AppShell';
import { AuthLayout } from './layouts/AuthLayout';
import { PublicLayout } from './layouts/PublicLayout';
import {
  FORGOT_PASSWORD_PATH,
  homePathFor,
  MAGIC_LANDING_PATH,
  MAGIC_LINK_PATH,
  NAV_ITEMS,
  OAUTH_COMPLETE_PATH,
  OUTBOX_NAV_ITEM,
  RESET_PASSWORD_PATH,
  ROLE_BASE,
  SETTINGS_PATH,
  SIGN_IN_PATH,
  SIGN_UP_PATH,
  STATUS_PATH,
  VERIFY_EMAIL_PATH,
  type SectionId,
} from './nav/navigation';
import { AdminAssignmentsPage, AdminClientPage, AdminClientsPage, AdminManagersPage, AdminOutboxPage, AdminOverviewPage } from './pages/AdminPages';
import { CompaniesPage } from './pages/CompaniesPage';
import { DashboardPage } from './pages/DashboardPage';
import { MagicLinkLandingPage, MagicLinkRequestPage } from './pages/MagicLinkPages';
import { ManagerClientPage, ManagerClientsPage } from './pages/ManagerPages';
import { OAuthCompletePage } from './pages/OAuthCompletePage';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/PasswordPages';
import { VerifyEmailPage } from './pages/VerifyEmailPage';
import { AssistantSettingsPage } from './features/assistant/AssistantSettingsPage';
import { InboxPage } from './features/conversations/InboxPage';
import { PlaygroundPage } from './features/conversations/PlaygroundPage';
import { PaymentsPage } from './features/payments/PaymentsPage';
import { CalendarPage } from './features/calendar/CalendarPage';
import { KnowledgeBasesPage } from './features/knowledge/KnowledgeBasesPage';
import { KnowledgeBasePage } from './features/knowledge/KnowledgeBasePage';
import { ImportPage } from './features/knowledge/ImportPage';
import { MediaPage } from './features/media/MediaPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SectionPage } from './pages/SectionPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { StatusPage } from './pages/StatusPage';
import { ROLES, type Role } from './api/types';

/** Public pages that also make sense signed in: app shell when signed in, public chrome otherwise. */
function AdaptiveLayout({ children }: { children: ReactNode }) {
  const { status } = useSession();
  if (status === 'loading') return <FullPageSpinner />;
  return status === 'signedIn' ? <AppShell>{children}</AppShell> : <PublicLayout>{children}</PublicLayout>;
}

/** Sections with a real page; the rest render <SectionPage> (empty state) until their feature lands. */
const PAGES: Partial<Record<`${Role}:${SectionId}`, ReactNode>> = {
  'CLIENT:dashboard': <DashboardPage />,
  'CLIENT:companies': <CompaniesPage />,
  'CLIENT:knowledgeBases': <KnowledgeBasesPage />,
  'CLIENT:media': <MediaPage />,
  'CLIENT:payments': <PaymentsPage />,
  'CLIENT:calendar': <CalendarPage />,
  'CLIENT:assistant': <AssistantSettingsPage />,
  'CLIENT:playground': <PlaygroundPage />,
  'MANAGER:knowledgeBases': <KnowledgeBasesPage />,
  'MANAGER:payments': <PaymentsPage />,
  'MANAGER:calendar': <CalendarPage />,
  'MANAGER:assistant': <AssistantSettingsPage />,
  'MANAGER:playground': <PlaygroundPage />,
  'MANAGER:myClients': <ManagerClientsPage />,
  'ADMIN:overview': <AdminOverviewPage />,
  'ADMIN:managers': <AdminManagersPage />,
  'ADMIN:clients': <AdminClientsPage />,
  'ADMIN:assignments': <AdminAssignmentsPage />,
};

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomeRedirect />} />

      <Route element={<PublicOnly />}>
        <Route element={<AuthLayout />}>
          <Route path={SIGN_IN_PATH} element={<SignInPage />} />
          <Route path={SIGN_UP_PATH} element={<SignUpPage />} />
          <Route path={MAGIC_LINK_PATH} element={<MagicLinkRequestPage />} />
          <Route path={FORGOT_PASSWORD_PATH} element={<ForgotPasswordPage />} />
        </Route>
      </Route>

      {/* Links from emails and OAuth: they work signed in or out. */}
      <Route element={<AuthLayout />}>
        <Route path={VERIFY_EMAIL_PATH} element={<VerifyEmailPage />} />
        <Route path={MAGIC_LANDING_PATH} element={<MagicLinkLandingPage />} />
        <Route path={RESET_PASSWORD_PATH} element={<ResetPasswordPage />} />
        <Route path={OAUTH_COMPLETE_PATH} element={<OAuthCompletePage />} />
      </Route>

      <Route
        path={STATUS_PATH}
        element={
          <AdaptiveLayout>
            <StatusPage />
          </AdaptiveLayout>
        }
      />

      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          {ROLES.map((role) => (
            <Route key={role} element={<RequireRole role={role} />}>
              <Route path={ROLE_BASE[role]} element={<Navigate to={homePathFor(role)} replace />} />
              {NAV_ITEMS[role].map(({ id, path, icon }) =>
                id === 'settings' || id === 'conversations' ? null : (
                  <Route key={id} path={path} element={PAGES[`${role}:${id}`] ?? <SectionPage id={id} icon={icon} />} />
                ),
              )}
              {/* Issue 5: inbox (one element for the list and a conversation, so filters survive), payments,
                  assistant, Playground — every role (ADMIN without nav entries, like knowledge bases). */}
              <Route path={`${ROLE_BASE[role]}/inbox/:conversationId?`} element={<InboxPage />} />
              <Route path={`${ROLE_BASE[role]}/conversations`} element={<Navigate to={`${ROLE_BASE[role]}/inbox`} replace />} />
              <Route path={`${ROLE_BASE[role]}/assistant/playground`} element={<Navigate to={`${ROLE_BASE[role]}/playground`} replace />} />
              {role === 'ADMIN' ? (
                <>
                  <Route path="/admin/payments" element={<PaymentsPage />} />
                  <Route path="/admin/calendar" element={<CalendarPage />} />
                  <Route path="/admin/assistant" element={<AssistantSettingsPage />} />
                  <Route path="/admin/playground" element={<PlaygroundPage />} />
                </>
              ) : null}
              {/* Knowledge bases: every role (ADMIN reaches them from a client's company cards). */}
              {role === 'ADMIN' ? <Route path="/admin/knowledge-bases" element={<KnowledgeBasesPage />} /> : null}
              <Route path={`${ROLE_BASE[role]}/knowledge-bases/:kbId`} element={<KnowledgeBasePage />} />
              <Route path={`${ROLE_BASE[role]}/knowledge-bases/:kbId/import`} element={<ImportPage />} />
              {role === 'MANAGER' ? <Route path="/manager/clients/:accountId" element={<ManagerClientPage />} /> : null}
              {role === 'ADMIN' ? (
                <>
                  <Route path="/admin/clients/:accountId" element={<AdminClientPage />} />
                  <Route path={OUTBOX_NAV_ITEM.path} element={<AdminOutboxPage />} />
                </>
              ) : null}
              <Route path={`${ROLE_BASE[role]}/*`} element={<NotFoundPage />} />
            </Route>
          ))}
          <Route path={SETTINGS_PATH} element={<SettingsPage />} />
        </Route>
      </Route>

      <Route
        path="*"
        element={
          <AdaptiveLayout>
            <NotFoundPage />
          </AdaptiveLayout>
        }
      />
    </Routes>
  );
}
