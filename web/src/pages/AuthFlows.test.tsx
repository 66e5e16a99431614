import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tokenStore } from '../api/client';
import { apiError, bodyOf, calls, json, mockFetch, renderApp, sessionRoutes, user } from '../test/utils';

async function fillSignUp(password = 'correct horse battery') {
  await userEvent.type(await screen.findByLabelText('Your name'), 'Anna');
  await userEvent.type(screen.getByLabelText('Email'), 'anna@shop.com');
  await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('sign-up', () => {
  it('maps server errors to their field via details.field', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/register': apiError(422, 'invalid_argument', 'Password is too common.', { field: 'password' }),
    });
    renderApp('/sign-up');
    await fillSignUp();
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('Password is too common.'));
    expect(password).toHaveFocus();
    expect(screen.queryByTestId('form-alert')).not.toBeInTheDocument();
  });

  it('says "email taken" in the UI language for 409 conflict on email', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/register': apiError(409, 'conflict', 'email already registered', { field: 'email' }),
    });
    renderApp('/sign-up', { lng: 'ru' });
    await userEvent.type(await screen.findByLabelText('Ваше имя'), 'Анна');
    await userEvent.type(screen.getByLabelText('Email'), 'anna@shop.com');
    await userEvent.type(screen.getByLabelText('Пароль'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Создать аккаунт' }));
    expect(await screen.findByTestId('email-error')).toHaveTextContent('Аккаунт с этой почтой уже есть.');
    expect(bodyOf(globalThis.fetch as unknown as ReturnType<typeof mockFetch>, 'POST', '/api/v1/auth/register')).toMatchObject({ language: 'ru' });
  });

  it('shows the strength of the new password', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/sign-up');
    const password = await screen.findByLabelText('Password');
    await userEvent.type(password, 'abc');
    expect(screen.getByTestId('password-strength')).toHaveTextContent('Strength: weak');
    await userEvent.clear(password);
    await userEvent.type(password, 'Tulips & roses 42!');
    expect(screen.getByTestId('password-strength')).toHaveTextContent('Strength: strong');
  });

  it('after success shows "check your email" with a resend button', async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/register': json({ user: { ...user('CLIENT'), email: 'anna@shop.com' } }, 201),
      'POST /api/v1/auth/verify-email/resend': new Response(null, { status: 202 }),
    });
    renderApp('/sign-up');
    await fillSignUp();
    const screenEl = await screen.findByTestId('check-email');
    expect(screenEl).toHaveTextContent('anna@shop.com');
    // Resend is on a cooldown first (the mail just went out).
    expect(within(screenEl).getByRole('button', { name: /Resend in \d+ s/ })).toBeDisabled();
    expect(bodyOf(fetchMock, 'POST', '/api/v1/auth/register')).toEqual({
      name: 'Anna',
      email: 'anna@shop.com',
      password: 'correct horse battery',
      language: 'en',
    });
    expect(tokenStore.get()).toBeNull(); // no session until the email is verified
  });
});

describe('sign-in with two-step code', () => {
  function routes(verify: (code: string) => Response) {
    let signedIn = false;
    return {
      '/api/v1/me': () => (signedIn ? json(user('CLIENT')) : apiError(401, 'unauthenticated', 'no')),
      'POST /api/v1/auth/refresh': apiError(401, 'unauthenticated', 'no'),
      'POST /api/v1/auth/login': () => json({ two_factor_required: true, challenge_id: `lch_${Math.random()}` }),
      'POST /api/v1/auth/login/verify': (_url: string, init: RequestInit) => {
        const res = verify((JSON.parse(String(init.body)) as { code: string }).code);
        if (res.ok) signedIn = true;
        return res;
      },
    };
  }

  async function passwordStep() {
    await userEvent.type(await screen.findByLabelText('Email'), 'client@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'password-1234');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    return screen.findByTestId('two-factor-step');
  }

  it('accepts a pasted code ("123 456") and signs in', async () => {
    const fetchMock = mockFetch(
      routes((code) =>
        code === '123456'
          ? json({ access_token: 'tok', expires_in: 900, user: user('CLIENT') })
          : apiError(401, 'unauthenticated', 'Wrong code', { attempts_left: 4 }),
      ),
    );
    renderApp('/sign-in');
    await passwordStep();
    const first = screen.getByLabelText('Digit 1 of 6');
    await waitFor(() => expect(first).toHaveFocus());
    await userEvent.paste('123 456');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/app/dashboard'));
    const body = bodyOf(fetchMock, 'POST', '/api/v1/auth/login/verify') as { challenge_id: string; code: string };
    expect(body.code).toBe('123456');
    expect(body.challenge_id).toMatch(/^lch_/);
  });

  it('shows attempts left from details and clears the boxes', async () => {
    mockFetch(routes(() => apiError(401, 'unauthenticated', 'Wrong code', { attempts_left: 2 })));
    renderApp('/sign-in');
    await passwordStep();
    await userEvent.keyboard('999999');
    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not right. Attempts left: 2.');
    expect(screen.getByLabelText('Digit 1 of 6')).toHaveValue('');
  });

  it('with no attempts left asks for a new code; "send a new code" signs in again', async () => {
    const fetchMock = mockFetch(routes(() => apiError(401, 'unauthenticated', 'Expired', { attempts_left: 0 })));
    renderApp('/sign-in', { lng: 'ru' });
    await userEvent.type(await screen.findByLabelText('Email'), 'client@example.com');
    await userEvent.type(screen.getByLabelText('Пароль'), 'password-1234');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    await screen.findByTestId('two-factor-step');
    await userEvent.keyboard('111111');
    expect(await screen.findByRole('alert')).toHaveTextContent('Запросите новый');
    const logins = () => calls(fetchMock).filter((c) => c === 'POST /api/v1/auth/login').length;
    expect(logins()).toBe(1);
    expect(screen.getByRole('button', { name: /Повторить через \d+ с/ })).toBeDisabled();
  });

  it('rejects an incomplete code without calling the server', async () => {
    const fetchMock = mockFetch(routes(() => json({})));
    renderApp('/sign-in');
    await passwordStep();
    await userEvent.keyboard('12');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter all 6 digits of the code.');
    expect(calls(fetchMock)).not.toContain('POST /api/v1/auth/login/verify');
  });
});

describe('contract errors in the UI language', () => {
  it('401 unauthenticated on login reads "wrong email or password" in Russian', async () => {
    mockFetch({ ...sessionRoutes(null), 'POST /api/v1/auth/login': apiError(401, 'unauthenticated', 'wrong email or password') });
    renderApp('/sign-in', { lng: 'ru' });
    await userEvent.type(await screen.findByLabelText('Email'), 'a@b.co');
    await userEvent.type(screen.getByLabelText('Пароль'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Неверная почта или пароль.');
  });

  it('400 invalid_argument with details.field=password and min shows the length rule', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/register': apiError(400, 'invalid_argument', 'password must be 10 to 128 characters', { field: 'password', min: 10, max: 128 }),
    });
    renderApp('/sign-up');
    await fillSignUp();
    expect(await screen.findByTestId('password-error')).toHaveTextContent('Use at least 10 characters.');
  });
});

describe('lockout and rate limits', () => {
  it('shows the lockout with the retry time from details.retry_after_s', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/login': apiError(429, 'rate_limited', 'locked', { retry_after_s: 900, reason: 'locked' }),
    });
    renderApp('/sign-in');
    await userEvent.type(await screen.findByLabelText('Email'), 'a@b.co');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('your account is locked for now. Try again in 15 minutes.');
  });

  it('falls back to the Retry-After header, in Russian', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/login': () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), {
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '120' },
        }),
    });
    renderApp('/sign-in', { lng: 'ru' });
    await userEvent.type(await screen.findByLabelText('Email'), 'a@b.co');
    await userEvent.type(screen.getByLabelText('Пароль'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Слишком много попыток. Повторите через 2 минуты.');
  });

  it('offers to resend the verification link for an unverified email', async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/login': apiError(422, 'failed_precondition', 'not verified', { reason: 'email_not_verified' }),
      'POST /api/v1/auth/verify-email/resend': new Response(null, { status: 202 }),
    });
    renderApp('/sign-in');
    await userEvent.type(await screen.findByLabelText('Email'), 'a@b.co');
    await userEvent.type(screen.getByLabelText('Password'), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Send the link again' }));
    expect(await screen.findByText('Sent. Check your inbox.')).toBeInTheDocument();
    expect(bodyOf(fetchMock, 'POST', '/api/v1/auth/verify-email/resend')).toEqual({ email: 'a@b.co' });
  });
});

describe('links from emails', () => {
  it('verify-email: success, then sign in with the email filled in', async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/verify-email': json({ user: { ...user('CLIENT'), email: 'anna@shop.com' } }),
    });
    renderApp('/verify-email?token=tok123');
    expect(await screen.findByTestId('verify-success')).toHaveTextContent('Email confirmed');
    expect(bodyOf(fetchMock, 'POST', '/api/v1/auth/verify-email')).toEqual({ token: 'tok123' });
    await userEvent.click(screen.getByRole('link', { name: 'Continue to sign in' }));
    expect(await screen.findByLabelText('Email')).toHaveValue('anna@shop.com');
    expect(calls(fetchMock).filter((c) => c.startsWith('POST /api/v1/auth/verify-email'))).toHaveLength(1);
  });

  it('verify-email: an expired link offers a new one', async () => {
    mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/verify-email': apiError(404, 'not_found', 'gone'),
      'POST /api/v1/auth/verify-email/resend': new Response(null, { status: 202 }),
    });
    renderApp('/verify-email?token=old');
    expect(await screen.findByTestId('verify-expired')).toHaveTextContent('This link has expired');
    await userEvent.type(screen.getByLabelText('Email'), 'anna@shop.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send a new link' }));
    expect(await screen.findByText('Sent. Check your inbox.')).toBeInTheDocument();
  });

  it('magic link: consumes the token once and lands on the home page', async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/magic-link/consume': json({ access_token: 'tok', expires_in: 900, user: user('MANAGER') }),
    });
    renderApp('/magic?token=m1');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/manager/clients'));
    expect(calls(fetchMock).filter((c) => c.includes('magic-link/consume'))).toHaveLength(1);
  });

  it('reset-password ("set your password"): checks both fields, posts {token, password}', async () => {
    const fetchMock = mockFetch({
      ...sessionRoutes(null),
      'POST /api/v1/auth/password/reset': new Response(null, { status: 204 }),
    });
    renderApp('/reset-password?token=r1');
    expect(await screen.findByRole('heading', { name: 'Set your password' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('New password'), 'long enough pass');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'something else');
    await userEvent.click(screen.getByRole('button', { name: 'Save password' }));
    expect(screen.getByText('The passwords do not match.')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Repeat the password'));
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'long enough pass');
    await userEvent.click(screen.getByRole('button', { name: 'Save password' }));
    expect(await screen.findByTestId('reset-done')).toBeInTheDocument();
    expect(bodyOf(fetchMock, 'POST', '/api/v1/auth/password/reset')).toEqual({ token: 'r1', password: 'long enough pass' });
  });

  it('forgot-password always ends on "check your email"', async () => {
    const fetchMock = mockFetch({ ...sessionRoutes(null), 'POST /api/v1/auth/password/forgot': new Response(null, { status: 202 }) });
    renderApp('/forgot-password');
    await userEvent.type(await screen.findByLabelText('Email'), 'who@ever.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByTestId('check-email')).toHaveTextContent('who@ever.com');
    expect(bodyOf(fetchMock, 'POST', '/api/v1/auth/password/forgot')).toEqual({ email: 'who@ever.com' });
  });
});

describe('OAuth', () => {
  it('shows only the providers GET /auth/providers enables, linking to the start URL', async () => {
    mockFetch({ ...sessionRoutes(null), '/api/v1/auth/providers': json({ google: true, facebook: false }) });
    renderApp('/sign-in');
    const google = await screen.findByRole('link', { name: 'Continue with Google' });
    expect(google).toHaveAttribute('href', '/api/v1/auth/oauth/google/start?redirect=%2F');
    expect(screen.queryByRole('link', { name: 'Continue with Facebook' })).not.toBeInTheDocument();
  });

  it('shows no provider buttons when the endpoint is missing', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/sign-in');
    await screen.findByLabelText('Email');
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('oauth-buttons')).not.toBeInTheDocument();
  });

  it('/oauth/complete picks up the session from POST /auth/refresh and follows #redirect', async () => {
    mockFetch(sessionRoutes('CLIENT'));
    renderApp('/oauth/complete#redirect=/app/companies');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/app/companies'));
  });

  it('/oauth/complete without a session explains the failure', async () => {
    mockFetch(sessionRoutes(null));
    renderApp('/oauth/complete');
    expect(await screen.findByTestId('oauth-failed')).toHaveTextContent('Sign-in did not complete');
  });
});
