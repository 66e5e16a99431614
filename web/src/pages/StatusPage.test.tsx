import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { json, mockFetch, renderApp, sessionRoutes } from '../test/utils';

const healthy = {
  '/healthz': json({ status: 'ok' }),
  '/readyz': json({ status: 'ready', checks: { database: 'ok' } }),
  '/api/v1/version': json({ version: '0.1.0', commit: 'abc123', database: 'sqlite' }),
};

describe('status page', () => {
  it('renders the server data', async () => {
    mockFetch({ ...sessionRoutes(null), ...healthy });
    renderApp('/status');
    const version = await screen.findByTestId('status-version');
    expect(await within(version).findByText('0.1.0')).toBeInTheDocument();
    expect(within(version).getByText('abc123')).toBeInTheDocument();
    expect(within(version).getByText('sqlite')).toBeInTheDocument();
    expect(within(screen.getByTestId('status-readiness')).getByText('database: ok')).toBeInTheDocument();
    expect(within(screen.getByTestId('status-health')).getByText('Healthy')).toBeInTheDocument();
    expect(screen.getByTestId('status-overall')).toHaveTextContent('All systems operational');
  });

  it('shows loading first', async () => {
    mockFetch({ ...sessionRoutes(null), ...healthy, '/api/v1/version': () => new Promise<Response>(() => {}) });
    renderApp('/status');
    const version = await screen.findByTestId('status-version');
    expect(version).toHaveAttribute('aria-busy', 'true');
    expect(within(version).getByText('Loading…')).toBeInTheDocument();
  });

  it('shows 503 not_ready from /readyz as "Not ready"', async () => {
    mockFetch({
      ...sessionRoutes(null),
      ...healthy,
      '/readyz': json({ status: 'not_ready', checks: { database: 'unreachable' } }, 503),
    });
    renderApp('/status');
    const ready = await screen.findByTestId('status-readiness');
    expect(await within(ready).findByText('Not ready')).toBeInTheDocument();
    expect(within(ready).getByText('database: unreachable')).toBeInTheDocument();
    expect(await screen.findByText('Some systems need attention')).toBeInTheDocument();
  });

  it('shows an error state when the server cannot be reached', async () => {
    mockFetch({
      ...sessionRoutes(null),
      '/healthz': () => Promise.reject(new TypeError('Failed to fetch')),
      '/readyz': () => Promise.reject(new TypeError('Failed to fetch')),
      '/api/v1/version': () => Promise.reject(new TypeError('Failed to fetch')),
    });
    renderApp('/status', { lng: 'ru' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Состояние системы' })).toBeInTheDocument();
    const health = screen.getByTestId('status-health');
    expect(await within(health).findByRole('alert')).toHaveTextContent('Нет связи с сервером X8');
    expect(await screen.findByTestId('status-overall')).toHaveTextContent('Сервер недоступен');
  });
});
