import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

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
    return error.message || t('errors.generic');
  }
  return t('errors.generic');
}

/** Per-field messages the server may attach: details.fields = {email: "…"}. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const fields = error.details.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
