import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';
import { currentLocale, formatDuration } from '../lib/format';

/** The message to show for a failed request: the server's own words when it sent some. */
export function errorMessage(
  error: unknown,
  t: TFunction,
  { missingEndpoint = false }: { missingEndpoint?: boolean } = {},
): string {
  if (isApiError(error)) {
    if (error.code === 'network') return t('errors.network');
    // Auth forms: 404/405 means the server does not have this endpoint (yet).
    if (missingEndpoint && (error.status === 404 || error.status === 405)) return t('errors.unavailable');
    if (error.status === 429) return rateLimitMessage(error.details, t);
    return error.message || t('errors.generic');
  }
  return t('errors.generic');
}

/** Seconds to wait, from details.retry_after_s (or the Retry-After header, folded in by the client). */
export function retryAfterSeconds(error: unknown): number | null {
  if (!isApiError(error)) return null;
  const value = Number(error.details.retry_after_s);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function rateLimitMessage(details: Record<string, unknown>, t: TFunction): string {
  const seconds = Number(details.retry_after_s);
  const locked = details.reason === 'locked' || details.reason === 'account_locked';
  if (Number.isFinite(seconds) && seconds > 0) {
    const time = formatDuration(seconds, currentLocale());
    return locked ? t('auth.errors.locked', { time }) : t('auth.errors.rateLimited', { time });
  }
  return locked ? t('auth.errors.lockedNoTime') : t('auth.errors.rateLimitedNoTime');
}

/**
 * Per-field messages the server may attach: `details.field = "email"` (with the error's
 * message) or `details.fields = {email: "…"}`.
 */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  const field = error.details.field;
  if (typeof field === 'string' && field) out[field] = error.message;
  const fields = error.details.fields;
  if (typeof fields === 'object' && fields !== null) {
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = value;
    }
  }
  return out;
}

/** 404/410/401/400/422 on a one-time token: the link is expired, used or malformed. */
export function isDeadLinkError(error: unknown): boolean {
  return isApiError(error) && [400, 401, 404, 410, 422].includes(error.status);
}
