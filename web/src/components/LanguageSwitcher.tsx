import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Languages } from 'lucide-react';
import { isLanguage, LANGUAGES, setLanguage, type Language } from '../i18n';
import { useSession } from '../auth/session';
import { updateMe } from '../api/accounts';

/** Native <select> so it is accessible and works the same on phones. */
export function LanguageSwitcher({ className = '', compact = false }: { className?: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { user, setUser } = useSession();
  const id = useId();
  const change = (lng: Language) => {
    void setLanguage(i18n, lng);
    // Signed in: the account's language also picks the language of our emails.
    if (user && user.language !== lng) {
      updateMe({ language: lng })
        .then((updated) => setUser(updated ?? { ...user, language: lng }))
        .catch(() => {});
    }
  };
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    <div className={`relative inline-flex items-center ${className}`}>
      <label htmlFor={id} className="sr-only">
        {t('common.language')}
      </label>
      <Languages className="pointer-events-none absolute left-2.5 size-4 text-slate-500" aria-hidden="true" />
      <select
        id={id}
        data-testid="language-switcher"
        value={current}
        onChange={(e) => {
          if (isLanguage(e.target.value)) change(e.target.value);
        }}
        className={`appearance-none rounded-lg border border-slate-200 bg-white py-1.5 pr-8 pl-8 text-sm font-medium text-slate-700 shadow-xs hover:border-slate-300 focus-visible:border-brand-500 ${
          compact ? 'w-[5.5rem]' : ''
        }`}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {compact ? lng.toUpperCase() : t(`languages.${lng}`)}
          </option>
        ))}
      </select>
      <svg
        className="pointer-events-none absolute right-2.5 size-3.5 text-slate-400"
        viewBox="0 0 20 20"
        fill="currentColor"
        aria-hidden="true"
      >
        <path d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" />
      </svg>
    </div>
  );
}
