import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchMe, login as apiLogin, logout as apiLogout, register as apiRegister } from '../api/auth';
import type { LoginRequest, Me, RegisterRequest } from '../api/types';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut';

export interface Session {
  status: SessionStatus;
  user: Me | null;
  /** Set when /me failed for a reason other than 401/404 (e.g. server down). */
  error: Error | null;
  signIn: (body: LoginRequest) => Promise<Me | null>;
  signUp: (body: RegisterRequest) => Promise<Me | null>;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export const ME_QUERY_KEY = ['me'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    retry: false,
    staleTime: 5 * 60 * 1000,
    refetchOnWindowFocus: false,
  });

  const afterAuth = useCallback(
    async (user: Me | null): Promise<Me | null> => {
      if (user) {
        queryClient.setQueryData(ME_QUERY_KEY, user);
        return user;
      }
      // The response didn't carry the user: ask the server.
      return queryClient.fetchQuery({ queryKey: ME_QUERY_KEY, queryFn: ({ signal }) => fetchMe(signal) });
    },
    [queryClient],
  );

  const signIn = useCallback(async (body: LoginRequest) => afterAuth(await apiLogin(body)), [afterAuth]);
  const signUp = useCallback(
    async (body: RegisterRequest) => afterAuth(await apiRegister(body)),
    [afterAuth],
  );
  const signOut = useCallback(async () => {
    await apiLogout();
    queryClient.setQueryData(ME_QUERY_KEY, null);
    // Drop everything cached for the previous user.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_QUERY_KEY[0] });
  }, [queryClient]);
  const reload = useCallback(async () => {
    await me.refetch();
  }, [me]);

  const user = me.data ?? null;
  const status: SessionStatus = me.isPending ? 'loading' : user ? 'signedIn' : 'signedOut';
  const error = me.isError ? me.error : null;

  const value = useMemo<Session>(
    () => ({ status, user, error, signIn, signUp, signOut, reload }),
    [status, user, error, signIn, signUp, signOut, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
