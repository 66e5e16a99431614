/**
 * X8 API client.
 *
 * - Every call goes to `/api/v1/...` with JSON in and out.
 * - The access token lives IN MEMORY only (module-level store below). It is never
 *   written to localStorage/sessionStorage. The refresh token is an HttpOnly cookie
 *   set by the server; we only ever send it by calling `POST /api/v1/auth/refresh`
 *   with `credentials: 'include'`.
 * - On a 401 the client refreshes once (concurrent 401s share one refresh call),
 *   retries the original request once, and gives up after that.
 * - Errors are thrown as `ApiError { status, code, message, details }`. The server's
 *   error body is `{"error":{"code":"not_found","message":"…","details":{…}}}`.
 *   A network failure is `ApiError` with `status: 0` and `code: 'network'`.
 */

export const API_PREFIX = '/api/v1';

export type ErrorDetails = Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(status: number, code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

// ---------------------------------------------------------------------------
// In-memory access token store
// ---------------------------------------------------------------------------

type TokenListener = (token: string | null) => void;

let accessToken: string | null = null;
const tokenListeners = new Set<TokenListener>();

export const tokenStore = {
  get(): string | null {
    return accessToken;
  },
  set(token: string | null): void {
    accessToken = token;
    tokenListeners.forEach((listener) => listener(token));
  },
  clear(): void {
    tokenStore.set(null);
  },
  subscribe(listener: TokenListener): () => void {
    tokenListeners.add(listener);
    return () => tokenListeners.delete(listener);
  },
};

// ---------------------------------------------------------------------------
// Error mapping
// ---------------------------------------------------------------------------

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

function fallbackCode(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'http_error');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds an ApiError from a non-2xx response (body already parsed, or undefined). */
export function toApiError(status: number, statusText: string, body: unknown, headers?: Headers): ApiError {
  const err = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof err?.code === 'string' && err.code ? err.code : fallbackCode(status);
  const message =
    typeof err?.message === 'string' && err.message
      ? err.message
      : statusText || `Request failed with status ${status}`;
  const details: ErrorDetails = isRecord(err?.details) ? { ...err.details } : {};
  // `Retry-After: <seconds>` (429/503) becomes details.retry_after_s unless the body has it.
  const retryAfter = headers?.get('retry-after');
  if (retryAfter && details.retry_after_s === undefined && /^\d+$/.test(retryAfter.trim())) {
    details.retry_after_s = Number(retryAfter.trim());
  }
  return new ApiError(status, code, message, details);
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json') || /^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'network', 'Network error: the server could not be reached.', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

// ---------------------------------------------------------------------------
// Refresh
// ---------------------------------------------------------------------------

let refreshInFlight: Promise<Record<string, unknown> | null> | null = null;

/** Extracts an access token from a login/register/refresh response body. */
export function extractAccessToken(body: unknown): string | null {
  if (!isRecord(body)) return null;
  for (const key of ['access_token', 'accessToken', 'token']) {
    const value = body[key];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

type LockManagerLike = { request: <T>(name: string, cb: () => Promise<T>) => Promise<T> };

/**
 * Tabs share the refresh cookie, and the server treats a second use of a rotated refresh token as
 * theft (the whole session is revoked). The Web Locks API makes tabs refresh one after another, so
 * the later tab sends the cookie the earlier one just received. Without the API: no lock.
 */
function acrossTabs<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (typeof navigator !== 'undefined' ? (navigator as { locks?: LockManagerLike }).locks : undefined);
  return locks ? locks.request('x8.auth.refresh', fn) : fn();
}

/**
 * Calls `POST /api/v1/auth/refresh` (refresh token travels as an HttpOnly cookie).
 * Resolves to the response body (`{access_token, expires_in, user}`) once the new access
 * token is stored, or null (token cleared). Never throws. Concurrent callers share one
 * call: the server rotates the refresh token, so a second parallel refresh would present
 * an already-used token and revoke the session.
 */
export function refreshSession(): Promise<Record<string, unknown> | null> {
  if (!refreshInFlight) {
    refreshInFlight = (async () => {
      try {
        const response = await acrossTabs(() =>
          fetch(`${API_PREFIX}/auth/refresh`, {
            method: 'POST',
            credentials: 'include',
            headers: { Accept: 'application/json' },
          }),
        );
        const body = response.ok ? await readBody(response) : undefined;
        const token = extractAccessToken(body);
        if (!token || !isRecord(body)) {
          tokenStore.clear();
          return null;
        }
        tokenStore.set(token);
        return body;
      } catch {
        return null;
      } finally {
        refreshInFlight = null;
      }
    })();
  }
  return refreshInFlight;
}

/** Resolves to true when a new access token was stored. Never throws. */
export async function refreshAccessToken(): Promise<boolean> {
  return (await refreshSession()) !== null;
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** JSON-serialisable body. */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Send the bearer token and refresh on 401 (default true). */
  auth?: boolean;
  /** A raw body (file upload) sent as is instead of JSON; set its type in `headers`. */
  rawBody?: Blob | ArrayBuffer;
}

/** Turns `/me` or `me` into `/api/v1/me`; leaves `/api/v1/...` untouched. */
export function apiUrl(path: string): string {
  if (path.startsWith(`${API_PREFIX}/`) || path === API_PREFIX) return path;
  return `${API_PREFIX}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** Public auth endpoints never trigger a refresh (their 401 means "wrong password/code"). */
const NO_REFRESH_PREFIX = `${API_PREFIX}/auth/`;

async function apiResponse(path: string, options: RequestOptions): Promise<Response> {
  const url = apiUrl(path);
  const useAuth = options.auth ?? true;
  const mayRefresh = useAuth && !url.startsWith(NO_REFRESH_PREFIX);

  const attempt = async (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    let body: BodyInit | undefined;
    if (options.rawBody !== undefined) {
      headers['Content-Type'] ??= 'application/octet-stream';
      body = options.rawBody;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const token = tokenStore.get();
    if (useAuth && token) headers.Authorization = `Bearer ${token}`;
    return send(url, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      // The refresh cookie (Path=/api/v1/auth) must reach /auth/logout as well.
      credentials: url.startsWith(NO_REFRESH_PREFIX) ? 'include' : 'same-origin',
    });
  };

  let response = await attempt();
  if (response.status === 401 && mayRefresh) {
    const refreshed = await refreshAccessToken();
    if (refreshed) response = await attempt();
  }
  return response;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  const parsed = await readBody(response);
  if (!response.ok) throw toApiError(response.status, response.statusText, parsed, response.headers);
  return parsed as T;
}

/** A download (CSV export): the body as a Blob plus the file name from Content-Disposition. */
export async function apiDownload(path: string, options: RequestOptions = {}): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await apiResponse(path, options);
  if (!response.ok) {
    const parsed = await readBody(response);
    throw toApiError(response.status, response.statusText, parsed, response.headers);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), fileName: match ? decodeURIComponent(match[1]!) : null };
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
  /** POST a file as the raw body (`X-File-Name` percent-encoded). */
  upload: <T>(path: string, file: Blob, fileName: string, options: Omit<RequestOptions, 'method' | 'body' | 'rawBody'> = {}) =>
    apiRequest<T>(path, {
      ...options,
      method: 'POST',
      rawBody: file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(fileName), ...options.headers },
    }),
};

/**
 * For endpoints outside /api/v1 whose non-2xx answers are still meaningful
 * (e.g. `/readyz` answers 503 with `{"status":"not_ready",...}`).
 * Network failures throw ApiError('network'); any HTTP status resolves.
 */
export async function fetchJsonWithStatus<T>(
  url: string,
  signal?: AbortSignal,
): Promise<{ status: number; body: T | undefined }> {
  const response = await send(url, { headers: { Accept: 'application/json' }, signal });
  const body = await readBody(response);
  return { status: response.status, body: (isRecord(body) ? body : undefined) as T | undefined };
}
