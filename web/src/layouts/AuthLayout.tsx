import { Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CalendarCheck, LibraryBig, MessagesSquare } from 'lucide-react';
import { Logo } from '../components/Logo';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { Footer } from '../components/Footer';

/** Sign-in / sign-up: brand panel on desktop, a single clean column on phones. */
export function AuthLayout() {
  const { t } = useTranslation();
  const points = [
    { icon: LibraryBig, text: t('auth.brandPoint1') },
    { icon: CalendarCheck, text: t('auth.brandPoint2') },
    { icon: MessagesSquare, text: t('auth.brandPoint3') },
  ];
  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <aside className="relative hidden overflow-hidden bg-brand-800 p-12 text-white lg:flex lg:flex-col">
        <div
          className="pointer-events-none absolute -top-24 -right-24 size-96 rounded-full bg-brand-600/40 blur-3xl"
          aria-hidden="true"
        />
        <div
          className="pointer-events-none absolute -bottom-32 -left-16 size-96 rounded-full bg-brand-950/50 blur-3xl"
          aria-hidden="true"
        />
        <div className="relative">
          <Logo tone="light" />
        </div>
        <div className="relative mt-auto max-w-md">
          <h2 className="text-3xl leading-tight font-semibold tracking-tight">{t('auth.brandHeadline')}</h2>
          <p className="mt-4 text-base leading-7 text-brand-100">{t('auth.brandBody')}</p>
          <ul className="mt-8 space-y-4">
            {points.map(({ icon: Icon, text }) => (
              <li key={text} className="flex items-center gap-3 text-sm font-medium text-brand-50">
                <span className="inline-flex size-9 items-center justify-center rounded-lg bg-white/10 ring-1 ring-white/15">
                  <Icon className="size-[1.125rem]" aria-hidden="true" />
                </span>
                {text}
              </li>
            ))}
          </ul>
        </div>
        <p className="relative mt-12 text-sm text-brand-200">{t('app.tagline')}</p>
      </aside>

      <div className="flex min-h-dvh flex-col bg-white lg:bg-slate-50">
        <header className="flex h-16 items-center justify-between px-4 sm:px-8">
          <span className="lg:invisible">
            <Logo />
          </span>
          <LanguageSwitcher />
        </header>
        <main id="main" className="flex flex-1 items-start justify-center px-4 pt-6 pb-10 sm:items-center sm:px-8">
          <div className="w-full max-w-[26rem] sm:rounded-2xl sm:border sm:border-slate-200 sm:bg-white sm:p-8 sm:shadow-sm">
            <Outlet />
          </div>
        </main>
        <Footer className="px-4 py-6 sm:px-8" />
      </div>
    </div>
  );
}
