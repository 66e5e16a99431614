import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { apiError, mockFetch, renderApp, sessionRoutes } from '../test/utils';

async function landsOn(path: string) {
  await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(new RegExp(`^${path}$`)));
}

describe('route guards', () => {
  it('redirects a CLIENT away from admin pages to the client home', async () => {
    mockFetch(sessionRoutes('CLIENT'));
    renderApp('/admin/overview');
    await landsOn('/app/dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
  });

  it('redirects an ADMIN away from client and manager pages', async () => {
    mockFetch(sessionRoutes('ADMIN'));
    renderApp('/app/payments');
    await landsOn('/admin/overview');
  });

  it('redirects a MANAGER from /admin to /manager/clients', async () => {
    mockFetch(sessionRoutes('MANAGER'));
    renderApp('/admin/plans');
    await landsOn('/manager/clients');
    expect(await screen.findByRole('heading', { level: 1, name: 'My clients' })).toBeInTheDocument();
  });

  it('sends signed-out visitors of app pages to sign-in', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/app/conversations');
    await landsOn('/sign-in');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
  });

  it('treats 404 from /me (accounts not deployed yet) as signed out', async () => {
    mockFetch({ '/api/v1/me': apiError(404, 'not_found', 'Not found') });
    renderApp('/');
    await landsOn('/sign-in');
  });

  it('sends signed-in users away from sign-in to their home', async () => {
    mockFetch(sessionRoutes('ADMIN'));
    renderApp('/sign-in');
    await landsOn('/admin/overview');
  });

  it('lets everyone open /status', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/status');
    expect(await screen.findByRole('heading', { level: 1, name: 'System status' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/status');
  });

  it('shows a not-found page for unknown paths inside a role area', async () => {
    mockFetch(sessionRoutes('CLIENT'));
    renderApp('/app/nope');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
