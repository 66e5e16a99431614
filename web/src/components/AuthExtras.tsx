import { useEffect, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LucideIcon } from 'lucide-react';
import { MailCheck } from 'lucide-react';
import { fetchProviders, oauthStartUrl } from '../api/auth';
import { errorMessage } from '../auth/errors';
import { Alert } from './Alert';
import { Button } from './Button';

function GoogleIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-5" aria-hidden="true">
      <path fill="#4285F4" d="M22.56 12.25c0-.78-.07-1.53-.2-2.25H12v4.26h5.92a5.06 5.06 0 0 1-2.2 3.32v2.77h3.57c2.08-1.92 3.27-4.74 3.27-8.1z" />
      <path fill="#34A853" d="M12 23c2.97 0 5.46-.98 7.28-2.66l-3.57-2.77c-.98.66-2.23 1.06-3.71 1.06-2.86 0-5.29-1.93-6.16-4.53H2.18v2.84A11 11 0 0 0 12 23z" />
      <path fill="#FBBC05" d="M5.84 14.1A6.6 6.6 0 0 1 5.5 12c0-.73.13-1.44.34-2.1V7.06H2.18A11 11 0 0 0 1 12c0 1.78.43 3.45 1.18 4.94l3.66-2.84z" />
      <path fill="#EA4335" d="M12 5.38c1.62 0 3.06.56 4.21 1.64l3.15-3.15C17.45 2.09 14.97 1 12 1A11 11 0 0 0 2.18 7.06l3.66 2.84c.87-2.6 3.3-4.52 6.16-4.52z" />
    </svg>
  );
}

function FacebookIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-5" aria-hidden="true">
      <path
        fill="#1877F2"
        d="M24 12.07C24 5.41 18.63 0 12 0S0 5.4 0 12.07C0 18.1 4.39 23.1 10.13 24v-8.44H7.08v-3.49h3.04V9.41c0-3.02 1.8-4.7 4.54-4.7 1.31 0 2.68.24 2.68.24v2.97h-1.5c-1.5 0-1.96.93-1.96 1.89v2.26h3.32l-.53 3.5h-2.8V24C19.62 23.1 24 18.1 24 12.07"
      />
    </svg>
  );
}

/** Google / Facebook buttons, only for the providers `GET /auth/providers` enables. */
export function OAuthButtons({ redirect }: { redirect: string }) {
  const { t } = useTranslation();
  const providers = useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: ({ signal }) => fetchProviders(signal),
    staleTime: Infinity,
    retry: false,
  });
  const list = (['google', 'facebook'] as const).filter((p) => providers.data?.[p]);
  if (!list.length) return null;
  return (
    <div className="mt-6" data-testid="oauth-buttons">
      <div className="flex items-center gap-3 text-xs font-medium tracking-wide text-slate-500 uppercase">
        <span className="h-px flex-1 bg-slate-200" />
        {t('auth.oauth.or')}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <div className={`mt-4 grid gap-2.5 ${list.length > 1 ? 'sm:grid-cols-2' : ''}`}>
        {list.map((provider) => (
          <a
            key={provider}
            href={oauthStartUrl(provider, redirect)}
            className="inline-flex items-center justify-center gap-2.5 rounded-lg border border-slate-300 bg-white px-4 py-2.5 text-[0.9375rem] font-semibold text-slate-800 shadow-xs transition-colors hover:border-slate-400 hover:bg-slate-50"
          >
            {provider === 'google' ? <GoogleIcon /> : <FacebookIcon />}
            {t(`auth.oauth.${provider}`)}
          </a>
        ))}
      </div>
    </div>
  );
}

/** A result screen inside the auth card: icon, title, text, actions. */
export function AuthResult({
  icon: Icon,
  tone = 'brand',
  title,
  children,
  actions,
  testId,
}: {
  icon: LucideIcon;
  tone?: 'brand' | 'success' | 'warning' | 'error';
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  const ring = {
    brand: 'bg-brand-50 text-brand-600 ring-brand-100',
    success: 'bg-emerald-50 text-emerald-600 ring-emerald-100',
    warning: 'bg-amber-50 text-amber-600 ring-amber-100',
    error: 'bg-red-50 text-red-600 ring-red-100',
  }[tone];
  return (
    <div className="text-center" data-testid={testId}>
      <span className={`mx-auto mb-5 inline-flex size-14 items-center justify-center rounded-2xl ring-1 ${ring}`}>
        <Icon className="size-7" aria-hidden="true" strokeWidth={1.75} />
      </span>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {children ? <div className="mt-2 text-sm leading-6 text-slate-600">{children}</div> : null}
      {actions ? <div className="mt-7 flex flex-col gap-2.5">{actions}</div> : null}
    </div>
  );
}

const RESEND_COOLDOWN_S = 30;

/** Countdown for "resend" buttons so people don't hammer the mail endpoints. */
export function useCooldown(initial = 0) {
  const [left, setLeft] = useState(initial);
  useEffect(() => {
    if (left <= 0) return;
    const id = setTimeout(() => setLeft((v) => v - 1), 1000);
    return () => clearTimeout(id);
  }, [left]);
  return { left, start: (s = RESEND_COOLDOWN_S) => setLeft(s) };
}

/** "Check your email" with a resend button (sign-up, magic link, forgot password). */
export function CheckEmail({
  email,
  title,
  body,
  onResend,
  footer,
}: {
  email: string;
  title: string;
  body: string;
  onResend: () => Promise<void>;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const cooldown = useCooldown(RESEND_COOLDOWN_S);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resend = async () => {
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      await onResend();
      setSent(true);
      cooldown.start();
    } catch (e) {
      setError(errorMessage(e, t, { missingEndpoint: true }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthResult icon={MailCheck} title={title} testId="check-email">
      <p>
        {body} <strong className="font-semibold break-words text-slate-900">{email}</strong>
      </p>
      <p className="mt-3 text-slate-500">{t('auth.checkEmail.spamHint')}</p>
      <div className="mt-6 space-y-3 text-left">
        {sent ? <Alert tone="success">{t('auth.checkEmail.resent')}</Alert> : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Button variant="secondary" className="w-full" onClick={() => void resend()} busy={busy} disabled={cooldown.left > 0}>
          {cooldown.left > 0 ? t('auth.checkEmail.resendIn', { seconds: cooldown.left }) : t('auth.checkEmail.resend')}
        </Button>
        {footer}
      </div>
    </AuthResult>
  );
}
