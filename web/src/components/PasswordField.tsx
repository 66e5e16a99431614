import { forwardRef, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertCircle, Eye, EyeOff } from 'lucide-react';
import { passwordStrength } from '../auth/validation';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string | undefined;
  /** Show the strength meter (new passwords). */
  strength?: boolean;
}

const BAR = ['bg-slate-200', 'bg-red-500', 'bg-amber-500', 'bg-lime-500', 'bg-emerald-600'];
const TEXT = ['text-slate-500', 'text-red-700', 'text-amber-700', 'text-lime-700', 'text-emerald-700'];

/** Password input with a show/hide toggle and, for new passwords, a strength meter. */
export const PasswordField = forwardRef<HTMLInputElement, Props>(function PasswordField(
  { id, label, value, error, hint, strength = false, className = '', ...input },
  ref,
) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const score = strength ? passwordStrength(value) : 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const strengthId = strength ? `${id}-strength` : undefined;
  const labels = [
    '',
    t('auth.strength.weak'),
    t('auth.strength.fair'),
    t('auth.strength.good'),
    t('auth.strength.strong'),
  ];
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="relative mt-1.5">
        <input
          ref={ref}
          id={id}
          type={visible ? 'text' : 'password'}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={[errorId, hintId, strengthId].filter(Boolean).join(' ') || undefined}
          className={`block w-full rounded-lg border bg-white py-2.5 pr-11 pl-3 text-[0.9375rem] text-slate-900 shadow-xs transition-colors placeholder:text-slate-400 focus:outline-none focus-visible:ring-4 ${
            error
              ? 'border-red-400 focus-visible:border-red-500 focus-visible:ring-red-100'
              : 'border-slate-300 hover:border-slate-400 focus-visible:border-brand-500 focus-visible:ring-brand-100'
          }`}
          {...input}
        />
        <button
          type="button"
          onClick={() => setVisible((v) => !v)}
          aria-pressed={visible}
          aria-controls={id}
          className="absolute inset-y-0 right-0 inline-flex w-10 items-center justify-center rounded-r-lg text-slate-500 hover:text-slate-800"
        >
          {visible ? <EyeOff className="size-4" aria-hidden="true" /> : <Eye className="size-4" aria-hidden="true" />}
          <span className="sr-only">{t('auth.showPassword')}</span>
        </button>
      </div>
      {strength && value ? (
        <div className="mt-2" data-testid={`${id}-strength`}>
          <div className="flex gap-1" aria-hidden="true">
            {[1, 2, 3, 4].map((i) => (
              <span key={i} className={`h-1.5 flex-1 rounded-full transition-colors ${i <= score ? BAR[score] : BAR[0]}`} />
            ))}
          </div>
          <p id={strengthId} className={`mt-1 text-xs font-medium ${TEXT[score]}`} aria-live="polite">
            {t('auth.strength.label', { strength: labels[score] ?? '' })}
          </p>
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1.5 flex items-start gap-1.5 text-sm text-red-700" data-testid={`${id}-error`}>
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          {error}
        </p>
      ) : hint ? (
        <p id={hintId} className="mt-1.5 text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
});
