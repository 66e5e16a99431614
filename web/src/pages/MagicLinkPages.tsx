import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Link2Off, MailWarning } from 'lucide-react';
import { consumeMagicLink, requestMagicLink } from '../api/auth';
import { errorMessage, isDeadLinkError } from '../auth/errors';
import { useSession } from '../auth/session';
import { validateEmail, type ValidationKey } from '../auth/validation';
import { useOneShot } from '../lib/useOneShot';
import { AuthResult, CheckEmail } from '../components/AuthExtras';
import { ButtonLink } from '../components/Button';
import { FormAlert, SubmitButton, TextField } from '../components/Form';
import { CardSpinner } from '../components/Spinner';
import { homePathFor, MAGIC_LINK_PATH, SIGN_IN_PATH } from '../nav/navigation';

function BackToSignIn() {
  const { t } = useTranslation();
  return (
    <p className="mt-6 text-center text-sm text-slate-600">
      <Link to={SIGN_IN_PATH} className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline">
        {t('auth.checkEmail.backToSignIn')}
      </Link>
    </p>
  );
}

/**
 * One-field "email me a link" form: magic link and forgot password share it.
 * The server always answers 202, so the next screen never reveals whether the address exists.
 */
export function EmailLinkRequest({
  title,
  subtitle,
  submit,
  sentTitle,
  sentBody,
  send,
}: {
  title: string;
  subtitle: string;
  submit: string;
  sentTitle: string;
  sentBody: string;
  send: (email: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const [email, setEmail] = useState((location.state as { email?: string } | null)?.email ?? '');
  const [error, setError] = useState<ValidationKey | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const invalid = validateEmail(email);
    setError(invalid);
    setFormError(null);
    if (invalid) return document.getElementById('email')?.focus();
    setBusy(true);
    try {
      await send(email.trim());
      setSent(email.trim());
    } catch (err) {
      setFormError(errorMessage(err, t, { missingEndpoint: true }));
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <CheckEmail email={sent} title={sentTitle} body={sentBody} onResend={() => send(sent)} footer={<BackToSignIn />} />
    );
  }
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      <p className="mt-1.5 text-sm text-slate-600">{subtitle}</p>
      <form className="mt-7 space-y-5" noValidate onSubmit={onSubmit} aria-label={title}>
        {formError ? <FormAlert title={t('auth.errorTitle')}>{formError}</FormAlert> : null}
        <TextField
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          label={t('auth.email')}
          placeholder={t('auth.emailPlaceholder')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={error ? t(error) : undefined}
          required
        />
        <SubmitButton busy={busy} busyLabel={t('auth.checkEmail.sending')}>
          {submit}
        </SubmitButton>
      </form>
      <BackToSignIn />
    </div>
  );
}

/** `/magic-link`: request a sign-in link. */
export function MagicLinkRequestPage() {
  const { t } = useTranslation();
  return (
    <EmailLinkRequest
      title={t('auth.magic.title')}
      subtitle={t('auth.magic.subtitle')}
      submit={t('auth.magic.submit')}
      sentTitle={t('auth.checkEmail.title')}
      sentBody={t('auth.magic.sentTo')}
      send={requestMagicLink}
    />
  );
}

/** `/magic?token=…` → POST /auth/magic-link/consume → signed in, straight to the home page. */
export function MagicLinkLandingPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { completeSignIn, user } = useSession();
  const result = useOneShot(['magic', token], () => consumeMagicLink(token), !!token);
  const [done, setDone] = useState(false);

  const data = result.data;
  useEffect(() => {
    if (result.isSuccess) void completeSignIn(data ?? null).finally(() => setDone(true));
  }, [result.isSuccess, data, completeSignIn]);

  if (user && (done || !token)) return <Navigate to={homePathFor(user.role)} replace />;
  if (token && (result.isPending || (result.isSuccess && !done))) return <CardSpinner />;

  if (!token || (result.isError && isDeadLinkError(result.error)) || result.isSuccess) {
    return (
      <AuthResult
        icon={Link2Off}
        tone="warning"
        title={t('auth.magic.expiredTitle')}
        testId="magic-expired"
        actions={
          <>
            <ButtonLink to={MAGIC_LINK_PATH}>{t('auth.magic.again')}</ButtonLink>
            <ButtonLink to={SIGN_IN_PATH} variant="ghost">
              {t('auth.checkEmail.backToSignIn')}
            </ButtonLink>
          </>
        }
      >
        <p>{t('auth.magic.expiredBody')}</p>
      </AuthResult>
    );
  }
  return (
    <AuthResult
      icon={MailWarning}
      tone="error"
      title={t('auth.verify.failedTitle')}
      actions={<ButtonLink to={SIGN_IN_PATH}>{t('auth.checkEmail.backToSignIn')}</ButtonLink>}
    >
      <p>{errorMessage(result.error, t, { missingEndpoint: true })}</p>
    </AuthResult>
  );
}
