export type Role = 'CLIENT' | 'MANAGER' | 'ADMIN';

export const ROLES: readonly Role[] = ['CLIENT', 'MANAGER', 'ADMIN'];

/** `GET /api/v1/me` */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
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
}

/** What login/register/refresh answer; the refresh token comes as an HttpOnly cookie. */
export interface TokenResponse {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  user?: Me;
}
