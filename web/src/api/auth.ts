import { api, isApiError, refreshSession, tokenStore, extractAccessToken } from './client';
import {
  ROLES,
  type LoginChallenge,
  type LoginRequest,
  type Me,
  type Providers,
  type RegisterRequest,
  type TokenResponse,
} from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMe(value: unknown): value is Me {
  if (!isRecord(value)) return false;
  return (
    (typeof value.id === 'string' || typeof value.id === 'number') &&
    typeof value.email === 'string' &&
    typeof value.role === 'string' &&
    (ROLES as readonly string[]).includes(value.role)
  );
}

function normalizeMe(value: Me): Me {
  return { ...value, id: String(value.id), name: typeof value.name === 'string' ? value.name : '' };
}

/**
 * Session answers (login, refresh, magic link) carry the user without `account`; only `GET /me`
 * has it. A CLIENT needs it (plan, trial, manager), so such a user is completed from /me.
 */
export function isComplete(user: Me): boolean {
  return user.role !== 'CLIENT' || user.account !== undefined;
}

/** A user from `{user: {...}}` or a bare user object; null otherwise. */
export function userFrom(body: unknown): Me | null {
  if (isRecord(body) && isMe(body.user)) return normalizeMe(body.user);
  if (isMe(body)) return normalizeMe(body);
  return null;
}

/**
 * Loads the signed-in user. 401 and 404 (accounts not deployed yet) mean
 * "signed out" and resolve to null; anything else is thrown.
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return userFrom(await api.get<unknown>('/me', { signal }));
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

/**
 * App start: with no access token in memory, ask for one with the refresh cookie
 * (`POST /auth/refresh`, which also returns the user). Signed out when that fails.
 */
export async function restoreSession(signal?: AbortSignal): Promise<Me | null> {
  if (!tokenStore.get()) {
    const body = await refreshSession();
    if (!body) return null;
    const user = userFrom(body);
    if (user && isComplete(user)) return user;
  }
  return fetchMe(signal);
}

/** Stores the access token of a session response; returns the user it carries (or null). */
export function acceptSession(response: unknown): Me | null {
  const token = extractAccessToken(response);
  if (token) tokenStore.set(token);
  return userFrom(response);
}

export type LoginResult = { kind: 'session'; user: Me | null } | { kind: 'challenge'; challengeId: string };

function isChallenge(body: unknown): body is LoginChallenge {
  return isRecord(body) && body.two_factor_required === true && typeof body.challenge_id === 'string';
}

/** `POST /auth/login` → a session (2FA off) or a challenge whose code was emailed. */
export async function login(body: LoginRequest): Promise<LoginResult> {
  const response = await api.post<unknown>('/auth/login', body, { auth: false });
  if (isChallenge(response)) return { kind: 'challenge', challengeId: response.challenge_id };
  return { kind: 'session', user: acceptSession(response) };
}

/** `POST /auth/login/verify` with the emailed 6-digit code. */
export async function verifyLoginCode(challengeId: string, code: string): Promise<Me | null> {
  return acceptSession(
    await api.post<TokenResponse>('/auth/login/verify', { challenge_id: challengeId, code }, { auth: false }),
  );
}

/** `POST /auth/register` → 201 {user}; no session until the email is verified. */
export async function register(body: RegisterRequest): Promise<Me | null> {
  return userFrom(await api.post<unknown>('/auth/register', body, { auth: false }));
}

export async function verifyEmail(token: string): Promise<Me | null> {
  return userFrom(await api.post<unknown>('/auth/verify-email', { token }, { auth: false }));
}

export async function resendVerification(email: string): Promise<void> {
  await api.post('/auth/verify-email/resend', { email }, { auth: false });
}

export async function requestMagicLink(email: string): Promise<void> {
  await api.post('/auth/magic-link', { email }, { auth: false });
}

export async function consumeMagicLink(token: string): Promise<Me | null> {
  return acceptSession(await api.post<TokenResponse>('/auth/magic-link/consume', { token }, { auth: false }));
}

export async function forgotPassword(email: string): Promise<void> {
  await api.post('/auth/password/forgot', { email }, { auth: false });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await api.post('/auth/password/reset', { token, password }, { auth: false });
}

/** `GET /auth/providers`; any failure (404 on old servers) means "no providers". */
export async function fetchProviders(signal?: AbortSignal): Promise<Providers> {
  try {
    const body = await api.get<unknown>('/auth/providers', { signal, auth: false });
    return {
      google: isRecord(body) && body.google === true,
      facebook: isRecord(body) && body.facebook === true,
    };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { google: false, facebook: false };
  }
}

/** Full-page navigation to the server, which redirects to the provider. */
export function oauthStartUrl(provider: 'google' | 'facebook', redirect: string): string {
  return `/api/v1/auth/oauth/${provider}/start?redirect=${encodeURIComponent(redirect)}`;
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout', undefined, { auth: true });
  } catch {
    // Signing out locally must work even when the server can't be reached.
  } finally {
    tokenStore.clear();
  }
}
