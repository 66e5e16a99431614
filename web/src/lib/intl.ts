/** Option lists for company settings, from the browser's Intl data. */

const FALLBACK_ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Moscow', 'America/New_York', 'Asia/Dubai'];
const POPULAR_CURRENCIES = ['EUR', 'USD', 'GBP', 'RUB', 'UAH', 'KZT', 'TRY', 'AED', 'PLN', 'CHF'];

type IntlWithValues = typeof Intl & { supportedValuesOf?: (key: string) => string[] };

export function timeZones(): string[] {
  const values = (Intl as IntlWithValues).supportedValuesOf?.('timeZone') ?? FALLBACK_ZONES;
  return values.includes('UTC') ? values : ['UTC', ...values];
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Popular currencies first, then every other ISO 4217 code the browser knows. */
export function currencies(): { popular: string[]; other: string[] } {
  const all = (Intl as IntlWithValues).supportedValuesOf?.('currency') ?? POPULAR_CURRENCIES;
  return { popular: POPULAR_CURRENCIES, other: all.filter((c) => !POPULAR_CURRENCIES.includes(c)) };
}

export function currencyLabel(code: string, lng: string): string {
  try {
    const name = new Intl.DisplayNames([lng], { type: 'currency' }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}
