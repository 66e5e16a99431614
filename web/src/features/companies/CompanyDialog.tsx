import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Boxes, Layers, Wrench } from 'lucide-react';
import { companiesKey, createCompany, updateCompany, type CompanyInput } from '../../api/accounts';
import { COMPANY_TYPES, type Company, type CompanyStatus, type CompanyType } from '../../api/types';
import { errorMessage, serverFieldErrors } from '../../auth/errors';
import { browserTimeZone, currencies, currencyLabel, timeZones } from '../../lib/intl';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Form';

const TYPE_ICONS: Record<CompanyType, typeof Boxes> = { PRODUCT: Boxes, SERVICE: Wrench, HYBRID: Layers };
export const MAX_COMPANY_NAME = 100;

type Field = 'name' | 'type' | 'timezone' | 'currency' | 'status';

/** Create (no `company`) or edit a company. `accountId`: a manager/admin acting for a client. */
export function CompanyDialog({
  company,
  accountId,
  isAdmin,
  onClose,
  onSaved,
}: {
  company?: Company;
  accountId?: string | undefined;
  isAdmin: boolean;
  onClose: () => void;
  onSaved: (company: Company, created: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(company?.name ?? '');
  const [type, setType] = useState<CompanyType | ''>(company?.type ?? '');
  const [timezone, setTimezone] = useState(company?.timezone ?? browserTimeZone());
  const [currency, setCurrency] = useState(company?.currency ?? 'EUR');
  const [status, setStatus] = useState<CompanyStatus>(company?.status ?? 'ACTIVE');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const typeRef = useRef<HTMLFieldSetElement>(null);

  const zones = useMemo(() => {
    const list = timeZones();
    return list.includes(timezone) ? list : [timezone, ...list];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const money = useMemo(() => currencies(), []);
  const statuses: CompanyStatus[] = isAdmin || company?.status === 'SUSPENDED' ? ['ACTIVE', 'INACTIVE', 'SUSPENDED'] : ['ACTIVE', 'INACTIVE'];

  const save = useMutation({
    mutationFn: async (): Promise<Company> => {
      const input: CompanyInput = { name: name.trim(), type: type as CompanyType, timezone, currency };
      if (company) return updateCompany(company.id, { ...input, status });
      return createCompany(accountId ? { ...input, account_id: accountId } : input);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: companiesKey(accountId) });
      void queryClient.invalidateQueries({ queryKey: ['companies'] });
      onSaved(saved, !company);
    },
    onError: (error) => {
      const fields = serverFieldErrors(error) as Partial<Record<Field, string>>;
      if (Object.keys(fields).length) setErrors(fields);
      else setFormError(errorMessage(error, t));
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!name.trim()) next.name = t('companies.validation.nameRequired');
    else if (name.trim().length > MAX_COMPANY_NAME) next.name = t('companies.validation.nameTooLong', { max: MAX_COMPANY_NAME });
    if (!type) next.type = t('companies.validation.typeRequired');
    setErrors(next);
    setFormError(null);
    if (next.name) return nameRef.current?.focus();
    if (next.type) return typeRef.current?.querySelector('input')?.focus();
    save.mutate();
  };

  const title = company ? t('companies.editTitle', { code: company.code }) : t('companies.createTitle');
  return (
    <Dialog
      title={title}
      description={company ? undefined : t('companies.createHint')}
      onClose={onClose}
      size="lg"
      testId="company-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="company-form" busy={save.isPending}>
            {company ? t('common.saveChanges') : t('companies.create')}
          </Button>
        </>
      }
    >
      <form id="company-form" className="space-y-5" noValidate onSubmit={onSubmit} aria-label={title}>
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <TextField
          ref={nameRef}
          id="company-name"
          label={t('companies.name')}
          placeholder={t('companies.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          maxLength={MAX_COMPANY_NAME + 20}
          required
        />
        <fieldset ref={typeRef} aria-describedby={errors.type ? 'company-type-error' : undefined}>
          <legend className="text-sm font-medium text-slate-800">{t('companies.type')}</legend>
          <div className="mt-1.5 grid grid-cols-1 gap-2 sm:grid-cols-3">
            {COMPANY_TYPES.map((value) => {
              const Icon = TYPE_ICONS[value];
              const checked = type === value;
              return (
                <label
                  key={value}
                  className={`relative flex cursor-pointer flex-col gap-1 rounded-xl border p-3 text-sm transition-colors has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-brand-100 ${
                    checked
                      ? 'border-brand-500 bg-brand-50/60 ring-1 ring-brand-500'
                      : errors.type
                        ? 'border-red-300 hover:border-red-400'
                        : 'border-slate-300 hover:border-slate-400'
                  }`}
                >
                  <input
                    type="radio"
                    name="company-type"
                    value={value}
                    checked={checked}
                    onChange={() => setType(value)}
                    aria-invalid={errors.type ? true : undefined}
                    className="sr-only"
                  />
                  <span className="flex items-center gap-2 font-semibold text-slate-900">
                    <Icon className={`size-4 ${checked ? 'text-brand-600' : 'text-slate-400'}`} aria-hidden="true" />
                    {t(`companies.types.${value}`)}
                  </span>
                  <span className="text-xs leading-5 text-slate-500">{t(`companies.typeHints.${value}`)}</span>
                </label>
              );
            })}
          </div>
          {errors.type ? (
            <p id="company-type-error" className="mt-1.5 text-sm text-red-700" data-testid="company-type-error">
              {errors.type}
            </p>
          ) : null}
        </fieldset>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <SelectField
            id="company-timezone"
            label={t('companies.timezone')}
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            error={errors.timezone}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="company-currency"
            label={t('companies.currency')}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            error={errors.currency}
          >
            <optgroup label={t('companies.popularCurrencies')}>
              {money.popular.map((c) => (
                <option key={c} value={c}>
                  {currencyLabel(c, i18n.language)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('companies.otherCurrencies')}>
              {money.other.map((c) => (
                <option key={c} value={c}>
                  {currencyLabel(c, i18n.language)}
                </option>
              ))}
            </optgroup>
          </SelectField>
        </div>
        {company ? (
          <SelectField
            id="company-status"
            label={t('companies.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value as CompanyStatus)}
            error={errors.status}
            hint={isAdmin ? undefined : t('companies.suspendAdminOnly')}
          >
            {statuses.map((s) => (
              <option key={s} value={s} disabled={s === 'SUSPENDED' && !isAdmin}>
                {t(`companies.statuses.${s}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
      </form>
    </Dialog>
  );
}
