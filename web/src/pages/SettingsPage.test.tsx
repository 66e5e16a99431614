import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, bodyOf, calls, json, mockFetch, renderApp, signedIn, user } from '../test/utils';

const me = { ...user('CLIENT'), name: 'Anna', email_verified: true, two_factor_enabled: true, language: 'en' };
const SESSIONS = {
  items: [
    { id: 'ses_1', created_at: 1, last_used_at: Date.now(), user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0', ip: '10.0.0.1', current: true },
    { id: 'ses_2', created_at: 1, last_used_at: Date.now() - 3600_000, user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1', ip: '10.0.0.2', current: false },
  ],
};

function deferred() {
  let resolve!: (r: Response) => void;
  const promise = new Promise<Response>((r) => (resolve = r));
  return { promise, resolve };
}

describe('settings: sessions', () => {
  it('lists sessions with a "this device" marker and revokes others optimistically', async () => {
    const pending = deferred();
    const fetchMock = mockFetch({
      ...signedIn(me),
      '/api/v1/me/sessions': json(SESSIONS),
      'DELETE /api/v1/me/sessions/ses_2': () => pending.promise,
    });
    renderApp('/settings');
    const rows = await screen.findAllByTestId('session-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('This device')).toBeInTheDocument();
    expect(within(rows[0]!).queryByRole('button')).not.toBeInTheDocument(); // no revoke for the current one
    expect(rows[1]).toHaveTextContent('Safari on iOS');

    await userEvent.click(within(rows[1]!).getByRole('button', { name: 'Sign out Safari on iOS' }));
    // Gone before the server answered.
    await waitFor(() => expect(screen.getAllByTestId('session-row')).toHaveLength(1));
    expect(calls(fetchMock)).toContain('DELETE /api/v1/me/sessions/ses_2');
    pending.resolve(new Response(null, { status: 204 }));
  });

  it('puts the session back and explains when revoking fails', async () => {
    mockFetch({
      ...signedIn(me),
      '/api/v1/me/sessions': json(SESSIONS),
      'DELETE /api/v1/me/sessions/ses_2': apiError(404, 'not_found', 'Session not found.'),
    });
    renderApp('/settings');
    const rows = await screen.findAllByTestId('session-row');
    await userEvent.click(within(rows[1]!).getByRole('button', { name: /Sign out/ }));
    expect(await within(screen.getByTestId('settings-sessions')).findByRole('alert')).toHaveTextContent('Session not found.');
    expect(screen.getAllByTestId('session-row')).toHaveLength(2);
  });

  it('shows an error with a retry when the list cannot be loaded', async () => {
    mockFetch({ ...signedIn(me), '/api/v1/me/sessions': apiError(500, 'internal', 'Database is down.') });
    renderApp('/settings');
    const card = await screen.findByTestId('settings-sessions');
    expect(await within(card).findByText('Database is down.')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('settings: profile, 2FA, password', () => {
  it('toggles two-step sign-in optimistically and rolls back on error', async () => {
    const pending = deferred();
    mockFetch({ ...signedIn(me), '/api/v1/me/sessions': json({ items: [] }), 'PATCH /api/v1/me': () => pending.promise });
    renderApp('/settings');
    const toggle = await screen.findByRole('switch', { name: 'Email code at sign-in' });
    expect(toggle).toHaveAttribute('aria-checked', 'true');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    pending.resolve(apiError(500, 'internal', 'Could not save.'));
    await waitFor(() => expect(toggle).toHaveAttribute('aria-checked', 'true'));
    expect(within(screen.getByTestId('settings-two-factor')).getByRole('alert')).toHaveTextContent('Could not save.');
  });

  it('saves name and language with PATCH /me and switches the UI language', async () => {
    const fetchMock = mockFetch({
      ...signedIn(me),
      '/api/v1/me/sessions': json({ items: [] }),
      'PATCH /api/v1/me': (_u, init) => json({ user: { ...me, ...(JSON.parse(String(init.body)) as object) } }),
    });
    renderApp('/settings');
    const name = await screen.findByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Anna K');
    await userEvent.selectOptions(within(screen.getByTestId('settings-profile')).getByLabelText('Language'), 'ru');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Настройки' })).toBeInTheDocument();
    expect(bodyOf(fetchMock, 'PATCH', '/api/v1/me')).toEqual({ name: 'Anna K', language: 'ru' });
    expect(window.localStorage.getItem('x8.language')).toBe('ru');
  });

  it('changes the password; a wrong current password shows under its field', async () => {
    const fetchMock = mockFetch({
      ...signedIn(me),
      '/api/v1/me/sessions': json({ items: [] }),
      'POST /api/v1/me/password': apiError(401, 'unauthenticated', 'Wrong password.', { field: 'current_password' }),
    });
    renderApp('/settings');
    await userEvent.type(await screen.findByLabelText('Current password'), 'old-password');
    await userEvent.type(screen.getByLabelText('New password'), 'new long password');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'new long password');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription('Wrong password.'));
    expect(bodyOf(fetchMock, 'POST', '/api/v1/me/password')).toEqual({ current_password: 'old-password', new_password: 'new long password' });
  });
});
