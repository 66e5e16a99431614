import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  login as apiLogin,
  logout as apiLogout,
  register as apiRegister,
  restoreSession,
  fetchMe,
  isComplete,
  type LoginResult,
} from '../api/auth';
import { tokenStore } from '../api/client';
import type { LoginRequest, Me, RegisterRequest } from '../api/types';
import { isLanguage, LANGUAGE_STORAGE_KEY } from '../i18n';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut';

export interface Session {
  status: SessionStatus;
  user: Me | null;
  /** Set when /me failed for a reason other than 401/404 (e.g. server down). */
  error: Error | null;
  /** Password step; a 'challenge' result needs `completeSignIn` after the 2FA code. */
  signIn: (body: LoginRequest) => Promise<LoginResult>;
  /** After a response that carried a session (2FA code, magic link, OAuth): store the user. */
  completeSignIn: (user: Me | null) => Promise<Me | null>;
  /** `POST /auth/register`: no session until the email is verified. */
  signUp: (body: RegisterRequest) => Promise<Me | null>;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
  /** Replace the cached user (after PATCH /me). */
  setUser: (user: Me) => void;
}

export const SessionContext = createContext<Session | null>(null);

export const ME_QUERY_KEY = ['me'] as const;

function hasStoredLanguage(): boolean {
  try {
    return isLanguage(window.localStorage.getItem(LANGUAGE_STORAGE_KEY));
  } catch {
    return false;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => restoreSession(signal),
    retry: false,
    staleTime: 5 * 60 * 1000,
    refetchOnWindowFocus: false,
  });

  // A refresh that failed mid-session (cookie expired or revoked) clears the token: sign out here too.
  useEffect(
    () =>
      tokenStore.subscribe((token) => {
        if (token === null && queryClient.getQueryData(ME_QUERY_KEY)) {
          queryClient.setQueryData(ME_QUERY_KEY, null);
        }
      }),
    [queryClient],
  );

  const serverLanguage = me.data?.language;
  useEffect(() => {
    // The account's language applies unless this device has its own choice.
    if (isLanguage(serverLanguage) && serverLanguage !== i18n.language && !hasStoredLanguage()) {
      void i18n.changeLanguage(serverLanguage);
    }
  }, [serverLanguage, i18n]);

  const completeSignIn = useCallback(
    async (user: Me | null): Promise<Me | null> => {
      if (user) {
        queryClient.setQueryData(ME_QUERY_KEY, user);
        // Complete it (plan, trial, manager) from /me in the background.
        if (!isComplete(user)) {
          void fetchMe()
            .then((full) => full && queryClient.setQueryData(ME_QUERY_KEY, full))
            .catch(() => {});
        }
        return user;
      }
      // The response didn't carry the user: ask the server.
      return queryClient.fetchQuery({ queryKey: ME_QUERY_KEY, queryFn: ({ signal }) => fetchMe(signal) });
    },
    [queryClient],
  );

  const signIn = useCallback(
    async (body: LoginRequest): Promise<LoginResult> => {
      const result = await apiLogin(body);
      if (result.kind === 'session') return { kind: 'session', user: await completeSignIn(result.user) };
      return result;
    },
    [completeSignIn],
  );
  const signUp = useCallback((body: RegisterRequest) => apiRegister(body), []);
  const signOut = useCallback(async () => {
    await apiLogout();
    queryClient.setQueryData(ME_QUERY_KEY, null);
    // Drop everything cached for the previous user.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
  }, [queryClient]);
  const reload = useCallback(async () => {
    await me.refetch();
  }, [me]);
  const setUser = useCallback(
    (user: Me) =>
      // PATCH /me answers without `account`: keep what /me said about it.
      queryClient.setQueryData<Me | null>(ME_QUERY_KEY, (old) => ({ ...(old ?? {}), ...user }) as Me),
    [queryClient],
  );

  const user = me.data ?? null;
  const status: SessionStatus = me.isPending ? 'loading' : user ? 'signedIn' : 'signedOut';
  const error = me.isError ? me.error : null;

  const value = useMemo<Session>(
    () => ({ status, user, error, signIn, completeSignIn, signUp, signOut, reload, setUser }),
    [status, user, error, signIn, completeSignIn, signUp, signOut, reload, setUser],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
