import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LogOut, Menu, X } from 'lucide-react';
import { useSession } from '../auth/session';
import { navItemsFor, homePathFor } from '../nav/navigation';
import { Logo } from '../components/Logo';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { Footer } from '../components/Footer';
import type { Me } from '../api/types';
import { useOutbox } from '../api/accounts';

function initials(user: Me): string {
  const source = user.name.trim() || user.email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || 'X';
}

function SidebarNav({ user, onNavigate }: { user: Me; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const outbox = useOutbox(user.role === 'ADMIN');
  return (
    <nav aria-label={t('common.mainNavigation')} className="flex-1 overflow-y-auto px-3 py-4">
      <ul className="space-y-0.5" data-testid="nav-list">
        {navItemsFor(user.role, { outbox: outbox.isSuccess }).map(({ id, path, icon: Icon }) => (
          <li key={id}>
            <NavLink
              to={path}
              onClick={onNavigate}
              data-nav-id={id}
              className={({ isActive }) =>
                `group flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
                  isActive
                    ? 'bg-brand-50 text-brand-800 ring-1 ring-brand-100'
                    : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'
                }`
              }
            >
              {({ isActive }) => (
                <>
                  <Icon
                    className={`size-[1.125rem] shrink-0 ${isActive ? 'text-brand-600' : 'text-slate-400 group-hover:text-slate-600'}`}
                    aria-hidden="true"
                    strokeWidth={1.9}
                  />
                  <span className="truncate">{t(`nav.${id}`)}</span>
                </>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function AccountPanel({ user, compact = false }: { user: Me; compact?: boolean }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  return (
    <div className="border-t border-slate-200 p-3">
      <div className="flex items-center gap-3 rounded-lg px-2 py-2">
        <span
          className="inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-800"
          aria-hidden="true"
        >
          {initials(user)}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900">{user.name || user.email}</p>
          <p className="truncate text-xs text-slate-500">{user.email}</p>
        </div>
      </div>
      <div className="mt-2 flex items-center justify-between gap-2 px-1">
        <LanguageSwitcher compact={compact} />
        <button
          type="button"
          onClick={() => void signOut()}
          className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          <LogOut className="size-4" aria-hidden="true" />
          {t('common.signOut')}
        </button>
      </div>
    </div>
  );
}

function SidebarHeader({ user }: { user: Me }) {
  const { t } = useTranslation();
  return (
    <div className="flex h-16 items-center justify-between gap-2 border-b border-slate-200 px-5">
      <Logo to={homePathFor(user.role)} />
      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
        {t(`roles.${user.role}`)}
      </span>
    </div>
  );
}

function MobileDrawer({ user, onClose, children }: { user: Me; onClose: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    const { overflow } = document.body.style;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
    };
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label={t('common.mainNavigation')} id="mobile-drawer">
      <div className="absolute inset-0 bg-slate-900/40 backdrop-blur-[2px]" onClick={onClose} aria-hidden="true" />
      <div className="absolute inset-y-0 left-0 flex w-[min(20rem,85vw)] flex-col bg-white shadow-xl">
        <div className="flex h-14 items-center justify-between border-b border-slate-200 pr-2 pl-4">
          <Logo to={homePathFor(user.role)} />
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            className="inline-flex size-10 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900"
          >
            <X className="size-5" aria-hidden="true" />
            <span className="sr-only">{t('common.closeMenu')}</span>
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

/** Signed-in layout: sidebar on desktop, top bar + drawer on phones. */
export function AppShell({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const location = useLocation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setDrawerOpen(false);
  }, [location.pathname]);

  if (!user) return null;
  const closeDrawer = () => {
    setDrawerOpen(false);
    menuButtonRef.current?.focus();
  };

  return (
    <div className="min-h-dvh lg:pl-64">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t('common.skipToContent')}
      </a>

      <aside className="fixed inset-y-0 left-0 z-30 hidden w-64 flex-col border-r border-slate-200 bg-white lg:flex" data-testid="sidebar">
        <SidebarHeader user={user} />
        <SidebarNav user={user} />
        <AccountPanel user={user} compact />
      </aside>

      <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/90 px-2 backdrop-blur lg:hidden" data-testid="topbar">
        <button
          ref={menuButtonRef}
          type="button"
          onClick={() => setDrawerOpen(true)}
          aria-expanded={drawerOpen}
          aria-controls="mobile-drawer"
          className="inline-flex size-10 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          <Menu className="size-5" aria-hidden="true" />
          <span className="sr-only">{t('common.openMenu')}</span>
        </button>
        <Logo to={homePathFor(user.role)} />
        <div className="ml-auto pr-2">
          <LanguageSwitcher compact />
        </div>
      </header>

      {drawerOpen ? (
        <MobileDrawer user={user} onClose={closeDrawer}>
          <SidebarNav user={user} onNavigate={() => setDrawerOpen(false)} />
          <AccountPanel user={user} />
        </MobileDrawer>
      ) : null}

      <div className="mx-auto flex min-h-[calc(100dvh-3.5rem)] max-w-6xl flex-col px-4 sm:px-6 lg:min-h-dvh lg:px-10">
        <main id="main" tabIndex={-1} className="flex-1 py-6 outline-none sm:py-8 lg:py-10">
          {children ?? <Outlet />}
        </main>
        <Footer className="border-t border-slate-200 py-6" />
      </div>
    </div>
  );
}
