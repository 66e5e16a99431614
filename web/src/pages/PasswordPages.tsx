import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CircleCheck, Link2Off } from 'lucide-react';
import { forgotPassword, resetPassword } from '../api/auth';
import { errorMessage, isDeadLinkError, serverFieldErrors } from '../auth/errors';
import { useSession } from '../auth/session';
import { validateNewPassword, type ValidationKey } from '../auth/validation';
import { AuthResult } from '../components/AuthExtras';
import { ButtonLink } from '../components/Button';
import { FormAlert, SubmitButton } from '../components/Form';
import { PasswordField } from '../components/PasswordField';
import { FORGOT_PASSWORD_PATH, SIGN_IN_PATH } from '../nav/navigation';
import { EmailLinkRequest } from './MagicLinkPages';

/** `/forgot-password` */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <EmailLinkRequest
      title={t('auth.forgot.title')}
      subtitle={t('auth.forgot.subtitle')}
      submit={t('auth.forgot.submit')}
      sentTitle={t('auth.checkEmail.title')}
      sentBody={t('auth.forgot.sentTo')}
      send={forgotPassword}
    />
  );
}

/**
 * `/reset-password?token=…`: choose a password. The same link format is used for a
 * forgotten password, a manager invitation and `x8 create-admin`, hence "Set your password".
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: ValidationKey | undefined; confirm?: ValidationKey | undefined }>({});
  const [serverField, setServerField] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<'form' | 'done' | 'dead'>(token ? 'form' : 'dead');
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const next = {
      password: validateNewPassword(password),
      confirm: password && confirm !== password ? ('auth.validation.passwordsDiffer' as const) : undefined,
    };
    setErrors(next);
    setServerField(undefined);
    setFormError(null);
    if (next.password) return passwordRef.current?.focus();
    if (next.confirm) return confirmRef.current?.focus();
    setBusy(true);
    try {
      await resetPassword(token, password);
      // Every session of the account was revoked, this one included.
      if (user) await signOut();
      setState('done');
    } catch (err) {
      const fields = serverFieldErrors(err);
      if (fields.password) {
        setServerField(fields.password);
        passwordRef.current?.focus();
      } else if (isDeadLinkError(err) && !fields.password) setState('dead');
      else setFormError(errorMessage(err, t, { missingEndpoint: true }));
    } finally {
      setBusy(false);
    }
  };

  if (state === 'done') {
    return (
      <AuthResult
        icon={CircleCheck}
        tone="success"
        title={t('auth.reset.doneTitle')}
        testId="reset-done"
        actions={<ButtonLink to={SIGN_IN_PATH}>{t('auth.reset.signIn')}</ButtonLink>}
      >
        <p>{t('auth.reset.doneBody')}</p>
      </AuthResult>
    );
  }
  if (state === 'dead') {
    return (
      <AuthResult
        icon={Link2Off}
        tone="warning"
        title={t('auth.reset.expiredTitle')}
        testId="reset-expired"
        actions={
          <>
            <ButtonLink to={FORGOT_PASSWORD_PATH}>{t('auth.reset.again')}</ButtonLink>
            <ButtonLink to={SIGN_IN_PATH} variant="ghost">
              {t('auth.checkEmail.backToSignIn')}
            </ButtonLink>
          </>
        }
      >
        <p>{t('auth.reset.expiredBody')}</p>
      </AuthResult>
    );
  }
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('auth.reset.title')}</h1>
      <p className="mt-1.5 text-sm text-slate-600">{t('auth.reset.subtitle')}</p>
      <form className="mt-7 space-y-5" noValidate onSubmit={onSubmit} aria-label={t('auth.reset.title')}>
        {formError ? <FormAlert title={t('auth.errorTitle')}>{formError}</FormAlert> : null}
        <PasswordField
          ref={passwordRef}
          id="new-password"
          autoComplete="new-password"
          label={t('auth.reset.password')}
          hint={t('auth.passwordHint')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password ? t(errors.password) : serverField}
          strength
        />
        <PasswordField
          ref={confirmRef}
          id="confirm-password"
          autoComplete="new-password"
          label={t('auth.reset.confirm')}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={errors.confirm ? t(errors.confirm) : undefined}
        />
        <SubmitButton busy={busy} busyLabel={t('auth.reset.saving')}>
          {t('auth.reset.submit')}
        </SubmitButton>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        <Link to={SIGN_IN_PATH} className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline">
          {t('auth.checkEmail.backToSignIn')}
        </Link>
      </p>
    </div>
  );
}
