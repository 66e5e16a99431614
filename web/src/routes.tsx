import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { HomeRedirect, PublicOnly, RequireAuth, RequireRole } from './auth/guards';
import { useSession } from './auth/session';
import { FullPageSpinner } from './components/Spinner';
import { AppShell } from './layouts/AppShell';
import { AuthLayout } from './layouts/AuthLayout';
import { PublicLayout } from './layouts/PublicLayout';
import { homePathFor, NAV_ITEMS, ROLE_BASE, SETTINGS_PATH, SIGN_IN_PATH, SIGN_UP_PATH, STATUS_PATH } from './nav/navigation';
import { AssistantPage } from './pages/AssistantPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SectionPage } from './pages/SectionPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { StatusPage } from './pages/StatusPage';
import { ROLES } from './api/types';

/** Public pages that also make sense signed in: app shell when signed in, public chrome otherwise. */
function AdaptiveLayout({ children }: { children: ReactNode }) {
  const { status } = useSession();
  if (status === 'loading') return <FullPageSpinner />;
  return status === 'signedIn' ? <AppShell>{children}</AppShell> : <PublicLayout>{children}</PublicLayout>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomeRedirect />} />

      <Route element={<PublicOnly />}>
        <Route element={<AuthLayout />}>
          <Route path={SIGN_IN_PATH} element={<SignInPage />} />
          <Route path={SIGN_UP_PATH} element={<SignUpPage />} />
        </Route>
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
                id === 'settings' ? null : id === 'assistant' ? (
                  <Route key={id} path={`${path}/*`} element={<AssistantPage />} />
                ) : (
                  <Route key={id} path={path} element={<SectionPage id={id} icon={icon} />} />
                ),
              )}
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
