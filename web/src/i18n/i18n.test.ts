import { describe, expect, it } from 'vitest';
import { en } from './locales/en';
import { ru } from './locales/ru';
import { createI18n, detectLanguage, LANGUAGE_STORAGE_KEY, setLanguage } from './index';

function leaves(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, leaves(value as object, path));
  }
  return out;
}

describe('translations', () => {
  const enLeaves = leaves(en);
  const ruLeaves = leaves(ru);

  it('Russian has exactly the English keys, none empty', () => {
    expect(Object.keys(ruLeaves).sort()).toEqual(Object.keys(enLeaves).sort());
    for (const [key, value] of Object.entries(ruLeaves)) expect(value.trim(), key).not.toBe('');
  });

  it('Russian strings are actually translated (Cyrillic) outside brand names and codes', () => {
    const sameOnPurpose = new Set(['app.name', 'languages.en', 'languages.ru', 'auth.email', 'auth.emailPlaceholder', 'settings.email', 'footer.copyright']);
    for (const [key, value] of Object.entries(ruLeaves)) {
      if (sameOnPurpose.has(key)) continue;
      expect(value, key).toMatch(/[а-яё]/i);
    }
  });

  it('interpolation placeholders match between languages', () => {
    const vars = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort();
    for (const [key, value] of Object.entries(enLeaves)) expect(vars(ruLeaves[key]!), key).toEqual(vars(value));
  });
});

describe('language choice', () => {
  it('defaults from navigator.language, then the stored choice wins', async () => {
    const original = Object.getOwnPropertyDescriptor(window.navigator, 'languages');
    Object.defineProperty(window.navigator, 'languages', { value: ['ru-RU', 'en'], configurable: true });
    try {
      expect(detectLanguage()).toBe('ru');
      const i18n = createI18n();
      expect(i18n.t('nav.dashboard')).toBe('Обзор');
      await setLanguage(i18n, 'en');
      expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
      expect(detectLanguage()).toBe('en');
      expect(i18n.t('nav.dashboard')).toBe('Dashboard');
      expect(document.documentElement.lang).toBe('en');
    } finally {
      if (original) Object.defineProperty(window.navigator, 'languages', original);
      else delete (window.navigator as { languages?: unknown }).languages;
    }
  });

  it('falls back to English for other browser languages', () => {
    const original = Object.getOwnPropertyDescriptor(window.navigator, 'languages');
    Object.defineProperty(window.navigator, 'languages', { value: ['de-DE'], configurable: true });
    const lang = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(window.navigator), 'language');
    try {
      Object.defineProperty(window.navigator, 'language', { value: 'de-DE', configurable: true });
      expect(detectLanguage()).toBe('en');
    } finally {
      delete (window.navigator as { language?: unknown }).language;
      if (original) Object.defineProperty(window.navigator, 'languages', original);
      else delete (window.navigator as { languages?: unknown }).languages;
      void lang;
    }
  });
});
