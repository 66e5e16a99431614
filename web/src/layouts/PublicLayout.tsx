import type { ReactNode } from 'react';
import { Link, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Logo } from '../components/Logo';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { Footer } from '../components/Footer';
import { SIGN_IN_PATH } from '../nav/navigation';

/** Signed-out pages other than the auth forms (e.g. /status). */
export function PublicLayout({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-5xl items-center gap-3 px-4 sm:px-6">
          <Logo />
          <div className="ml-auto flex items-center gap-2">
            <LanguageSwitcher compact />
            <Link
              to={SIGN_IN_PATH}
              className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-brand-700"
            >
              {t('auth.signIn.link')}
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6 sm:py-12">
        {children ?? <Outlet />}
      </main>
      <div className="mx-auto w-full max-w-5xl px-4 sm:px-6">
        <Footer className="border-t border-slate-200 py-6" />
      </div>
    </div>
  );
}
