/** Signed-in endpoints of docs/design/accounts.md: profile, sessions, companies, manager and admin areas. */
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from './client';
import { userFrom } from './auth';
import type {
  AdminStats,
  ClientItem,
  Company,
  CompanyStatus,
  CompanyType,
  Me,
  ManagerItem,
  OutboxMessage,
  Page,
  SessionInfo,
} from './types';

/** `{items:[…]}` or a bare array → an array. */
export function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    return (body as { items: T[] }).items;
  }
  return [];
}

// --- profile -----------------------------------------------------------------

export interface ProfilePatch {
  name?: string;
  language?: string;
  two_factor_enabled?: boolean;
}

export async function updateMe(patch: ProfilePatch): Promise<Me | null> {
  return userFrom(await api.patch<unknown>('/me', patch));
}

export async function changePassword(current_password: string, new_password: string): Promise<void> {
  await api.post('/me/password', { current_password, new_password });
}

export const SESSIONS_KEY = ['me', 'sessions'] as const;

export async function fetchSessions(signal?: AbortSignal): Promise<SessionInfo[]> {
  return itemsOf<SessionInfo>(await api.get<unknown>('/me/sessions', { signal }));
}

export async function revokeSession(id: string): Promise<void> {
  await api.delete(`/me/sessions/${encodeURIComponent(id)}`);
}

// --- companies ---------------------------------------------------------------

export interface CompanyFilter {
  q?: string;
  status?: CompanyStatus | '';
  /** Manager/admin acting for a client. */
  accountId?: string | undefined;
  cursor?: string | undefined;
}

export function companiesKey(accountId: string | undefined) {
  return ['companies', accountId ?? 'own'] as const;
}

export async function fetchCompanies(filter: CompanyFilter, signal?: AbortSignal): Promise<Page<Company>> {
  const params = new URLSearchParams();
  if (filter.q?.trim()) params.set('q', filter.q.trim());
  if (filter.status) params.set('status', filter.status);
  if (filter.accountId) params.set('account_id', filter.accountId);
  if (filter.cursor) params.set('cursor', filter.cursor);
  const qs = params.toString();
  const body = await api.get<unknown>(`/companies${qs ? `?${qs}` : ''}`, { signal });
  const next = body && typeof body === 'object' ? (body as { next_cursor?: unknown }).next_cursor : null;
  return { items: itemsOf<Company>(body), next_cursor: typeof next === 'string' && next ? next : null };
}

export interface CompanyInput {
  name: string;
  type: CompanyType;
  timezone?: string;
  currency?: string;
  status?: CompanyStatus;
  account_id?: string;
}

export function createCompany(input: CompanyInput): Promise<Company> {
  return api.post<Company>('/companies', input);
}

export function updateCompany(id: string, patch: Partial<CompanyInput>): Promise<Company> {
  return api.patch<Company>(`/companies/${encodeURIComponent(id)}`, patch);
}

export async function deleteCompany(id: string): Promise<void> {
  await api.delete(`/companies/${encodeURIComponent(id)}`);
}

// --- manager area ------------------------------------------------------------

export async function fetchManagerClients(signal?: AbortSignal): Promise<ClientItem[]> {
  return itemsOf<ClientItem>(await api.get<unknown>('/manager/clients', { signal }));
}

export async function fetchManagerClient(accountId: string, signal?: AbortSignal): Promise<ClientItem> {
  const body = await api.get<unknown>(`/manager/clients/${encodeURIComponent(accountId)}`, { signal });
  // `{account, owner, …}` or `{client: {...}}`
  const inner = body && typeof body === 'object' && 'client' in body ? (body as { client: unknown }).client : body;
  return inner as ClientItem;
}

// --- admin area --------------------------------------------------------------

export function fetchAdminStats(signal?: AbortSignal): Promise<AdminStats> {
  return api.get<AdminStats>('/admin/stats', { signal });
}

export async function fetchManagers(signal?: AbortSignal): Promise<ManagerItem[]> {
  return itemsOf<ManagerItem>(await api.get<unknown>('/admin/managers', { signal }));
}

export function inviteManager(input: { email: string; name: string }): Promise<unknown> {
  return api.post('/admin/managers', input);
}

export async function fetchAdminClients(q: string, signal?: AbortSignal): Promise<ClientItem[]> {
  const qs = q.trim() ? `?q=${encodeURIComponent(q.trim())}` : '';
  return itemsOf<ClientItem>(await api.get<unknown>(`/admin/clients${qs}`, { signal }));
}

export async function assignManager(accountId: string, managerUserId: string | null): Promise<void> {
  await api.put(`/admin/clients/${encodeURIComponent(accountId)}/manager`, { manager_user_id: managerUserId });
}

export const OUTBOX_KEY = ['admin', 'outbox'] as const;

export async function fetchOutbox(signal?: AbortSignal): Promise<OutboxMessage[]> {
  return itemsOf<OutboxMessage>(await api.get<unknown>('/admin/outbox', { signal }));
}

/** The dev outbox answers only without SMTP; 404 hides it. */
export function useOutbox(enabled: boolean) {
  return useQuery({
    queryKey: OUTBOX_KEY,
    queryFn: ({ signal }) => fetchOutbox(signal),
    enabled,
    retry: (count, error) => count < 1 && !(isApiError(error) && error.status < 500 && error.status > 0),
    staleTime: 10_000,
  });
}

/** Which manager an admin client item is assigned to (embedded object or the account column). */
export function managerIdOf(item: ClientItem): string | null {
  return item.manager?.id ?? item.account.manager_user_id ?? null;
}
