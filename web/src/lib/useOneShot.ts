import { useQuery, type QueryKey } from '@tanstack/react-query';

/**
 * Runs a single-use server call (consume a one-time token) exactly once per key, even under
 * React StrictMode's double effects and remounts: the query cache dedupes and never refetches.
 */
export function useOneShot<T>(key: QueryKey, fn: () => Promise<T>, enabled = true) {
  return useQuery({
    queryKey: ['one-shot', ...key],
    queryFn: fn,
    enabled,
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
