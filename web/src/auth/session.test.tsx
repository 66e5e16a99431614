import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tokenStore } from '../api/client';
import { apiError, calls, json, mockFetch, renderApp, user } from '../test/utils';

const anna = { ...user('CLIENT'), name: 'Anna', account: { plan: 'TRIAL', trial_ends_at: Date.now() + 3 * 86_400_000, channel_limit: 1, manager: null } };

describe('session (access token in memory, refresh cookie)', () => {
  it('starts with POST /auth/refresh (credentials included) and uses the user it returns', async () => {
    const fetchMock = mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 'fresh', expires_in: 900, user: anna }),
      '/api/v1/companies': json({ items: [], next_cursor: null }),
    });
    renderApp('/');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/app/dashboard'));
    expect(calls(fetchMock)[0]).toBe('POST /api/v1/auth/refresh');
    expect(fetchMock.mock.calls[0]![1]!.credentials).toBe('include');
    expect(calls(fetchMock)).not.toContain('GET /api/v1/me');
    expect(tokenStore.get()).toBe('fresh');
    expect(window.localStorage.getItem('x8.token')).toBeNull();
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('fresh');
  });

  it('completes a session user without `account` (as login/refresh send it) from GET /me', async () => {
    const { account: _account, ...bare } = anna;
    void _account;
    const fetchMock = mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 'fresh', expires_in: 900, user: bare }),
      '/api/v1/me': json(anna),
      '/api/v1/companies': json({ items: [] }),
    });
    renderApp('/app/dashboard');
    expect(await screen.findByTestId('trial-banner')).toHaveTextContent('3 days left');
    expect(calls(fetchMock).slice(0, 2)).toEqual(['POST /api/v1/auth/refresh', 'GET /api/v1/me']);
  });

  it('keeps `account` when PATCH /me answers without it', async () => {
    mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 't', user: anna }),
      '/api/v1/companies': json({ items: [] }),
      '/api/v1/me/sessions': json({ items: [] }),
      'PATCH /api/v1/me': json({ user: { ...anna, account: undefined, two_factor_enabled: false } }),
    });
    renderApp('/settings');
    await userEvent.click(await screen.findByRole('switch'));
    await userEvent.click(within(await screen.findByTestId('sidebar')).getByRole('link', { name: 'Dashboard' }));
    expect(await screen.findByTestId('trial-banner')).toBeInTheDocument();
  });

  it('on a 401 mid-session refreshes once and retries with the new token', async () => {
    let refreshes = 0;
    const fetchMock = mockFetch({
      'POST /api/v1/auth/refresh': () => {
        refreshes += 1;
        return json({ access_token: `t${refreshes}`, expires_in: 900, user: anna });
      },
      // The first token has "expired" by the time the dashboard asks for companies.
      '/api/v1/companies': (_u, init) =>
        (init.headers as Record<string, string>).Authorization === 'Bearer t2'
          ? json({ items: [{ id: 'c', code: 'COMP001' }], next_cursor: null })
          : apiError(401, 'unauthenticated', 'expired'),
    });
    renderApp('/app/dashboard');
    const tile = await screen.findByTestId('tile-companies');
    await waitFor(() => expect(tile).toHaveTextContent('1'));
    expect(calls(fetchMock).filter((c) => c.startsWith('GET /api/v1/companies'))).toHaveLength(2);
    expect(refreshes).toBe(2);
  });

  it('signs out (to /sign-in) when the refresh cookie is no longer valid', async () => {
    let first = true;
    mockFetch({
      'POST /api/v1/auth/refresh': () => {
        if (first) {
          first = false;
          return json({ access_token: 't1', expires_in: 900, user: anna });
        }
        return apiError(401, 'unauthenticated', 'revoked');
      },
      '/api/v1/companies': apiError(401, 'unauthenticated', 'expired'),
    });
    renderApp('/app/dashboard');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in'));
    expect(tokenStore.get()).toBeNull();
  });

  it('signs out with POST /auth/logout and forgets the token', async () => {
    const fetchMock = mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 't1', expires_in: 900, user: anna }),
      '/api/v1/companies': json({ items: [] }),
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
    });
    renderApp('/app/dashboard');
    const sidebar = await screen.findByTestId('sidebar');
    await userEvent.click(within(sidebar).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/sign-in'));
    expect(calls(fetchMock)).toContain('POST /api/v1/auth/logout');
    expect(tokenStore.get()).toBeNull();
  });

  it("applies the account's language when this device has no choice of its own", async () => {
    mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 't1', user: { ...anna, language: 'ru' } }),
      '/api/v1/companies': json({ items: [] }),
    });
    renderApp('/app/dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Обзор' })).toBeInTheDocument();
  });
});

describe('language switcher when signed in', () => {
  it('also saves the language to the account (PATCH /me) so emails follow it', async () => {
    const fetchMock = mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 't', user: { ...anna, language: 'en' } }),
      '/api/v1/companies': json({ items: [] }),
      'PATCH /api/v1/me': json({ user: { ...anna, language: 'ru' } }),
    });
    renderApp('/app/dashboard');
    const sidebar = await screen.findByTestId('sidebar');
    await userEvent.selectOptions(within(sidebar).getByTestId('language-switcher'), 'ru');
    expect(await screen.findByRole('heading', { level: 1, name: 'Обзор' })).toBeInTheDocument();
    await waitFor(() => expect(calls(fetchMock)).toContain('PATCH /api/v1/me'));
    const patch = fetchMock.mock.calls.find(([, init]) => init?.method === 'PATCH')!;
    expect(JSON.parse(String(patch[1]!.body))).toEqual({ language: 'ru' });
  });
});

describe('client dashboard', () => {
  it('shows trial days left, plan, channel limit, manager and companies count', async () => {
    const me = { ...anna, account: { ...anna.account, manager: { id: 'usr_m', name: 'Maria', email: 'maria@x8.test' } } };
    mockFetch({
      'POST /api/v1/auth/refresh': json({ access_token: 't', user: me }),
      '/api/v1/companies': json({ items: [{ id: '1' }, { id: '2' }], next_cursor: null }),
    });
    renderApp('/app/dashboard');
    expect(await screen.findByTestId('trial-banner')).toHaveTextContent('3 days left in your free trial');
    expect(screen.getByTestId('tile-plan')).toHaveTextContent('Free trial');
    expect(screen.getByTestId('tile-plan')).toHaveTextContent('Channels included: 1');
    expect(screen.getByTestId('tile-manager')).toHaveTextContent('maria@x8.test');
    await waitFor(() => expect(screen.getByTestId('tile-companies')).toHaveTextContent('2'));
  });
});
