import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import {
  MIN_PASSWORD_LENGTH,
  validateEmail,
  validateName,
  validatePassword,
  type ValidationKey,
} from '../auth/validation';
import { errorMessage, serverFieldErrors } from '../auth/errors';
import { FormAlert, SubmitButton, TextField } from '../components/Form';
import { SIGN_IN_PATH } from '../nav/navigation';

type Field = 'name' | 'email' | 'password';

export function SignUpPage() {
  const { t } = useTranslation();
  const { signUp } = useSession();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, ValidationKey>>>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
      password: validatePassword(values.password, { minLength: MIN_PASSWORD_LENGTH }),
    };
    setErrors(next);
    setServerFields({});
    setFormError(null);
    const firstInvalid = (['name', 'email', 'password'] as const).find((f) => next[f]);
    if (firstInvalid) return refs[firstInvalid].current?.focus();

    setBusy(true);
    try {
      const user = await signUp({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
      });
      if (!user) setFormError(t('auth.signedInButNoSession'));
    } catch (error) {
      setFormError(errorMessage(error, t, { missingEndpoint: true }));
      setServerFields(serverFieldErrors(error));
    } finally {
      setBusy(false);
    }
  };

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
        <TextField
          ref={refs.password}
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          label={t('auth.password')}
          hint={t('auth.passwordHint')}
          value={values.password}
          onChange={set('password')}
          error={fieldError('password')}
          minLength={MIN_PASSWORD_LENGTH}
          required
        />
        <SubmitButton busy={busy} busyLabel={t('auth.signUp.submitting')}>
          {t('auth.signUp.submit')}
        </SubmitButton>
      </form>

      <p className="mt-6 text-center text-sm text-slate-600">
        {t('auth.signUp.haveAccount')}{' '}
        <Link to={SIGN_IN_PATH} className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline">
          {t('auth.signIn.link')}
        </Link>
      </p>
    </div>
  );
}
