/** Prices travel in minor units (cents, kopecks); the UI shows and edits major units. */

/** Decimal places of a currency (EUR 2, JPY 0); 2 when the code is unknown. */
export function currencyDigits(currency: string | undefined): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "29,90 €" / "€29.90"; a plain number when the currency is missing or unknown. */
export function formatMoney(minor: number | null | undefined, currency: string | undefined, lng: string): string {
  if (minor === null || minor === undefined) return '—';
  const digits = currencyDigits(currency);
  const major = minor / 10 ** digits;
  try {
    if (currency) return new Intl.NumberFormat(lng, { style: 'currency', currency }).format(major);
  } catch {
    /* unknown code: fall through */
  }
  return new Intl.NumberFormat(lng, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
}

/** The major-unit value for an edit field: "29.90" (a dot, no grouping). */
export function minorToInput(minor: number | null | undefined, currency: string | undefined): string {
  if (minor === null || minor === undefined) return '';
  return (minor / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency));
}

/**
 * "29.90", "29,90", "1 234,5", "€ 12" → minor units; '' → null; undefined when it is not a price
 * (negative, letters, more decimals than the currency has).
 */
export function parseMoneyInput(text: string, currency: string | undefined): number | null | undefined {
  const digits = currencyDigits(currency);
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/[^\d.,-]/g, '');
  if (!text.trim()) return null;
  if (!s || s.includes('-')) return undefined;
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  let intPart = s;
  let frac = '';
  if (lastSep >= 0 && s.length - lastSep - 1 <= digits && s.length - lastSep - 1 > 0) {
    intPart = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
  } else if (lastSep === s.length - 1) {
    intPart = s.slice(0, -1);
  }
  intPart = intPart.replace(/[.,]/g, '');
  s = intPart || '0';
  if (!/^\d+$/.test(s) || !/^\d*$/.test(frac)) return undefined;
  return Number(s) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
}
