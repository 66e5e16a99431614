export type Role = 'CLIENT' | 'MANAGER' | 'ADMIN';

export const ROLES: readonly Role[] = ['CLIENT', 'MANAGER', 'ADMIN'];

/** A person as embedded elsewhere (manager of an account, owner of a client). */
export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

/** `me.account` — CLIENT only. */
export interface AccountSummary {
  plan: string;
  /** Unix milliseconds; null when not on a trial. */
  trial_ends_at: number | null;
  channel_limit: number;
  manager: PersonRef | null;
}

/** `GET /api/v1/me` (docs/design/accounts.md). Fields after `role` may be missing on old servers. */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  account_id?: string | null;
  email_verified?: boolean;
  two_factor_enabled?: boolean;
  language?: string;
  account?: AccountSummary | null;
}

/** `GET /healthz` */
export interface Health {
  status: string;
}

/** `GET /readyz` — 200 `{"status":"ready",...}` or 503 `{"status":"not_ready",...}` */
export interface Readiness {
  status: string;
  checks?: Record<string, string>;
}

/** `GET /api/v1/version` */
export interface VersionInfo {
  version: string;
  commit?: string;
  database?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
  language?: string;
}

/** What login/verify/magic/refresh answer with a session; the refresh token comes as an HttpOnly cookie. */
export interface TokenResponse {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  user?: Me;
}

/** `POST /auth/login`: either a session or a 2FA challenge. */
export interface LoginChallenge {
  two_factor_required: true;
  challenge_id: string;
}

/** `GET /auth/providers` */
export interface Providers {
  google: boolean;
  facebook: boolean;
}

/** `GET /me/sessions` item */
export interface SessionInfo {
  id: string;
  created_at: number;
  last_used_at: number;
  user_agent: string;
  ip: string;
  current: boolean;
}

export type CompanyType = 'PRODUCT' | 'SERVICE' | 'HYBRID';
export type CompanyStatus = 'ACTIVE' | 'INACTIVE' | 'SUSPENDED';
export const COMPANY_TYPES: readonly CompanyType[] = ['PRODUCT', 'SERVICE', 'HYBRID'];
export const COMPANY_STATUSES: readonly CompanyStatus[] = ['ACTIVE', 'INACTIVE', 'SUSPENDED'];

export interface CompanyStats {
  messages_in: number;
  messages_out: number;
  conversations: number;
}

export interface Company {
  id: string;
  code: string;
  account_id: string;
  name: string;
  type: CompanyType;
  status: CompanyStatus;
  timezone: string;
  currency: string;
  created_at: number;
  updated_at: number;
  stats?: CompanyStats;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface Account {
  id: string;
  owner_user_id?: string;
  manager_user_id?: string | null;
  plan?: string;
  channel_limit?: number;
  trial_ends_at?: number | null;
  created_at?: number;
}

/** `GET /manager/clients` and `GET /admin/clients` item. */
export interface ClientItem {
  account: Account;
  owner: PersonRef;
  companies_count?: number;
  stats?: Partial<CompanyStats>;
  /** Admin list: the assigned manager, when the server embeds it. */
  manager?: PersonRef | null;
}

/** `GET /admin/managers` item. */
export interface ManagerItem extends PersonRef {
  clients_count?: number;
  created_at?: number;
  email_verified?: boolean;
}

/** `GET /admin/stats` */
export interface AdminStats {
  users_by_role?: Partial<Record<Role, number>>;
  accounts?: number;
  companies_by_status?: Partial<Record<CompanyStatus, number>>;
  /** A number, or per-day counts. */
  signups_last_7d?: number | { date: string; count: number }[];
}

/** `GET /admin/outbox` item (dev outbox). */
export interface OutboxMessage {
  id?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  tag?: string;
  created_at?: number;
}
