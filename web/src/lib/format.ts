/** Locale-aware formatting helpers (Intl only; no plural keys needed in the locale files). */

/** The UI language (i18n keeps `<html lang>` in step with it). */
export function currentLocale(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

/** "5 minutes" / "5 минут", "30 seconds", "2 hours" — rounded up to the largest sensible unit. */
export function formatDuration(seconds: number, lng: string): string {
  const s = Math.max(1, Math.ceil(seconds));
  const [value, unit] =
    s < 60 ? [s, 'second'] : s < 3600 ? [Math.ceil(s / 60), 'minute'] : s < 86400 ? [Math.ceil(s / 3600), 'hour'] : [Math.ceil(s / 86400), 'day'];
  return new Intl.NumberFormat(lng, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** "3 days" / "3 дня" */
export function formatDays(days: number, lng: string): string {
  return new Intl.NumberFormat(lng, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days);
}

export function formatNumber(value: number, lng: string): string {
  return new Intl.NumberFormat(lng).format(value);
}

/** Accepts unix milliseconds, unix seconds or an ISO string. */
export function toDate(value: number | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return new Date(value < 1e11 ? value * 1000 : value);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(value: number | string | null | undefined, lng: string): string {
  const d = toDate(value);
  return d ? new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(d) : '—';
}

export function formatDate(value: number | string | null | undefined, lng: string): string {
  const d = toDate(value);
  return d ? new Intl.DateTimeFormat(lng, { dateStyle: 'medium' }).format(d) : '—';
}

/** "5 minutes ago" / "5 минут назад", "yesterday"… */
export function formatRelative(value: number | string | null | undefined, lng: string, now = Date.now()): string {
  const d = toDate(value);
  if (!d) return '—';
  const diff = (d.getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lng, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day');
  return formatDate(d.getTime(), lng);
}

/** Whole days until `until` (ms), rounded up; 0 once passed. */
export function daysLeft(until: number, now = Date.now()): number {
  const ms = (toDate(until)?.getTime() ?? now) - now;
  return ms <= 0 ? 0 : Math.ceil(ms / 86_400_000);
}

/** "Chrome on Windows" style summary of a user agent string (best effort). */
export function describeUserAgent(ua: string | null | undefined): { browser: string; os: string; mobile: boolean } {
  const s = ua ?? '';
  const browser = /Edg\//.test(s)
    ? 'Edge'
    : /OPR\//.test(s)
      ? 'Opera'
      : /Firefox\//.test(s)
        ? 'Firefox'
        : /YaBrowser\//.test(s)
          ? 'Yandex Browser'
          : /Chrome\//.test(s) || /Chromium\//.test(s)
            ? 'Chrome'
            : /Safari\//.test(s)
              ? 'Safari'
              : /curl\//.test(s)
                ? 'curl'
                : '';
  const os = /iPhone|iPad|iPod/.test(s)
    ? 'iOS'
    : /Android/.test(s)
      ? 'Android'
      : /Windows/.test(s)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(s)
          ? 'macOS'
          : /CrOS/.test(s)
            ? 'ChromeOS'
            : /Linux/.test(s)
              ? 'Linux'
              : '';
  return { browser, os, mobile: /Mobi|iPhone|Android/.test(s) };
}

/** Splits text into plain strings and http(s) URLs, for rendering links. */
export function splitLinks(text: string): { text: string; href?: string }[] {
  const out: { text: string; href?: string }[] = [];
  const re = /https?:\/\/[^\s<>"')\]]+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    if (start > last) out.push({ text: text.slice(last, start) });
    const url = m[0].replace(/[.,;:!?]+$/, '');
    out.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** Only same-site absolute paths are followed after sign-in (no open redirects). */
export function safeRedirect(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

const KNOWN_PLANS = ['TRIAL', 'FREE', 'SINGLE', 'DOUBLE', 'GROWTH', 'ENTERPRISE', 'SPECIAL'] as const;
export type KnownPlan = (typeof KNOWN_PLANS)[number];
export function isKnownPlan(plan: string): plan is KnownPlan {
  return (KNOWN_PLANS as readonly string[]).includes(plan);
}
