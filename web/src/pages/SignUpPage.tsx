import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { resendVerification } from '../api/auth';
import { isApiError } from '../api/client';
import { validateEmail, validateName, validateNewPassword, type ValidationKey } from '../auth/validation';
import { errorMessage, serverFieldErrors } from '../auth/errors';
import { FormAlert, SubmitButton, TextField } from '../components/Form';
import { PasswordField } from '../components/PasswordField';
import { CheckEmail, OAuthButtons } from '../components/AuthExtras';
import { SIGN_IN_PATH } from '../nav/navigation';
import { isLanguage } from '../i18n';

type Field = 'name' | 'email' | 'password';
const FIELDS: readonly Field[] = ['name', 'email', 'password'];

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const { signUp } = useSession();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, ValidationKey>>>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState<string | null>(null);
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next: Partial<Record<Field, ValidationKey>> = {
      name: validateName(values.name),
      email: validateEmail(values.email),
      password: validateNewPassword(values.password),
    };
    setErrors(next);
    setServerFields({});
    setFormError(null);
    const firstInvalid = FIELDS.find((f) => next[f]);
    if (firstInvalid) return refs[firstInvalid].current?.focus();

    setBusy(true);
    try {
      await signUp({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        language: isLanguage(i18n.language) ? i18n.language : 'en',
      });
      setRegistered(values.email.trim());
    } catch (error) {
      const fields = serverFieldErrors(error);
      // The contract's "email taken" answer, in the UI language.
      if (isApiError(error) && error.code === 'conflict' && fields.email) fields.email = t('auth.signUp.emailTaken');
      if (isApiError(error) && error.code === 'invalid_argument') {
        if (fields.email) fields.email = t('auth.validation.emailInvalid');
        if (fields.password && error.details.min !== undefined) fields.password = t('auth.validation.passwordTooShort');
      }
      setServerFields(fields);
      const field = FIELDS.find((f) => fields[f]);
      // A field-specific error is shown under its field only; the rest in the alert.
      if (field) refs[field].current?.focus();
      else setFormError(errorMessage(error, t, { missingEndpoint: true }));
    } finally {
      setBusy(false);
    }
  };

  if (registered) {
    return (
      <CheckEmail
        email={registered}
        title={t('auth.checkEmail.title')}
        body={t('auth.signUp.sentTo')}
        onResend={() => resendVerification(registered)}
        footer={
          <p className="pt-2 text-center text-sm text-slate-600">
            <Link
              to={SIGN_IN_PATH}
              state={{ email: registered }}
              className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline"
            >
              {t('auth.checkEmail.backToSignIn')}
            </Link>
          </p>
        }
      />
    );
  }

  const fieldError = (field: Field) => (errors[field] ? t(errors[field]) : serverFields[field]);

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('auth.signUp.title')}</h1>
      <p className="mt-1.5 text-sm text-slate-600">{t('auth.signUp.subtitle')}</p>

      <form className="mt-7 space-y-5" noValidate onSubmit={onSubmit} aria-label={t('auth.signUp.title')}>
        {formError ? <FormAlert title={t('auth.errorTitle')}>{formError}</FormAlert> : null}
        <TextField
          ref={refs.name}
          id="name"
          name="name"
          autoComplete="name"
          label={t('auth.name')}
          placeholder={t('auth.namePlaceholder')}
          value={values.name}
          onChange={set('name')}
          error={fieldError('name')}
          required
        />
        <TextField
          ref={refs.email}
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          label={t('auth.email')}
          placeholder={t('auth.emailPlaceholder')}
          value={values.email}
          onChange={set('email')}
          error={fieldError('email')}
          required
        />
        <PasswordField
          ref={refs.password}
          id="password"
          name="password"
          autoComplete="new-password"
          label={t('auth.password')}
          hint={t('auth.passwordHint')}
          value={values.password}
          onChange={set('password')}
          error={fieldError('password')}
          strength
          required
        />
        <SubmitButton busy={busy} busyLabel={t('auth.signUp.submitting')}>
          {t('auth.signUp.submit')}
        </SubmitButton>
      </form>

      <OAuthButtons redirect="/" />

      <p className="mt-6 text-center text-sm text-slate-600">
        {t('auth.signUp.haveAccount')}{' '}
        <Link to={SIGN_IN_PATH} className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline">
          {t('auth.signIn.link')}
        </Link>
      </p>
    </div>
  );
}
