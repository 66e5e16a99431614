import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CircleCheck, Link2Off, MailWarning } from 'lucide-react';
import { resendVerification, verifyEmail } from '../api/auth';
import { errorMessage, isDeadLinkError } from '../auth/errors';
import { useSession } from '../auth/session';
import { validateEmail, type ValidationKey } from '../auth/validation';
import { useOneShot } from '../lib/useOneShot';
import { AuthResult } from '../components/AuthExtras';
import { Alert } from '../components/Alert';
import { Button, ButtonLink } from '../components/Button';
import { FormAlert, SubmitButton, TextField } from '../components/Form';
import { CardSpinner } from '../components/Spinner';
import { homePathFor, SIGN_IN_PATH } from '../nav/navigation';

/** Ask for a new verification link (the server answers 202 whatever the address). */
export function ResendVerificationForm({ initialEmail = '' }: { initialEmail?: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<ValidationKey | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const invalid = validateEmail(email);
    setError(invalid);
    setFormError(null);
    if (invalid) return;
    setBusy(true);
    try {
      await resendVerification(email.trim());
      setSent(true);
    } catch (err) {
      setFormError(errorMessage(err, t, { missingEndpoint: true }));
    } finally {
      setBusy(false);
    }
  };
  if (sent) return <Alert tone="success">{t('auth.checkEmail.resent')}</Alert>;
  return (
    <form className="space-y-4 text-left" noValidate onSubmit={onSubmit} aria-label={t('auth.verify.resendTitle')}>
      {formError ? <FormAlert title={t('auth.errorTitle')}>{formError}</FormAlert> : null}
      <TextField
        id="resend-email"
        type="email"
        autoComplete="email"
        label={t('auth.email')}
        placeholder={t('auth.emailPlaceholder')}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error ? t(error) : undefined}
      />
      <SubmitButton busy={busy} busyLabel={t('auth.checkEmail.sending')}>
        {t('auth.verify.resendSubmit')}
      </SubmitButton>
    </form>
  );
}

/** `/verify-email?token=…` → POST /auth/verify-email → verified, or expired with a resend form. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user: signedIn } = useSession();
  const result = useOneShot(['verify-email', token], () => verifyEmail(token), !!token);

  if (token && result.isPending) return <CardSpinner />;

  if (!token || (result.isError && isDeadLinkError(result.error))) {
    return (
      <AuthResult
        icon={Link2Off}
        tone="warning"
        title={t('auth.verify.expiredTitle')}
        testId="verify-expired"
        actions={
          <ButtonLink to={SIGN_IN_PATH} variant="ghost">
            {t('auth.checkEmail.backToSignIn')}
          </ButtonLink>
        }
      >
        <p>{t('auth.verify.expiredBody')}</p>
        <div className="mt-6">
          <ResendVerificationForm />
        </div>
      </AuthResult>
    );
  }

  if (result.isError) {
    return (
      <AuthResult
        icon={MailWarning}
        tone="error"
        title={t('auth.verify.failedTitle')}
        actions={
          <Button variant="secondary" onClick={() => void result.refetch()}>
            {t('common.retry')}
          </Button>
        }
      >
        <p>{errorMessage(result.error, t, { missingEndpoint: true })}</p>
      </AuthResult>
    );
  }

  const email = result.data?.email ?? '';
  return (
    <AuthResult
      icon={CircleCheck}
      tone="success"
      title={t('auth.verify.successTitle')}
      testId="verify-success"
      actions={
        signedIn ? (
          <ButtonLink to={homePathFor(signedIn.role)}>{t('common.continue')}</ButtonLink>
        ) : (
          <ButtonLink to={SIGN_IN_PATH} state={{ email }}>
            {t('auth.verify.continue')}
          </ButtonLink>
        )
      }
    >
      <p>{t('auth.verify.successBody')}</p>
    </AuthResult>
  );
}
