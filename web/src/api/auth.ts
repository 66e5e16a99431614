import { api, extractAccessToken, isApiError, tokenStore } from './client';
import { ROLES, type LoginRequest, type Me, type RegisterRequest, type TokenResponse } from './types';

function isMe(value: unknown): value is Me {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (typeof v.id === 'string' || typeof v.id === 'number') &&
    typeof v.email === 'string' &&
    typeof v.role === 'string' &&
    (ROLES as readonly string[]).includes(v.role)
  );
}

/**
 * Loads the signed-in user. 401 and 404 (accounts not deployed yet) mean
 * "signed out" and resolve to null; anything else is thrown.
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await api.get<unknown>('/me', { signal });
    if (!isMe(me)) return null;
    return { ...me, id: String(me.id), name: typeof me.name === 'string' ? me.name : '' };
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

async function storeToken(response: TokenResponse | undefined): Promise<Me | null> {
  const token = extractAccessToken(response);
  if (token) tokenStore.set(token);
  return response?.user && isMe(response.user) ? response.user : null;
}

export async function login(body: LoginRequest): Promise<Me | null> {
  return storeToken(await api.post<TokenResponse>('/auth/login', body, { auth: false }));
}

export async function register(body: RegisterRequest): Promise<Me | null> {
  return storeToken(await api.post<TokenResponse>('/auth/register', body, { auth: false }));
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
