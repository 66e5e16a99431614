import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { vi } from 'vitest';
import { AppProviders } from '../App';
import { AppRoutes } from '../routes';
import { createI18n, type Language } from '../i18n';
import type { Me, Role } from '../api/types';

export type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(status: number, code: string, message: string, details: object = {}): Response {
  return json({ error: { code, message, details } }, status);
}

/** Stubs global fetch with a URL → Response table (path only, no origin). */
export function mockFetch(routes: Record<string, Response | Handler>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
    const route = routes[`${init.method ?? 'GET'} ${path}`] ?? routes[path];
    if (!route) return apiError(404, 'not_found', `No mock for ${path}`);
    return typeof route === 'function' ? route(url, init) : route.clone();
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

export function user(role: Role): Me {
  return { id: '1', email: `${role.toLowerCase()}@example.com`, name: `Test ${role}`, role };
}

/** Routes for a signed-in (role) or signed-out (null) visitor. */
export function sessionRoutes(role: Role | null): Record<string, Response | Handler> {
  return {
    '/api/v1/me': role ? json(user(role)) : apiError(401, 'unauthorized', 'Not signed in'),
    // App start: the refresh cookie gives a token and the user (docs/design/accounts.md).
    'POST /api/v1/auth/refresh': role
      ? json({ access_token: 'test-token', expires_in: 900, user: user(role) })
      : apiError(401, 'unauthorized', 'No refresh token'),
  };
}

export function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname}</div>;
}

export function renderApp(path: string, { lng = 'en' as Language } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const i18n = createI18n(lng);
  const utils = render(
    <AppProviders queryClient={queryClient} i18n={i18n}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...utils, i18n, queryClient };
}

/** Routes for a signed-in user with the full `/me` payload of docs/design/accounts.md. */
export function signedIn(me: Me): Record<string, Response | Handler> {
  return {
    '/api/v1/me': () => json(me),
    'POST /api/v1/auth/refresh': () => json({ access_token: 'test-token', expires_in: 900, user: me }),
  };
}

/** The JSON body of the first call to `METHOD path`. */
export function bodyOf(fetchMock: ReturnType<typeof mockFetch>, method: string, path: string): unknown {
  const call = fetchMock.mock.calls.find(
    ([url, init]) => (init?.method ?? 'GET') === method && String(url).split('?')[0] === path,
  );
  if (!call) throw new Error(`no ${method} ${path} call`);
  return JSON.parse(String(call[1]!.body));
}

export function calls(fetchMock: ReturnType<typeof mockFetch>): string[] {
  return fetchMock.mock.calls.map(([url, init]) => `${init?.method ?? 'GET'} ${String(url)}`);
}
