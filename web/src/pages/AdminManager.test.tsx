import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, bodyOf, calls, json, mockFetch, renderApp, signedIn, user } from '../test/utils';
import { en } from '../i18n/locales/en';

const admin = user('ADMIN');
const MANAGERS = { items: [{ id: 'usr_m1', name: 'Maria', email: 'maria@x8.test', clients_count: 1 }, { id: 'usr_m2', name: 'Ivan', email: 'ivan@x8.test', clients_count: 0 }] };
const CLIENTS = {
  items: [
    { account: { id: 'acc_1', manager_user_id: 'usr_m1', plan: 'TRIAL' }, owner: { id: 'u1', name: 'Anna', email: 'anna@shop.com' }, companies_count: 2 },
    { account: { id: 'acc_2', manager_user_id: null, plan: 'GROWTH' }, owner: { id: 'u2', name: 'Bob', email: 'bob@shop.com' }, companies_count: 0 },
  ],
};

describe('admin: clients and managers', () => {
  it('assigns and unassigns a manager with PUT /admin/clients/{id}/manager', async () => {
    const fetchMock = mockFetch({
      ...signedIn(admin),
      '/api/v1/admin/clients': json(CLIENTS),
      '/api/v1/admin/managers': json(MANAGERS),
      'PUT /api/v1/admin/clients/acc_2/manager': json({}),
      'PUT /api/v1/admin/clients/acc_1/manager': json({}),
    });
    renderApp('/admin/clients');
    const bob = await screen.findByLabelText('Manager for Bob');
    await waitFor(() => expect(within(bob).getAllByRole('option')).toHaveLength(3));
    expect(screen.getByLabelText('Manager for Anna')).toHaveValue('usr_m1');
    await userEvent.selectOptions(bob, 'usr_m2');
    await waitFor(() => expect(bodyOf(fetchMock, 'PUT', '/api/v1/admin/clients/acc_2/manager')).toEqual({ manager_user_id: 'usr_m2' }));
    await userEvent.selectOptions(screen.getByLabelText('Manager for Anna'), '');
    await waitFor(() => expect(bodyOf(fetchMock, 'PUT', '/api/v1/admin/clients/acc_1/manager')).toEqual({ manager_user_id: null }));
  });

  it('puts the previous manager back when the server refuses', async () => {
    mockFetch({
      ...signedIn(admin),
      '/api/v1/admin/clients': json(CLIENTS),
      '/api/v1/admin/managers': json(MANAGERS),
      'PUT /api/v1/admin/clients/acc_1/manager': apiError(422, 'invalid_argument', 'Not a manager.'),
    });
    renderApp('/admin/clients');
    const anna = await screen.findByLabelText('Manager for Anna');
    await waitFor(() => expect(within(anna).getAllByRole('option')).toHaveLength(3));
    await userEvent.selectOptions(anna, 'usr_m2');
    expect(await screen.findByText('Not a manager.')).toBeInTheDocument();
    expect(anna).toHaveValue('usr_m1');
  });

  it('assignments page groups clients by manager', async () => {
    mockFetch({ ...signedIn(admin), '/api/v1/admin/clients': json(CLIENTS), '/api/v1/admin/managers': json(MANAGERS) });
    renderApp('/admin/assignments');
    const groups = await screen.findAllByTestId('assignment-group');
    expect(groups.map((g) => within(g).getByRole('heading').textContent)).toEqual([
      'Without a manager1',
      'Mariamaria@x8.test1',
      'Ivanivan@x8.test0',
    ]);
    expect(groups[0]).toHaveTextContent('Bob');
    expect(groups[1]).toHaveTextContent('Anna');
    expect(groups[2]).toHaveTextContent('No clients yet.');
  });

  it('searches clients with ?q=', async () => {
    const fetchMock = mockFetch({ ...signedIn(admin), '/api/v1/admin/clients': json(CLIENTS), '/api/v1/admin/managers': json(MANAGERS) });
    renderApp('/admin/clients');
    await userEvent.type(await screen.findByLabelText('Search clients'), 'bob');
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/admin/clients?q=bob'));
  });

  it('invites a manager (POST /admin/managers {email, name})', async () => {
    const fetchMock = mockFetch({
      ...signedIn(admin),
      '/api/v1/admin/managers': json(MANAGERS),
      'POST /api/v1/admin/managers': json({ user: { id: 'usr_m3' } }, 201),
    });
    renderApp('/admin/managers');
    expect(await screen.findAllByTestId('manager-row')).toHaveLength(2);
    const form = screen.getByRole('form', { name: 'Invite a manager' });
    await userEvent.click(within(form).getByRole('button', { name: 'Send invitation' }));
    expect(within(form).getByText('Enter the manager’s name.')).toBeInTheDocument();
    await userEvent.type(within(form).getByLabelText('Name'), 'Olga');
    await userEvent.type(within(form).getByLabelText('Email'), 'olga@x8.test');
    await userEvent.click(within(form).getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('Invitation sent to olga@x8.test.')).toBeInTheDocument();
    expect(bodyOf(fetchMock, 'POST', '/api/v1/admin/managers')).toEqual({ name: 'Olga', email: 'olga@x8.test' });
  });

  it('overview shows /admin/stats numbers', async () => {
    mockFetch({
      ...signedIn(admin),
      '/api/v1/admin/stats': json({ users_by_role: { CLIENT: 5, MANAGER: 2, ADMIN: 1 }, accounts: 5, companies_by_status: { ACTIVE: 3, INACTIVE: 1, SUSPENDED: 1 }, signups_last_7d: 4 }),
    });
    renderApp('/admin/overview');
    expect(await screen.findByTestId('stat-accounts')).toHaveTextContent('5');
    expect(screen.getByTestId('stat-companies')).toHaveTextContent('5');
    expect(screen.getByTestId('stat-managers')).toHaveTextContent('2');
    expect(screen.getByTestId('stat-signups')).toHaveTextContent('4');
  });

  it('outbox lists mail with clickable links', async () => {
    mockFetch({
      ...signedIn(admin),
      '/api/v1/admin/outbox': json({ items: [{ id: 'm1', to: 'anna@shop.com', subject: 'Confirm your email', text: 'Open https://x8.test/verify-email?token=abc.', tag: 'verify_email', created_at: Date.now() }] }),
    });
    renderApp('/admin/outbox');
    const item = await screen.findByTestId('outbox-item');
    expect(item).toHaveTextContent('Confirm your email');
    expect(item).toHaveTextContent('verify_email');
    expect(within(item).getByRole('link', { name: 'https://x8.test/verify-email?token=abc' })).toHaveAttribute('href', 'https://x8.test/verify-email?token=abc');
  });
});

describe('role-based navigation', () => {
  it('shows "Dev outbox" to admins only when GET /admin/outbox answers', async () => {
    mockFetch({ ...signedIn(admin), '/api/v1/admin/outbox': json({ items: [] }) });
    renderApp('/admin/overview');
    const sidebar = await screen.findByTestId('sidebar');
    const link = await within(sidebar).findByRole('link', { name: 'Dev outbox' });
    expect(link).toHaveAttribute('href', '/admin/outbox');
    const labels = within(sidebar).getAllByRole('link').map((a) => a.textContent);
    expect(labels.slice(-2)).toEqual(['Dev outbox', 'Settings']);
  });

  it('hides "Dev outbox" when the endpoint answers 404 (SMTP configured)', async () => {
    const fetchMock = mockFetch({ ...signedIn(admin), '/api/v1/admin/outbox': apiError(404, 'not_found', 'no outbox') });
    renderApp('/admin/overview');
    const sidebar = await screen.findByTestId('sidebar');
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/admin/outbox'));
    await new Promise((r) => setTimeout(r, 20));
    expect(within(sidebar).queryByRole('link', { name: 'Dev outbox' })).not.toBeInTheDocument();
  });

  it('never asks for the outbox as a client or manager; clients get Companies', async () => {
    const fetchMock = mockFetch({ ...signedIn(user('CLIENT')), '/api/v1/companies': json({ items: [] }) });
    renderApp('/app/dashboard');
    const sidebar = await screen.findByTestId('sidebar');
    expect(within(sidebar).getByRole('link', { name: en.nav.companies })).toHaveAttribute('href', '/app/companies');
    expect(calls(fetchMock).some((c) => c.includes('/admin/'))).toBe(false);
  });
});

describe('manager area', () => {
  it('lists my clients and opens a client with its companies (account_id filter)', async () => {
    const fetchMock = mockFetch({
      ...signedIn(user('MANAGER')),
      '/api/v1/manager/clients': json({ items: [CLIENTS.items[0]] }),
      '/api/v1/manager/clients/acc_1': json(CLIENTS.items[0]),
      '/api/v1/companies': json({ items: [{ id: 'c1', code: 'COMP004', account_id: 'acc_1', name: 'Anna Shop', type: 'HYBRID', status: 'ACTIVE', timezone: 'UTC', currency: 'EUR', created_at: 1, updated_at: 1 }] }),
      'POST /api/v1/companies': json({ id: 'c2', code: 'COMP005' }, 201),
    });
    renderApp('/manager/clients');
    await userEvent.click(await screen.findByTestId('client-card'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Anna' })).toBeInTheDocument();
    expect(await screen.findByTestId('company-code')).toHaveTextContent('COMP004');
    expect(calls(fetchMock)).toContain('GET /api/v1/companies?account_id=acc_1');
    // Creating acts for the client.
    await userEvent.click(screen.getAllByRole('button', { name: 'New company' })[0]!);
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Company name'), 'Second');
    await userEvent.click(within(dialog).getByRole('radio', { name: /Hybrid/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create company' }));
    await waitFor(() => expect(bodyOf(fetchMock, 'POST', '/api/v1/companies')).toMatchObject({ name: 'Second', type: 'HYBRID', account_id: 'acc_1' }));
  });
});
