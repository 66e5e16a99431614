import { api, ApiError, fetchJsonWithStatus } from './client';
import type { Health, Readiness, VersionInfo } from './types';

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const { status, body } = await fetchJsonWithStatus<Health>('/healthz', signal);
  if (!body || typeof body.status !== 'string') {
    throw new ApiError(status, 'bad_response', `Unexpected answer from /healthz (HTTP ${status})`);
  }
  return body;
}

/** 200 ready / 503 not_ready are both valid answers; other shapes are errors. */
export async function fetchReadiness(
  signal?: AbortSignal,
): Promise<Readiness & { httpStatus: number }> {
  const { status, body } = await fetchJsonWithStatus<Readiness>('/readyz', signal);
  if (!body || typeof body.status !== 'string') {
    throw new ApiError(status, 'bad_response', `Unexpected answer from /readyz (HTTP ${status})`);
  }
  return { ...body, httpStatus: status };
}

export function fetchVersion(signal?: AbortSignal): Promise<VersionInfo> {
  return api.get<VersionInfo>('/version', { signal, auth: false });
}
