import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Building2, Check, Copy, Globe } from 'lucide-react';
import {
  fetchAssistantSettings,
  fetchWebchat,
  PROMPT_KEYS,
  saveAssistantSettings,
  settingsKey,
  webchatKey,
  type AssistantSettings,
  type AssistantSettingsInput,
  type PromptKey,
} from '../../api/conversations';
import { isApiError } from '../../api/client';
import { errorMessage, serverFieldErrors } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { SelectField, TextField } from '../../components/Form';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative } from '../../lib/format';
import { Card, Loading } from '../knowledge/shared';
import { CompanyPicker, useCompanySelection } from '../conversations/shared';

export const PROMPT_MAX = 4000;

export interface SettingsForm {
  engine: 'guided' | 'llm';
  debounce: string; // seconds, as typed
  retention: string; // days, as typed
  language: 'en' | 'ru';
  prompts: Record<PromptKey, string>;
}

/** Form field names: `engine`, `debounce`, `retention`, `language`, `prompt.<key>`. */
export type FormField = 'engine' | 'debounce' | 'retention' | 'language' | `prompt.${PromptKey}`;

export function formFromSettings(s: AssistantSettings): SettingsForm {
  const prompts = Object.fromEntries(PROMPT_KEYS.map((k) => [k, s.prompts?.[k] ?? ''])) as Record<PromptKey, string>;
  return {
    engine: s.engine === 'llm' ? 'llm' : 'guided',
    debounce: String(Math.round(((s.debounce_ms ?? 0) / 1000) * 10) / 10),
    retention: String(s.retention_days ?? 365),
    language: s.default_language === 'ru' ? 'ru' : 'en',
    prompts,
  };
}

/** Client-side checks; values are i18n keys (with `max` for the prompt limit). */
export function validateForm(f: SettingsForm, llmAvailable: boolean): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {};
  const debounce = Number(f.debounce.replace(',', '.'));
  if (f.debounce.trim() === '' || !Number.isFinite(debounce) || debounce < 0 || debounce > 60) errors.debounce = 'assistantSettings.debounceInvalid';
  const retention = Number(f.retention);
  if (!/^\d+$/.test(f.retention.trim()) || retention < 1 || retention > 3650) errors.retention = 'assistantSettings.retentionInvalid';
  if (f.engine === 'llm' && !llmAvailable) errors.engine = 'assistantSettings.llmUnavailable';
  for (const k of PROMPT_KEYS) if (f.prompts[k].length > PROMPT_MAX) errors[`prompt.${k}`] = 'assistantSettings.tooLong';
  return errors;
}

export function formToInput(f: SettingsForm): AssistantSettingsInput {
  return {
    engine: f.engine,
    debounce_ms: Math.round(Number(f.debounce.replace(',', '.')) * 1000),
    retention_days: Number(f.retention),
    default_language: f.language,
    prompts: { ...f.prompts },
  };
}

/**
 * The server's `details.field` (or `details.fields`) names API fields: `debounce_ms`,
 * `retention_days`, `default_language`, `engine`, `prompts.greeting` (also `prompts/greeting`,
 * `prompts[greeting]` or a bare prompt key). Returns messages per form field.
 */
export function mapServerErrors(error: unknown): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const [field, message] of Object.entries(serverFieldErrors(error))) {
    const f = fieldForServer(field);
    if (f) out[f] = message;
  }
  return out;
}

export function fieldForServer(field: string): FormField | null {
  switch (field) {
    case 'engine':
      return 'engine';
    case 'debounce_ms':
    case 'debounce':
      return 'debounce';
    case 'retention_days':
    case 'retention':
      return 'retention';
    case 'default_language':
    case 'language':
      return 'language';
  }
  const m = /^(?:prompts?[./[])?([a-z_]+)\]?$/.exec(field);
  const key = m?.[1];
  return key && (PROMPT_KEYS as readonly string[]).includes(key) ? `prompt.${key as PromptKey}` : null;
}

function WebchatCard({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const webchat = useQuery({ queryKey: webchatKey(companyId), queryFn: ({ signal }) => fetchWebchat(companyId, signal), enabled: !!companyId });
  useEffect(() => {
    if (!copied) return;
    const id = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(id);
  }, [copied]);
  const copy = async () => {
    const text = webchat.data?.snippet ?? '';
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      areaRef.current?.select();
      setCopied('failed');
    }
  };
  return (
    <Card className="p-5" >
      <div data-testid="webchat-card">
        <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
          <Globe className="size-5 text-brand-600" aria-hidden="true" />
          {t('assistantSettings.webchatTitle')}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t('assistantSettings.webchatBody')}</p>
        {webchat.isPending ? (
          <Loading />
        ) : webchat.isError ? (
          <Alert tone="error" className="mt-3" title={t('assistantSettings.webchatFailed')}>
            {errorMessage(webchat.error, t)}
          </Alert>
        ) : (
          <>
            <label htmlFor="webchat-snippet" className="mt-4 block text-sm font-medium text-slate-800">
              {t('assistantSettings.snippetLabel')}
            </label>
            <textarea
              id="webchat-snippet"
              ref={areaRef}
              readOnly
              rows={3}
              value={webchat.data.snippet}
              onFocus={(e) => e.currentTarget.select()}
              className="mt-1.5 block w-full resize-none rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand-100"
              data-testid="webchat-snippet"
            />
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <Button size="sm" variant="secondary" onClick={() => void copy()} icon={copied === 'yes' ? <Check className="size-4" aria-hidden="true" /> : <Copy className="size-4" aria-hidden="true" />} data-testid="webchat-copy">
                {copied === 'yes' ? t('assistantSettings.copied') : t('assistantSettings.copy')}
              </Button>
              <span className="text-xs text-slate-500">
                {t('assistantSettings.widgetKey')}: <code className="font-mono" data-testid="webchat-key">{webchat.data.widget_key}</code>
              </span>
              <span role="status" className="text-xs text-red-700">
                {copied === 'failed' ? t('assistantSettings.copyFailed') : ''}
              </span>
            </div>
            <ol className="mt-4 list-decimal space-y-1 pl-5 text-sm text-slate-600">
              <li>{t('assistantSettings.howTo1')}</li>
              <li>{t('assistantSettings.howTo2')}</li>
              <li>{t('assistantSettings.howTo3')}</li>
            </ol>
          </>
        )}
      </div>
    </Card>
  );
}

function SettingsFormView({ companyId, settings }: { companyId: string; settings: AssistantSettings }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settings));
  const [localErrors, setLocalErrors] = useState<Partial<Record<FormField, string>>>({});
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (input: AssistantSettingsInput) => saveAssistantSettings(companyId, input),
    onSuccess: (s) => {
      if (s && typeof s === 'object' && 'version' in s) {
        qc.setQueryData(settingsKey(companyId), s);
        setSavedVersion(s.version);
      } else {
        void qc.invalidateQueries({ queryKey: settingsKey(companyId) });
        setSavedVersion(settings.version + 1);
      }
    },
  });
  const serverErrors = mapServerErrors(save.error);
  const errorFor = (f: FormField): string | undefined => {
    const local = localErrors[f];
    if (local) return t(local as 'assistantSettings.tooLong', { max: PROMPT_MAX });
    return serverErrors[f];
  };
  const generalError = save.isError && Object.keys(serverErrors).length === 0 ? errorMessage(save.error, t) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = validateForm(form, settings.llm_available);
    setLocalErrors(errors);
    setSavedVersion(null);
    if (Object.keys(errors).length > 0) {
      const first = Object.keys(errors)[0]!;
      document.getElementById(`as-${first.replace('.', '-')}`)?.focus();
      return;
    }
    save.mutate(formToInput(form));
  };
  const update = (patch: Partial<SettingsForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSavedVersion(null);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="assistant-settings-form">
      <Card className="space-y-5 p-5">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-slate-600" data-testid="settings-version">
            {t('assistantSettings.version', { version: settings.version })}
            {settings.updated_at ? ` · ${t('assistantSettings.updated', { time: formatRelative(settings.updated_at, i18n.language) })}` : ''}
          </p>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t('assistantSettings.engine')}</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {(['guided', 'llm'] as const).map((engine) => {
              const disabled = engine === 'llm' && !settings.llm_available;
              return (
                <label
                  key={engine}
                  className={`flex gap-3 rounded-xl border p-3.5 ${form.engine === engine ? 'border-brand-500 bg-brand-50/60 ring-1 ring-brand-500' : 'border-slate-200'} ${disabled ? 'cursor-not-allowed opacity-70' : 'cursor-pointer hover:border-slate-300'}`}
                >
                  <input
                    type="radio"
                    name="engine"
                    id={engine === 'guided' ? 'as-engine' : 'as-engine-llm'}
                    value={engine}
                    checked={form.engine === engine}
                    disabled={disabled}
                    onChange={() => update({ engine })}
                    className="mt-1 size-4 accent-brand-600"
                    data-testid={`engine-${engine}`}
                    aria-describedby={`engine-${engine}-hint`}
                  />
                  <span>
                    <span className="block text-sm font-semibold text-slate-900">{t(`assistantSettings.engines.${engine}`)}</span>
                    <span id={`engine-${engine}-hint`} className="mt-0.5 block text-sm text-slate-600">
                      {disabled ? t('assistantSettings.llmUnavailable') : t(`assistantSettings.engineHints.${engine}`)}
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
          {errorFor('engine') ? (
            <p className="mt-1.5 text-sm text-red-700" data-testid="as-engine-error" role="alert">
              {errorFor('engine')}
            </p>
          ) : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            id="as-debounce"
            label={t('assistantSettings.debounce')}
            inputMode="decimal"
            value={form.debounce}
            onChange={(e) => update({ debounce: e.target.value })}
            hint={t('assistantSettings.debounceHint')}
            error={errorFor('debounce')}
          />
          <TextField
            id="as-retention"
            label={t('assistantSettings.retention')}
            inputMode="numeric"
            value={form.retention}
            onChange={(e) => update({ retention: e.target.value })}
            hint={t('assistantSettings.retentionHint')}
            error={errorFor('retention')}
          />
          <SelectField
            id="as-language"
            label={t('assistantSettings.language')}
            value={form.language}
            onChange={(e) => update({ language: e.target.value as 'en' | 'ru' })}
            hint={t('assistantSettings.languageHint')}
            error={errorFor('language')}
          >
            <option value="en">{t('languages.en')}</option>
            <option value="ru">{t('languages.ru')}</option>
          </SelectField>
        </div>
      </Card>

      <Card className="p-5">
        <h2 className="text-base font-semibold text-slate-900">{t('assistantSettings.promptsTitle')}</h2>
        <p className="mt-1 text-sm text-slate-600">{t('assistantSettings.promptsHint')}</p>
        <div className="mt-4 grid gap-4 lg:grid-cols-2">
          {PROMPT_KEYS.map((k) => {
            const id = `as-prompt-${k}`;
            const err = errorFor(`prompt.${k}`);
            const len = form.prompts[k].length;
            return (
              <div key={k}>
                <div className="flex items-baseline justify-between gap-2">
                  <label htmlFor={id} className="block text-sm font-medium text-slate-800">
                    {t(`assistantSettings.prompts.${k}`)}
                  </label>
                  <span className={`text-xs tabular-nums ${len > PROMPT_MAX ? 'font-semibold text-red-700' : 'text-slate-500'}`} data-testid={`${id}-count`} aria-live="polite">
                    {t('assistantSettings.chars', { count: len, max: PROMPT_MAX })}
                  </span>
                </div>
                <textarea
                  id={id}
                  rows={4}
                  value={form.prompts[k]}
                  onChange={(e) => update({ prompts: { ...form.prompts, [k]: e.target.value } })}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${id}-error` : `${id}-hint`}
                  className={`mt-1.5 block w-full resize-y rounded-lg border bg-white px-3 py-2 text-[0.9375rem] shadow-xs focus:outline-none focus-visible:ring-4 ${err ? 'border-red-400 focus-visible:ring-red-100' : 'border-slate-300 focus-visible:border-brand-500 focus-visible:ring-brand-100'}`}
                  data-testid={id}
                />
                {err ? (
                  <p id={`${id}-error`} className="mt-1 text-sm text-red-700" data-testid={`${id}-error`}>
                    {err}
                  </p>
                ) : (
                  <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
                    {t(`assistantSettings.promptHints.${k}`)}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" busy={save.isPending} data-testid="settings-save">
          {t('assistantSettings.save')}
        </Button>
        {savedVersion !== null ? (
          <span role="status" className="text-sm text-emerald-700" data-testid="settings-saved">
            {t('assistantSettings.saved', { version: savedVersion })}
          </span>
        ) : null}
        {Object.keys(localErrors).length > 0 || (save.isError && Object.keys(serverErrors).length > 0) ? (
          <span role="alert" className="text-sm text-red-700">
            {t('assistantSettings.fixErrors')}
          </span>
        ) : null}
      </div>
      {generalError ? <Alert tone="error">{generalError}</Alert> : null}
    </form>
  );
}

/** `{base}/assistant?company=` — assistant settings and the web chat snippet. */
export function AssistantSettingsPage() {
  const { t } = useTranslation();
  const { companies, list, companyId, company, select } = useCompanySelection();
  const settings = useQuery({
    queryKey: settingsKey(companyId),
    queryFn: ({ signal }) => fetchAssistantSettings(companyId, signal),
    enabled: !!companyId,
  });
  const header = <PageHeader title={t('nav.assistant')} description={t('sections.assistant.description')} />;
  if (companies.isPending)
    return (
      <div data-testid="section-assistant">
        {header}
        <Loading />
      </div>
    );
  if (companies.isError || list.length === 0)
    return (
      <div data-testid="section-assistant">
        {header}
        {companies.isError ? <Alert tone="error">{errorMessage(companies.error, t)}</Alert> : <EmptyState icon={Building2} title={t('convo.noCompaniesTitle')} body={t('convo.noCompaniesBody')} />}
      </div>
    );
  return (
    <div data-testid="section-assistant">
      {header}
      <div className="mb-5">
        <CompanyPicker list={list} companyId={companyId} company={company} onSelect={select} />
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div>
          {settings.isPending ? (
            <Loading />
          ) : settings.isError ? (
            <Alert tone="error" title={t('assistantSettings.loadFailed')} action={isApiError(settings.error) && settings.error.status === 0 ? <Button size="sm" variant="secondary" onClick={() => void settings.refetch()}>{t('common.retry')}</Button> : undefined}>
              {errorMessage(settings.error, t)}
            </Alert>
          ) : (
            <SettingsFormView key={companyId} companyId={companyId} settings={settings.data} />
          )}
        </div>
        <div>
          <WebchatCard companyId={companyId} />
        </div>
      </div>
    </div>
  );
}
