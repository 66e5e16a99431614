import { describe, expect, it } from 'vitest';
import { ApiError, api, apiUrl, refreshAccessToken, tokenStore, toApiError } from './client';
import { apiError, json, mockFetch } from '../test/utils';

function authHeader(init: RequestInit | undefined): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.Authorization;
}

describe('apiUrl', () => {
  it('prefixes /api/v1 once', () => {
    expect(apiUrl('/me')).toBe('/api/v1/me');
    expect(apiUrl('me')).toBe('/api/v1/me');
    expect(apiUrl('/api/v1/version')).toBe('/api/v1/version');
  });
});

describe('error mapping', () => {
  it('maps the server error body to ApiError{status, code, message, details}', async () => {
    mockFetch({ '/api/v1/things/7': apiError(404, 'not_found', 'Thing 7 does not exist', { id: 7 }) });
    const error = await api.get('/things/7').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'Thing 7 does not exist', details: { id: 7 } });
  });

  it('falls back to a status-based code when the body is not an error envelope', () => {
    const error = toApiError(502, 'Bad Gateway', '<html>oops</html>');
    expect(error).toMatchObject({ status: 502, code: 'server_error', message: 'Bad Gateway', details: {} });
    expect(toApiError(429, '', undefined).code).toBe('rate_limited');
  });

  it('turns a network failure into ApiError code "network"', async () => {
    mockFetch({
      '/api/v1/version': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await api.get('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network' });
  });

  it('sends and parses JSON, with the in-memory bearer token', async () => {
    tokenStore.set('tok-1');
    const fetchMock = mockFetch({ 'POST /api/v1/echo': (_url, init) => json({ got: JSON.parse(String(init.body)) }, 201) });
    await expect(api.post('/echo', { a: 1 })).resolves.toEqual({ got: { a: 1 } });
    const init = fetchMock.mock.calls[0]![1]!;
    expect(authHeader(init)).toBe('Bearer tok-1');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(window.localStorage.length).toBe(0);
  });
});

describe('refresh on 401', () => {
  it('refreshes once with credentials and retries with the new token', async () => {
    tokenStore.set('expired');
    const fetchMock = mockFetch({
      '/api/v1/me': (_url, init) =>
        authHeader(init) === 'Bearer fresh'
          ? json({ id: '1', email: 'a@b.co', name: 'A', role: 'CLIENT' })
          : apiError(401, 'token_expired', 'Access token expired'),
      'POST /api/v1/auth/refresh': json({ access_token: 'fresh' }),
    });
    await expect(api.get('/me')).resolves.toMatchObject({ email: 'a@b.co' });
    const calls = fetchMock.mock.calls.map(([url, init]) => `${init?.method ?? 'GET'} ${String(url)}`);
    expect(calls).toEqual(['GET /api/v1/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/me']);
    expect(fetchMock.mock.calls[1]![1]!.credentials).toBe('include');
    expect(tokenStore.get()).toBe('fresh');
  });

  it('gives up after one refresh when the retry is still 401', async () => {
    const fetchMock = mockFetch({
      '/api/v1/me': apiError(401, 'unauthorized', 'Nope'),
      'POST /api/v1/auth/refresh': json({ access_token: 'fresh' }),
    });
    const error = await api.get('/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'Nope' });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('throws the original 401 and clears the token when refresh fails', async () => {
    tokenStore.set('old');
    const fetchMock = mockFetch({
      '/api/v1/me': apiError(401, 'unauthorized', 'Sign in first'),
      'POST /api/v1/auth/refresh': apiError(401, 'invalid_refresh', 'Refresh token expired'),
    });
    const error = await api.get('/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, message: 'Sign in first' });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(tokenStore.get()).toBeNull();
  });

  it('shares one refresh between concurrent 401s', async () => {
    const fetchMock = mockFetch({
      '/api/v1/a': (_u, init) => (authHeader(init) ? json({ a: 1 }) : apiError(401, 'unauthorized', 'x')),
      '/api/v1/b': (_u, init) => (authHeader(init) ? json({ b: 2 }) : apiError(401, 'unauthorized', 'x')),
      'POST /api/v1/auth/refresh': () => new Promise((r) => setTimeout(() => r(json({ access_token: 't' })), 10)),
    });
    await expect(Promise.all([api.get('/a'), api.get('/b')])).resolves.toEqual([{ a: 1 }, { b: 2 }]);
    const refreshes = fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/auth/refresh'));
    expect(refreshes).toHaveLength(1);
  });

  it('never refreshes for login itself', async () => {
    const fetchMock = mockFetch({ 'POST /api/v1/auth/login': apiError(401, 'invalid_credentials', 'Wrong email or password') });
    await expect(api.post('/auth/login', {}, { auth: false })).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('refresh across tabs', () => {
  it('holds the Web Lock "x8.auth.refresh" while refreshing (tabs share the rotating cookie)', async () => {
    const names: string[] = [];
    const locks = { request: (name: string, cb: () => Promise<unknown>) => (names.push(name), cb()) };
    Object.defineProperty(window.navigator, 'locks', { value: locks, configurable: true });
    try {
      mockFetch({ 'POST /api/v1/auth/refresh': json({ access_token: 'locked-in' }) });
      await expect(refreshAccessToken()).resolves.toBe(true);
      expect(names).toEqual(['x8.auth.refresh']);
      expect(tokenStore.get()).toBe('locked-in');
    } finally {
      delete (window.navigator as { locks?: unknown }).locks;
    }
  });
});
