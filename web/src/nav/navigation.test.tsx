import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { homePathFor, navItemsFor, roleForPath } from './navigation';
import { en } from '../i18n/locales/en';
import { ru } from '../i18n/locales/ru';
import { mockFetch, renderApp, sessionRoutes } from '../test/utils';
import type { Role } from '../api/types';

const EXPECTED: Record<Role, string[]> = {
  CLIENT: ['dashboard', 'companies', 'conversations', 'knowledgeBases', 'media', 'integrations', 'payments', 'calendar', 'assistant', 'playground', 'billing', 'support', 'settings'],
  MANAGER: ['myClients', 'conversations', 'knowledgeBases', 'integrations', 'payments', 'calendar', 'assistant', 'playground', 'settings'],
  ADMIN: ['overview', 'managers', 'clients', 'assignments', 'plans', 'channelPools', 'settings'],
};

describe('navigation per role', () => {
  it('has the specified sections for each role', () => {
    for (const role of Object.keys(EXPECTED) as Role[]) {
      expect(navItemsFor(role).map((i) => i.id)).toEqual(EXPECTED[role]);
    }
    expect(homePathFor('CLIENT')).toBe('/app/dashboard');
    expect(homePathFor('MANAGER')).toBe('/manager/clients');
    expect(homePathFor('ADMIN')).toBe('/admin/overview');
    expect(roleForPath('/admin/plans')).toBe('ADMIN');
    expect(roleForPath('/settings')).toBeNull();
  });

  it('gives every role its own paths (only Settings is shared)', () => {
    const paths = (role: Role) => new Set(navItemsFor(role).filter((i) => i.id !== 'settings').map((i) => i.path));
    const [c, m, a] = [paths('CLIENT'), paths('MANAGER'), paths('ADMIN')];
    for (const p of c) expect(m.has(p) || a.has(p)).toBe(false);
    for (const p of m) expect(a.has(p)).toBe(false);
  });

  for (const lng of ['en', 'ru'] as const) {
    const messages = lng === 'en' ? en : ru;
    for (const role of Object.keys(EXPECTED) as Role[]) {
      it(`renders the ${role} sidebar in ${lng} from the translations`, async () => {
        mockFetch(sessionRoutes(role));
        renderApp('/', { lng });
        const sidebar = await screen.findByTestId('sidebar');
        const nav = within(sidebar).getByRole('navigation', { name: messages.common.mainNavigation });
        const labels = within(nav).getAllByRole('link').map((a) => a.textContent);
        expect(labels).toEqual(EXPECTED[role].map((id) => messages.nav[id as keyof typeof messages.nav]));
        // The home page is the active item.
        const current = within(nav).getByRole('link', { current: 'page' });
        expect(current).toHaveAttribute('href', homePathFor(role));
        expect(current).toHaveTextContent(messages.nav[EXPECTED[role][0] as keyof typeof messages.nav]);
      });
    }
  }

  it('moves aria-current when navigating and shows an empty state', async () => {
    mockFetch(sessionRoutes('CLIENT'));
    renderApp('/app/dashboard');
    const sidebar = await screen.findByTestId('sidebar');
    await userEvent.click(within(sidebar).getByRole('link', { name: 'Integrations' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/app/integrations');
    expect(within(sidebar).getByRole('link', { current: 'page' })).toHaveTextContent('Integrations');
    expect(screen.getByRole('heading', { level: 1, name: 'Integrations' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: en.sections.integrations.emptyTitle })).toBeInTheDocument();
  });

  it('opens the phone menu drawer and closes it on navigation', async () => {
    mockFetch(sessionRoutes('MANAGER'));
    renderApp('/manager/clients');
    const menu = await screen.findByRole('button', { name: 'Open menu' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(menu);
    const drawer = screen.getByRole('dialog', { name: 'Main navigation' });
    await userEvent.click(within(drawer).getByRole('link', { name: 'Calendar' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/manager/calendar');
  });
});
