import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Wand2 } from 'lucide-react';
import { useSession } from '../auth/session';
import { resendVerification, verifyLoginCode } from '../api/auth';
import { isApiError } from '../api/client';
import { validateEmail, validatePassword, type ValidationKey } from '../auth/validation';
import { errorMessage, serverFieldErrors } from '../auth/errors';
import type { FromState } from '../auth/guards';
import { FormAlert, SubmitButton, TextField } from '../components/Form';
import { PasswordField } from '../components/PasswordField';
import { CodeInput, CODE_LENGTH, type CodeInputHandle } from '../components/CodeInput';
import { Alert } from '../components/Alert';
import { OAuthButtons, useCooldown } from '../components/AuthExtras';
import { FORGOT_PASSWORD_PATH, MAGIC_LINK_PATH, SIGN_UP_PATH } from '../nav/navigation';

type Field = 'email' | 'password';

export interface SignInState extends FromState {
  email?: string;
  notice?: string;
}

function isUnverified(error: unknown): boolean {
  return isApiError(error) && (error.details.reason === 'email_not_verified' || error.code === 'email_not_verified');
}

/** Step 2: the 6-digit code emailed after a correct password. */
function CodeStep({
  email,
  challengeId,
  onResend,
  onBack,
}: {
  email: string;
  challengeId: string;
  onResend: () => Promise<string>;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const { completeSignIn } = useSession();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [challenge, setChallenge] = useState(challengeId);
  const cooldown = useCooldown(30);
  const inputRef = useRef<CodeInputHandle>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (value = code) => {
    if (busy) return;
    setNotice(null);
    if (value.length !== CODE_LENGTH) {
      setError(t('auth.validation.codeIncomplete'));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user = await verifyLoginCode(challenge, value);
      const signedIn = await completeSignIn(user);
      if (!signedIn) setError(t('auth.signedInButNoSession'));
    } catch (e) {
      const left = isApiError(e) ? Number(e.details.attempts_left) : NaN;
      if (isApiError(e) && e.status === 401) {
        if (Number.isFinite(left) && left > 0) setError(t('auth.code.wrong', { left }));
        else {
          setExpired(true);
          setError(t('auth.code.expired'));
        }
      } else setError(errorMessage(e, t, { missingEndpoint: true }));
      setCode('');
      setTimeout(() => inputRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    setError(null);
    setNotice(null);
    try {
      setChallenge(await onResend());
      setExpired(false);
      setCode('');
      setNotice(t('auth.code.resent'));
      cooldown.start();
      inputRef.current?.focus();
    } catch (e) {
      setError(errorMessage(e, t, { missingEndpoint: true }));
    }
  };

  return (
    <div data-testid="two-factor-step">
      <button
        type="button"
        onClick={onBack}
        className="mb-4 -ml-1 inline-flex items-center gap-1.5 rounded-md px-1 text-sm font-medium text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        {t('auth.code.back')}
      </button>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('auth.code.title')}</h1>
      <p className="mt-1.5 text-sm text-slate-600">
        {t('auth.code.subtitle')} <strong className="font-semibold break-words text-slate-900">{email}</strong>
      </p>
      <form
        className="mt-7 space-y-5"
        noValidate
        aria-label={t('auth.code.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {error ? <FormAlert title={t('auth.errorTitle')}>{error}</FormAlert> : null}
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">{t('auth.code.label')}</legend>
          <CodeInput
            ref={inputRef}
            value={code}
            onChange={setCode}
            onComplete={(v) => void submit(v)}
            disabled={busy || expired}
            invalid={!!error && !expired}
          />
        </fieldset>
        <SubmitButton busy={busy} busyLabel={t('auth.code.verifying')}>
          {t('auth.code.submit')}
        </SubmitButton>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        {t('auth.code.noCode')}{' '}
        <button
          type="button"
          onClick={() => void resend()}
          disabled={cooldown.left > 0}
          className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline disabled:cursor-not-allowed disabled:text-slate-400 disabled:no-underline"
        >
          {cooldown.left > 0 ? t('auth.checkEmail.resendIn', { seconds: cooldown.left }) : t('auth.code.resend')}
        </button>
      </p>
    </div>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const location = useLocation();
  const state = (location.state as SignInState | null) ?? {};
  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, ValidationKey>>>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [unverified, setUnverified] = useState(false);
  const [resent, setResent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [challengeId, setChallengeId] = useState<string | null>(null);
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
    setUnverified(false);
    setResent(false);
    if (next.email) return emailRef.current?.focus();
    if (next.password) return passwordRef.current?.focus();

    setBusy(true);
    try {
      const result = await signIn({ email: email.trim(), password });
      // On a session the route guard navigates away; a challenge shows the code step.
      if (result.kind === 'challenge') setChallengeId(result.challengeId);
      else if (!result.user) setFormError(t('auth.signedInButNoSession'));
    } catch (error) {
      if (isUnverified(error)) {
        setUnverified(true);
        setFormError(t('auth.signIn.unverified'));
      } else if (isApiError(error) && error.status === 401 && error.code === 'unauthenticated') {
        // The contract's "wrong email or password", in the UI language.
        setFormError(t('auth.errors.wrongCredentials'));
      } else setFormError(errorMessage(error, t, { missingEndpoint: true }));
      setServerFields(serverFieldErrors(error));
    } finally {
      setBusy(false);
    }
  };

  /** "Resend code" = sign in again with the same password: the server mails a fresh code. */
  const resendCode = async (): Promise<string> => {
    const result = await signIn({ email: email.trim(), password });
    if (result.kind === 'challenge') {
      setChallengeId(result.challengeId);
      return result.challengeId;
    }
    return challengeId ?? '';
  };

  if (challengeId) {
    return (
      <CodeStep
        key="code"
        email={email.trim()}
        challengeId={challengeId}
        onResend={resendCode}
        onBack={() => {
          setChallengeId(null);
          setPassword('');
        }}
      />
    );
  }

  const fieldError = (field: Field) => (errors[field] ? t(errors[field]) : serverFields[field]);
  const redirect = state.from && state.from !== '/' ? state.from : '/';
  // The OAuth callback sends failures back here as ?oauth_error=<code> (docs/oauth.md).
  const oauthError = new URLSearchParams(location.search).get('oauth_error');
  const oauthMessage = oauthError
    ? t(`auth.oauth.errors.${oauthError}`, { defaultValue: t('auth.oauth.failedBody') })
    : null;

  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('auth.signIn.title')}</h1>
      <p className="mt-1.5 text-sm text-slate-600">{t('auth.signIn.subtitle')}</p>

      <form className="mt-7 space-y-5" noValidate onSubmit={onSubmit} aria-label={t('auth.signIn.title')}>
        {state.notice && !formError ? <Alert tone="success">{state.notice}</Alert> : null}
        {oauthMessage && !formError ? (
          <FormAlert title={t('auth.oauth.failedTitle')}>{oauthMessage}</FormAlert>
        ) : null}
        {formError ? (
          <FormAlert title={t('auth.errorTitle')}>
            {formError}
            {unverified ? (
              <span className="mt-2 block">
                {resent ? (
                  <span className="font-medium">{t('auth.checkEmail.resent')}</span>
                ) : (
                  <button
                    type="button"
                    className="font-semibold underline hover:no-underline"
                    onClick={() => {
                      void resendVerification(email.trim())
                        .then(() => setResent(true))
                        .catch((err: unknown) => setFormError(errorMessage(err, t)));
                    }}
                  >
                    {t('auth.signIn.resendVerification')}
                  </button>
                )}
              </span>
            ) : null}
          </FormAlert>
        ) : null}
        <TextField
          ref={emailRef}
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          label={t('auth.email')}
          placeholder={t('auth.emailPlaceholder')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError('email')}
          required
        />
        <div>
          <PasswordField
            ref={passwordRef}
            id="password"
            name="password"
            autoComplete="current-password"
            label={t('auth.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError('password')}
            required
          />
          <div className="mt-2 text-right">
            <Link
              to={FORGOT_PASSWORD_PATH}
              state={{ email: email.trim() }}
              className="rounded text-sm font-medium text-brand-700 hover:text-brand-800 hover:underline"
            >
              {t('auth.signIn.forgot')}
            </Link>
          </div>
        </div>
        <SubmitButton busy={busy} busyLabel={t('auth.signIn.submitting')}>
          {t('auth.signIn.submit')}
        </SubmitButton>
      </form>

      <Link
        to={MAGIC_LINK_PATH}
        state={{ email: email.trim() }}
        className="mt-3 inline-flex w-full items-center justify-center gap-2 rounded-lg px-4 py-2.5 text-sm font-semibold text-brand-700 hover:bg-brand-50"
      >
        <Wand2 className="size-4" aria-hidden="true" />
        {t('auth.signIn.magic')}
      </Link>

      <OAuthButtons redirect={redirect} />

      <p className="mt-6 text-center text-sm text-slate-600">
        {t('auth.signIn.noAccount')}{' '}
        <Link to={SIGN_UP_PATH} className="rounded font-semibold text-brand-700 hover:text-brand-800 hover:underline">
          {t('auth.signUp.link')}
        </Link>
      </p>
    </div>
  );
}
