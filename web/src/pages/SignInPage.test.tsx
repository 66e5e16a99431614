import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, json, mockFetch, renderApp, sessionRoutes, user } from '../test/utils';

describe('sign-in form', () => {
  it('validates on the client and does not call the server', async () => {
    const fetchMock = mockFetch(sessionRoutes(null));
    renderApp('/sign-in');
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(email).toHaveFocus();

    await userEvent.type(email, 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter a valid email address, like name@example.com.')).toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/auth/login'))).toBe(false);
  });

  it('shows validation in Russian too', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/sign-in', { lng: 'ru' });
    await userEvent.click(await screen.findByRole('button', { name: 'Войти' }));
    expect(screen.getByText('Введите адрес электронной почты.')).toBeInTheDocument();
    expect(screen.getByText('Введите пароль.')).toBeInTheDocument();
  });

  it('explains an OAuth failure sent back by the callback', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/sign-in?oauth_error=email_required');
    expect(await screen.findByRole('alert')).toHaveTextContent('did not share an email address');
  });

  it('falls back to a general message for unknown OAuth failures, in Russian too', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/sign-in?oauth_error=server_error', { lng: 'ru' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Не удалось войти через этот аккаунт');
  });

  it("shows the server's error message", async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/login': apiError(401, 'invalid_credentials', 'Wrong email or password.'),
    });
    renderApp('/sign-in');
    await userEvent.type(await screen.findByLabelText('Email'), 'anna@shop.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Wrong email or password.')).toBeInTheDocument();
    const login = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/auth/login'))!;
    expect(JSON.parse(String(login[1]!.body))).toEqual({ email: 'anna@shop.com', password: 'secret-pass' });
  });

  it('says so when the server has no sign-in endpoint yet', async () => {
    mockFetch({ ...sessionRoutes(null), 'POST /api/v1/auth/login': apiError(404, 'not_found', 'No such route') });
    renderApp('/sign-in', { lng: 'ru' });
    await userEvent.type(await screen.findByLabelText('Email'), 'anna@shop.com');
    await userEvent.type(screen.getByLabelText('Пароль'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Эта функция пока недоступна на сервере.');
  });

  it('explains a network failure in the UI language', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/login': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    renderApp('/sign-in');
    await userEvent.type(await screen.findByLabelText('Email'), 'anna@shop.com');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the X8 server');
  });

  it('signs in and lands on the role home', async () => {
    let signedIn = false;
    mockFetch({
      '/api/v1/me': () => (signedIn ? json(user('CLIENT')) : apiError(401, 'unauthorized', 'no')),
      'POST /api/v1/auth/refresh': apiError(401, 'unauthorized', 'no'),
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return json({ access_token: 'tok', token_type: 'Bearer' });
      },
    });
    renderApp('/sign-in');
    await userEvent.type(await screen.findByLabelText('Email'), 'client@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'password1');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/app/dashboard'));
  });
});

describe('sign-up form', () => {
  it('requires a name and a 10-character password (the contract\'s minimum)', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/sign-up');
    await userEvent.type(await screen.findByLabelText('Email'), 'a@b.co');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByText('Enter your name.')).toBeInTheDocument();
    expect(screen.getByText('Use at least 10 characters.')).toBeInTheDocument();
  });

  it('posts {email, password, name, language} and shows server errors', async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/register': apiError(409, 'email_taken', 'This email is already registered.'),
    });
    renderApp('/sign-up');
    await userEvent.type(await screen.findByLabelText('Your name'), 'Anna');
    await userEvent.type(screen.getByLabelText('Email'), 'anna@shop.com');
    await userEvent.type(screen.getByLabelText('Password'), 'long-enough');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This email is already registered.');
    const call = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/auth/register'))!;
    expect(JSON.parse(String(call[1]!.body))).toEqual({ email: 'anna@shop.com', password: 'long-enough', name: 'Anna', language: 'en' });
  });
});
