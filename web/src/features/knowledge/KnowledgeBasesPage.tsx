import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Building2, ChevronRight, LibraryBig, Pencil, Plus, Trash2 } from 'lucide-react';
import { fetchCompanies } from '../../api/accounts';
import {
  createKnowledgeBase,
  deleteKnowledgeBase,
  fetchKnowledgeBases,
  KB_KINDS,
  kbListKey,
  renameKnowledgeBase,
  type KbKind,
  type KnowledgeBase,
} from '../../api/knowledge';
import { errorMessage, serverFieldErrors } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { SelectField, TextField } from '../../components/Form';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { KIND_TONE, Loading, useKbBase } from './shared';

function KbDialog({ companyId, kb, onClose }: { companyId: string; kb?: KnowledgeBase; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(kb?.name ?? '');
  const [kind, setKind] = useState<KbKind>(kb?.kind ?? 'PRODUCT');
  const [localError, setLocalError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: () => (kb ? renameKnowledgeBase(kb.id, name.trim()) : createKnowledgeBase(companyId, { name: name.trim(), kind })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['knowledge-bases'] });
      onClose();
    },
  });
  const fieldErrors = serverFieldErrors(mutation.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setLocalError(t('knowledge.nameRequired'));
    setLocalError(undefined);
    mutation.mutate();
  };
  const formId = 'kb-form';
  return (
    <Dialog
      title={kb ? t('knowledge.renameTitle') : t('knowledge.createTitle')}
      onClose={onClose}
      size="sm"
      testId="kb-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form={formId} busy={mutation.isPending}>
            {kb ? t('common.saveChanges') : t('knowledge.create')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="space-y-4">
        <TextField
          id="kb-name"
          label={t('knowledge.name')}
          value={name}
          placeholder={t('knowledge.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          error={localError ?? fieldErrors.name}
          maxLength={200}
          required
        />
        {kb ? null : (
          <SelectField id="kb-kind" label={t('knowledge.kind')} value={kind} onChange={(e) => setKind(e.target.value as KbKind)} hint={t(`knowledge.kindHints.${kind}`)}>
            {KB_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`knowledge.kinds.${k}`)}
              </option>
            ))}
          </SelectField>
        )}
        {mutation.isError && !fieldErrors.name ? <Alert tone="error">{errorMessage(mutation.error, t)}</Alert> : null}
      </form>
    </Dialog>
  );
}

export function DeleteKbDialog({ kb, onClose, onDeleted }: { kb: KnowledgeBase; onClose: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => deleteKnowledgeBase(kb.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['knowledge-bases'] });
      onClose();
      onDeleted?.();
    },
  });
  return (
    <ConfirmDeleteDialog
      title={t('knowledge.deleteTitle', { name: kb.name })}
      body={t('knowledge.deleteBody')}
      confirmLabel={t('knowledge.deleteConfirm')}
      onConfirm={() => mutation.mutate()}
      onCancel={onClose}
      busy={mutation.isPending}
      error={mutation.isError ? mutation.error : null}
    />
  );
}

export { KbDialog };

/** Every role: `…/knowledge-bases?company=ID` — a company's knowledge bases. */
export function KnowledgeBasesPage() {
  const { t, i18n } = useTranslation();
  const base = useKbBase();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<KnowledgeBase | 'new' | null>(null);
  const [deleting, setDeleting] = useState<KnowledgeBase | null>(null);

  const companies = useQuery({
    queryKey: ['companies', 'all-for-kb'],
    queryFn: async ({ signal }) => (await fetchCompanies({}, signal)).items,
  });
  const list = companies.data ?? [];
  const companyId = params.get('company') ?? list[0]?.id ?? '';
  const company = list.find((c) => c.id === companyId);

  const kbs = useQuery({
    queryKey: kbListKey(companyId),
    queryFn: ({ signal }) => fetchKnowledgeBases(companyId, signal),
    enabled: !!companyId,
  });

  const header = (
    <PageHeader
      title={t('nav.knowledgeBases')}
      description={t('sections.knowledgeBases.description')}
      actions={
        companyId ? (
          <Button onClick={() => setDialog('new')} icon={<Plus className="size-4" aria-hidden="true" />}>
            {t('knowledge.new')}
          </Button>
        ) : null
      }
    />
  );

  if (companies.isPending) return (
    <div data-testid="section-knowledgeBases">
      {header}
      <Loading />
    </div>
  );

  return (
    <div data-testid="section-knowledgeBases">
      {header}
      {companies.isError ? (
        <Alert tone="error" title={t('knowledge.loadFailed')}>
          {errorMessage(companies.error, t)}
        </Alert>
      ) : list.length === 0 ? (
        <EmptyState icon={Building2} title={t('knowledge.noCompaniesTitle')} body={t('knowledge.noCompaniesBody')} />
      ) : (
        <>
          {list.length > 1 || params.get('company') ? (
            <div className="mb-5 max-w-sm">
              <SelectField
                id="kb-company"
                label={t('knowledge.companyLabel')}
                value={companyId}
                onChange={(e) => setParams({ company: e.target.value }, { replace: true })}
              >
                {company ? null : <option value={companyId}>{t('knowledge.chooseCompany')}</option>}
                {list.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} · {c.name}
                  </option>
                ))}
              </SelectField>
            </div>
          ) : (
            <p className="mb-4 flex items-center gap-2 text-sm text-slate-600">
              <Building2 className="size-4 text-slate-400" aria-hidden="true" />
              <span className="font-mono text-xs font-semibold text-brand-700">{company?.code}</span> {company?.name}
            </p>
          )}
          {kbs.isPending ? (
            <Loading />
          ) : kbs.isError ? (
            <Alert tone="error" title={t('knowledge.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void kbs.refetch()}>{t('common.retry')}</Button>}>
              {errorMessage(kbs.error, t)}
            </Alert>
          ) : kbs.data.length === 0 ? (
            <EmptyState icon={LibraryBig} title={t('knowledge.emptyTitle')} body={t('knowledge.emptyBody')}>
              <Button onClick={() => setDialog('new')} icon={<Plus className="size-4" aria-hidden="true" />}>
                {t('knowledge.new')}
              </Button>
            </EmptyState>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="kb-list">
              {kbs.data.map((kb) => (
                <li key={kb.id} className="flex min-w-0 flex-col rounded-2xl border border-slate-200 bg-white p-5 shadow-xs" data-testid="kb-card">
                  <div className="flex items-start justify-between gap-3">
                    <h2 className="min-w-0 truncate text-base font-semibold text-slate-900">
                      <Link to={`${base}/${kb.id}`} className="hover:text-brand-700 hover:underline">
                        {kb.name}
                      </Link>
                    </h2>
                    <Badge tone={KIND_TONE[kb.kind]}>{t(`knowledge.kinds.${kb.kind}`)}</Badge>
                  </div>
                  <p className="mt-2 text-sm text-slate-600" data-testid="kb-count">
                    {t('knowledge.itemsCount', { n: formatNumber(kb.items_count ?? 0, i18n.language) })}
                  </p>
                  <div className="mt-4 flex flex-1 items-end justify-end gap-1.5">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-red-700 hover:bg-red-50 hover:text-red-800"
                      onClick={() => setDeleting(kb)}
                      aria-label={t('knowledge.deleteNamed', { name: kb.name })}
                      icon={<Trash2 className="size-4" aria-hidden="true" />}
                    >
                      {t('common.delete')}
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setDialog(kb)} aria-label={t('knowledge.renameNamed', { name: kb.name })} icon={<Pencil className="size-4" aria-hidden="true" />}>
                      {t('knowledge.rename')}
                    </Button>
                    <Link
                      to={`${base}/${kb.id}`}
                      className="inline-flex items-center gap-1 rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-semibold text-slate-800 shadow-xs hover:bg-slate-50"
                    >
                      {t('knowledge.open')}
                      <ChevronRight className="size-4" aria-hidden="true" />
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {dialog ? <KbDialog companyId={companyId} kb={dialog === 'new' ? undefined : dialog} onClose={() => setDialog(null)} /> : null}
      {deleting ? <DeleteKbDialog kb={deleting} onClose={() => setDeleting(null)} /> : null}
    </div>
  );
}
