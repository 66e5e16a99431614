import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { validateEmail, validatePassword, type ValidationKey } from '../auth/validation';
import { errorMessage, serverFieldErrors } from '../auth/errors';
import { FormAlert, SubmitButton, TextField } from '../components/Form';
import { SIGN_UP_PATH } from '../nav/navigation';

type Field = 'email' | 'password';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, ValidationKey>>>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next: Partial<Record<Field, ValidationKey>> = {
      email: validateEmail(email),
      password: validatePassword(password),
    };
    setErrors(next);
    setServerFields({});
    setFormError(null);
    if (next.email) return emailRef.current?.focus();
    if (next.password) return passwordRef.current?.focus();

    setBusy(true);
    try {
      const user = await signIn({ email: email.trim(), password });
      // On success the session flips to "signed in" and the route guard navigates away.
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
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('auth.signIn.title')}</h1>
      <p className="mt-1.5 text-sm text-slate-600">{t('auth.signIn.subtitle')}</p>

      <form className="mt-7 space-y-5" noValidate onSubmit={onSubmit} aria-label={t('auth.signIn.title')}>
        {formError ? <FormAlert title={t('auth.errorTitle')}>{formError}</FormAlert> : null}
        <TextField
          ref={emailRef}
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          label={t('auth.email')}
          placeholder={t('auth.emailPlaceholder')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError('email')}
          required
        />
        <TextField
          ref={passwordRef}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          label={t('auth.password')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError('password')}
          required
        />
        <SubmitButton busy={busy} busyLabel={t('auth.signIn.submitting')}>
          {t('auth.signIn.submit')}
        </SubmitButton>
      </form>

      <p className="mt-6 text-center text-sm text-slate-600">
        {t('auth.signIn.noAccount')}{' '}
        <Link to={SIGN_UP_PATH} className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline">
          {t('auth.signUp.link')}
        </Link>
      </p>
    </div>
  );
}
