import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BadgeCheck, KeyRound, Laptop, LogOut, Monitor, ShieldCheck, Smartphone, UserRound } from 'lucide-react';
import { useSession } from '../auth/session';
import { changePassword, fetchSessions, revokeSession, SESSIONS_KEY, updateMe } from '../api/accounts';
import type { SessionInfo } from '../api/types';
import { errorMessage, serverFieldErrors } from '../auth/errors';
import { validateName, validateNewPassword, validatePassword, type ValidationKey } from '../auth/validation';
import { isLanguage, LANGUAGES, setLanguage, type Language } from '../i18n';
import { describeUserAgent, formatDateTime, formatRelative } from '../lib/format';
import { Alert } from '../components/Alert';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { SelectField, TextField } from '../components/Form';
import { PageHeader } from '../components/PageHeader';
import { PasswordField } from '../components/PasswordField';
import { Spinner } from '../components/Spinner';

function Card({
  id,
  icon: Icon,
  title,
  description,
  children,
  className = '',
}: {
  id: string;
  icon: typeof UserRound;
  title: string;
  description?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      className={`rounded-2xl border border-slate-200 bg-white p-5 shadow-xs sm:p-6 ${className}`}
      aria-labelledby={`${id}-title`}
      data-testid={`settings-${id}`}
    >
      <div className="flex items-start gap-3">
        <span className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-600 ring-1 ring-brand-100">
          <Icon className="size-[1.125rem]" aria-hidden="true" />
        </span>
        <div className="min-w-0">
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-sm text-slate-500">{description}</p> : null}
        </div>
      </div>
      <div className="mt-5">{children}</div>
    </section>
  );
}

function ProfileCard() {
  const { t, i18n } = useTranslation();
  const { user, setUser } = useSession();
  const [name, setName] = useState(user?.name ?? '');
  const [language, setLang] = useState<Language>(
    isLanguage(user?.language) ? user.language : isLanguage(i18n.language) ? i18n.language : 'en',
  );
  const [nameError, setNameError] = useState<string | undefined>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const save = useMutation({
    mutationFn: () => updateMe({ name: name.trim(), language }),
    onSuccess: async (updated) => {
      if (user) setUser(updated ?? { ...user, name: name.trim(), language });
      await setLanguage(i18n, language);
      setResult({ ok: true, text: i18n.t('settings.saved') });
    },
    onError: (error) => {
      const fields = serverFieldErrors(error);
      if (fields.name) setNameError(fields.name);
      else setResult({ ok: false, text: errorMessage(error, t) });
    },
  });
  if (!user) return null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const invalid: ValidationKey | undefined = validateName(name);
    setNameError(invalid ? t(invalid) : undefined);
    setResult(null);
    if (!invalid) save.mutate();
  };
  return (
    <Card id="profile" icon={UserRound} title={t('settings.profile')} description={t('settings.profileHint')}>
      <form className="space-y-4" noValidate onSubmit={onSubmit} aria-label={t('settings.profile')}>
        <TextField
          id="profile-name"
          label={t('settings.name')}
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
        />
        <div>
          <span className="block text-sm font-medium text-slate-800">{t('settings.email')}</span>
          <p className="mt-1.5 flex flex-wrap items-center gap-2 text-[0.9375rem] text-slate-900">
            <span className="break-all">{user.email}</span>
            {user.email_verified === false ? (
              <Badge tone="amber">{t('settings.unverified')}</Badge>
            ) : user.email_verified ? (
              <Badge tone="green">
                <BadgeCheck className="size-3.5" aria-hidden="true" />
                {t('settings.verified')}
              </Badge>
            ) : null}
            <Badge>{t(`roles.${user.role}`)}</Badge>
          </p>
        </div>
        <SelectField
          id="profile-language"
          label={t('settings.languageTitle')}
          hint={t('settings.languageHint')}
          value={language}
          onChange={(e) => isLanguage(e.target.value) && setLang(e.target.value)}
        >
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng} lang={lng}>
              {t(`languages.${lng}`)}
            </option>
          ))}
        </SelectField>
        {result ? <Alert tone={result.ok ? 'success' : 'error'}>{result.text}</Alert> : null}
        <div className="flex justify-end">
          <Button type="submit" busy={save.isPending}>
            {t('settings.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const mutation = useMutation({
    mutationFn: () => changePassword(values.current, values.next),
    onSuccess: () => {
      setValues({ current: '', next: '', confirm: '' });
      setResult({ ok: true, text: t('settings.password.changed') });
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: (error) => {
      const fields = serverFieldErrors(error);
      const current = fields.current_password;
      const next = fields.new_password ?? fields.password;
      if (current || next) setErrors({ current, next });
      else setResult({ ok: false, text: errorMessage(error, t) });
    },
  });
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const c = validatePassword(values.current);
    const n = validateNewPassword(values.next);
    const m = values.next && values.confirm !== values.next ? 'auth.validation.passwordsDiffer' : undefined;
    setErrors({
      current: c ? t(c) : undefined,
      next: n ? t(n) : undefined,
      confirm: m ? t(m) : undefined,
    });
    setResult(null);
    if (!c && !n && !m) mutation.mutate();
  };
  return (
    <Card id="password" icon={KeyRound} title={t('settings.password.title')} description={t('settings.password.hint')}>
      <form className="space-y-4" noValidate onSubmit={onSubmit} aria-label={t('settings.password.title')}>
        <PasswordField
          id="current-password"
          autoComplete="current-password"
          label={t('settings.password.current')}
          value={values.current}
          onChange={set('current')}
          error={errors.current}
        />
        <PasswordField
          id="new-password"
          autoComplete="new-password"
          label={t('settings.password.new')}
          hint={t('auth.passwordHint')}
          value={values.next}
          onChange={set('next')}
          error={errors.next}
          strength
        />
        <PasswordField
          id="confirm-password"
          autoComplete="new-password"
          label={t('auth.reset.confirm')}
          value={values.confirm}
          onChange={set('confirm')}
          error={errors.confirm}
        />
        {result ? <Alert tone={result.ok ? 'success' : 'error'}>{result.text}</Alert> : null}
        <div className="flex justify-end">
          <Button type="submit" busy={mutation.isPending}>
            {t('settings.password.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function TwoFactorCard() {
  const { t } = useTranslation();
  const { user, setUser } = useSession();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (enabled: boolean) => updateMe({ two_factor_enabled: enabled }),
    onMutate: (enabled) => {
      // Optimistic: flip now, put it back if the server says no.
      const previous = user;
      if (user) setUser({ ...user, two_factor_enabled: enabled });
      setError(null);
      return { previous };
    },
    onSuccess: (updated) => {
      if (updated) setUser(updated);
    },
    onError: (e, _enabled, context) => {
      if (context?.previous) setUser(context.previous);
      setError(errorMessage(e, t));
    },
  });
  if (!user) return null;
  const enabled = user.two_factor_enabled ?? true;
  return (
    <Card id="two-factor" icon={ShieldCheck} title={t('settings.twoFactor.title')} description={t('settings.twoFactor.hint')}>
      <div className="flex items-center justify-between gap-4 rounded-xl bg-slate-50 p-4">
        <div className="min-w-0">
          <p id="two-factor-label" className="text-sm font-medium text-slate-900">
            {t('settings.twoFactor.label')}
          </p>
          <p className="mt-0.5 text-sm text-slate-500">
            {enabled ? t('settings.twoFactor.on') : t('settings.twoFactor.off')}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={enabled}
          aria-labelledby="two-factor-label"
          disabled={mutation.isPending}
          onClick={() => mutation.mutate(!enabled)}
          className={`relative inline-flex h-7 w-12 shrink-0 items-center rounded-full transition-colors disabled:opacity-70 ${
            enabled ? 'bg-brand-600' : 'bg-slate-300'
          }`}
        >
          <span
            className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${enabled ? 'translate-x-6' : 'translate-x-1'}`}
          />
        </button>
      </div>
      {!enabled ? (
        <Alert tone="warning" className="mt-4">
          {t('settings.twoFactor.offWarning')}
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" className="mt-4">
          {error}
        </Alert>
      ) : null}
    </Card>
  );
}

function SessionRow({ session, onRevoke, busy }: { session: SessionInfo; onRevoke: () => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const { browser, os, mobile } = describeUserAgent(session.user_agent);
  const Icon = mobile ? Smartphone : os ? Laptop : Monitor;
  const title =
    browser && os ? t('settings.sessions.browserOn', { browser, os }) : browser || os || t('settings.sessions.unknownDevice');
  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center" data-testid="session-row">
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <span className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-500">
          <Icon className="size-[1.125rem]" aria-hidden="true" />
        </span>
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
            {title}
            {session.current ? <Badge tone="teal">{t('settings.sessions.thisDevice')}</Badge> : null}
          </p>
          <p className="mt-0.5 text-sm text-slate-500">
            {[session.ip, t('settings.sessions.lastActive', { time: formatRelative(session.last_used_at, i18n.language) })]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <p className="text-xs text-slate-400">
            {t('settings.sessions.signedIn', { time: formatDateTime(session.created_at, i18n.language) })}
          </p>
        </div>
      </div>
      {session.current ? null : (
        <Button
          variant="secondary"
          size="sm"
          onClick={onRevoke}
          busy={busy}
          aria-label={t('settings.sessions.revokeNamed', { device: title })}
          className="self-start sm:self-center"
        >
          {t('settings.sessions.revoke')}
        </Button>
      )}
    </li>
  );
}

function SessionsCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => fetchSessions(signal) });
  const revoke = useMutation({
    mutationFn: (ids: string[]) => Promise.all(ids.map((id) => revokeSession(id))),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: SESSIONS_KEY });
      const previous = queryClient.getQueryData<SessionInfo[]>(SESSIONS_KEY);
      queryClient.setQueryData<SessionInfo[]>(SESSIONS_KEY, (list) => list?.filter((s) => !ids.includes(s.id)));
      setError(null);
      return { previous };
    },
    onError: (e, _ids, context) => {
      queryClient.setQueryData(SESSIONS_KEY, context?.previous);
      setError(errorMessage(e, t));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  const others = (sessions.data ?? []).filter((s) => !s.current);
  return (
    <Card id="sessions" icon={Monitor} title={t('settings.sessions.title')} description={t('settings.sessions.hint')} className="lg:col-span-2">
      {error ? (
        <Alert tone="error" className="mb-2">
          {error}
        </Alert>
      ) : null}
      {sessions.isPending ? (
        <div className="flex items-center gap-2 py-4 text-sm text-slate-500" role="status">
          <Spinner className="size-4" /> {t('common.loading')}
        </div>
      ) : sessions.isError ? (
        <Alert
          tone="error"
          action={
            <Button size="sm" variant="secondary" onClick={() => void sessions.refetch()}>
              {t('common.retry')}
            </Button>
          }
        >
          {errorMessage(sessions.error, t, { missingEndpoint: true })}
        </Alert>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" aria-label={t('settings.sessions.title')}>
            {sessions.data.map((s) => (
              <SessionRow
                key={s.id}
                session={s}
                busy={revoke.isPending && revoke.variables.includes(s.id)}
                onRevoke={() => revoke.mutate([s.id])}
              />
            ))}
          </ul>
          {others.length > 1 ? (
            <div className="mt-2 flex justify-end border-t border-slate-100 pt-4">
              <Button
                variant="secondary"
                size="sm"
                icon={<LogOut className="size-4" aria-hidden="true" />}
                onClick={() => revoke.mutate(others.map((s) => s.id))}
              >
                {t('settings.sessions.revokeOthers')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  return (
    <div data-testid="section-settings">
      <PageHeader title={t('nav.settings')} description={t('sections.settings.description')} />
      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2 lg:gap-6">
        <ProfileCard />
        <div className="grid grid-cols-1 gap-4 lg:gap-6">
          <TwoFactorCard />
          <PasswordCard />
        </div>
        <SessionsCard />
      </div>
    </div>
  );
}
