import { useRef, useState, type DragEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ArrowLeft, CheckCircle2, FileSpreadsheet, Upload } from 'lucide-react';
import { isApiError } from '../../api/client';
import {
  commitImport,
  fetchKnowledgeBase,
  IMPORT_FIELDS,
  kbKey,
  uploadImport,
  type CommitResult,
  type ImportColumn,
  type ImportMode,
  type ImportPreview,
  type ImportProblem,
} from '../../api/knowledge';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button, ButtonLink } from '../../components/Button';
import { SelectField } from '../../components/Form';
import { Spinner } from '../../components/Spinner';
import { formatMoney } from '../../lib/money';
import { formatNumber } from '../../lib/format';
import { Card, Loading, useKbBase } from './shared';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The mapping value of a column as detected: a field, `attribute:<name>`, `extra` or `ignore`. */
export function detectedTarget(column: ImportColumn): string {
  if (column.field === 'attribute') return column.attribute ? `attribute:${column.attribute}` : 'attribute';
  return column.field || 'extra';
}

function problemsOf(error: unknown): ImportProblem[] {
  if (!isApiError(error)) return [];
  const list = error.details.problems;
  if (Array.isArray(list) && list.length) return list as ImportProblem[];
  return [
    {
      message: error.message,
      line: typeof error.details.line === 'number' ? error.details.line : undefined,
      column: typeof error.details.column === 'number' ? error.details.column : undefined,
    } as ImportProblem,
  ];
}

export function ProblemList({ problems, columns, testId }: { problems: ImportProblem[]; columns: ImportColumn[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="mt-2 divide-y divide-red-100 rounded-lg border border-red-100 bg-white text-sm" data-testid={testId}>
      {problems.map((p, i) => {
        const header = p.column ? columns[p.column - 1]?.header : undefined;
        return (
          <li key={i} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:gap-3">
            <span className="shrink-0 font-medium text-red-800 tabular-nums sm:w-44">
              {p.line && p.column ? t('imports.lineColumn', { line: p.line, column: header ? `${p.column} (${header})` : p.column }) : p.line ? t('imports.line', { line: p.line }) : null}
            </span>
            <span className="min-w-0 text-slate-700">{p.message.replace(/^line \d+(, column \d+)?( \([^)]*\))?: /, '')}</span>
          </li>
        );
      })}
    </ul>
  );
}

function MappingTable({ preview, mapping, setMapping }: { preview: ImportPreview; mapping: Record<string, string>; setMapping: (m: Record<string, string>) => void }) {
  const { t } = useTranslation();
  return (
    <div className="divide-y divide-slate-100" data-testid="mapping">
      {preview.columns.map((col) => {
        const detected = detectedTarget(col);
        const value = mapping[String(col.index)] ?? detected;
        const attrs = new Set<string>();
        for (const c of preview.columns) if (c.field === 'attribute' && c.attribute) attrs.add(c.attribute);
        const ownName = (col.header || `#${col.index + 1}`).trim().toLowerCase();
        const options: { value: string; label: string }[] = [
          ...IMPORT_FIELDS.map((f) => ({ value: f, label: t(`imports.fields.${f}`) })),
          ...[...attrs].map((a) => ({ value: `attribute:${a}`, label: t('imports.attribute', { name: a }) })),
          ...(attrs.has(ownName) ? [] : [{ value: `attribute:${ownName}`, label: t('imports.attribute', { name: ownName }) }]),
          { value: 'extra', label: t('imports.extra') },
          { value: 'ignore', label: t('imports.ignore') },
        ];
        if (!options.some((o) => o.value === value)) options.push({ value, label: value });
        const changed = value !== detected;
        return (
          <div key={col.index} className="grid gap-2 py-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,16rem)_minmax(0,1.4fr)] sm:items-center sm:gap-4" data-testid="mapping-row">
            <div className="min-w-0">
              <p className="truncate font-medium text-slate-900" title={col.header}>
                {col.header || `#${col.index + 1}`}
              </p>
              <p className="text-xs text-slate-500">
                {t('imports.column')} {col.index + 1}
                {col.currency ? ` · ${t('imports.currencyHint', { currency: col.currency })}` : ''}
                {changed ? <span className="ml-1.5 rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-800">{t('imports.changed')}</span> : null}
              </p>
            </div>
            <div className="min-w-0">
              <label htmlFor={`map-${col.index}`} className="sr-only">
                {t('imports.mappedTo')}: {col.header}
              </label>
              <select
                id={`map-${col.index}`}
                value={value}
                data-testid="mapping-select"
                onChange={(e) => {
                  const next = { ...mapping };
                  if (e.target.value === detected) delete next[String(col.index)];
                  else next[String(col.index)] = e.target.value;
                  setMapping(next);
                }}
                className={`block w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-xs focus:outline-none focus-visible:ring-4 focus-visible:ring-brand-100 ${changed ? 'border-amber-400' : 'border-slate-300'}`}
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <p className="min-w-0 truncate text-sm text-slate-500" title={(col.samples ?? []).join(', ')}>
              <span className="sr-only">{t('imports.samples')}: </span>
              {(col.samples ?? []).filter(Boolean).join(' · ') || '—'}
            </p>
          </div>
        );
      })}
    </div>
  );
}

/** `…/knowledge-bases/:kbId/import` — upload → preview (mapping, problems) → commit → summary. */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const { kbId = '' } = useParams();
  const base = useKbBase();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<ImportMode>('merge');
  const [result, setResult] = useState<CommitResult | null>(null);

  const kb = useQuery({ queryKey: kbKey(kbId), queryFn: ({ signal }) => fetchKnowledgeBase(kbId, signal) });

  const upload = useMutation({
    mutationFn: ({ f, sheet }: { f: File; sheet?: string }) => uploadImport(kbId, f, f.name, sheet),
    onSuccess: (data) => {
      setPreview(data);
      setMapping({});
      commit.reset();
    },
  });
  const commit = useMutation({
    mutationFn: () => commitImport(kbId, preview!.import_id, mode, mapping),
    onSuccess: (data) => {
      setResult(data);
      void queryClient.invalidateQueries({ queryKey: ['knowledge-bases'] });
    },
  });

  const pick = (f: File | undefined | null) => {
    if (!f) return;
    setFile(f);
    setPreview(null);
    setResult(null);
    upload.mutate({ f });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files?.[0]);
  };
  const restart = () => {
    setFile(null);
    setPreview(null);
    setResult(null);
    setMapping({});
    upload.reset();
    commit.reset();
  };

  if (kb.isPending) return <Loading />;
  const kbName = kb.data?.name ?? '';
  const itemsPath = `${base}/${kbId}`;
  const commitProblems = commit.isError ? problemsOf(commit.error) : [];
  const commitIsProblemList = commit.isError && isApiError(commit.error) && commit.error.status === 400;

  return (
    <div data-testid="import-page">
      <Link to={itemsPath} className="mb-3 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline">
        <ArrowLeft className="size-4" aria-hidden="true" /> {kbName}
      </Link>
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-[1.75rem]">{t('imports.title', { name: kbName })}</h1>
        <p className="mt-1.5 text-sm text-slate-600 sm:text-base">{t('imports.description')}</p>
      </header>

      {result ? (
        <Card className="p-6 text-center" >
          <div data-testid="import-result" role="status">
            <CheckCircle2 className="mx-auto size-10 text-emerald-500" aria-hidden="true" />
            <h2 className="mt-3 text-lg font-semibold text-slate-900">{t('imports.doneTitle')}</h2>
            <dl className="mx-auto mt-5 grid max-w-md grid-cols-3 gap-3">
              {(['created', 'updated', 'deleted'] as const).map((k) => (
                <div key={k} className="rounded-xl bg-slate-50 p-3">
                  <dt className="text-xs text-slate-500">{t(`imports.${k}`)}</dt>
                  <dd className="mt-0.5 text-xl font-semibold text-slate-900 tabular-nums" data-testid={`result-${k}`}>
                    {formatNumber(result[k] ?? 0, i18n.language)}
                  </dd>
                </div>
              ))}
            </dl>
            <div className="mt-6 flex flex-col justify-center gap-2 sm:flex-row">
              <Button variant="secondary" onClick={restart}>
                {t('imports.another')}
              </Button>
              <ButtonLink to={itemsPath}>{t('imports.viewItems')}</ButtonLink>
            </div>
          </div>
        </Card>
      ) : !preview ? (
        <>
          <div
            onDragOver={(e) => (e.preventDefault(), setDragging(true))}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
            className={`flex flex-col items-center rounded-2xl border-2 border-dashed px-6 py-12 text-center transition-colors ${
              dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-white'
            }`}
          >
            <span className="mb-4 inline-flex size-14 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
              {upload.isPending ? <Spinner className="size-7" /> : <FileSpreadsheet className="size-7" aria-hidden="true" strokeWidth={1.75} />}
            </span>
            {upload.isPending ? (
              <p className="text-sm font-medium text-slate-700" role="status">
                {t('imports.uploading', { name: file?.name ?? '' })}
              </p>
            ) : (
              <>
                <p className="text-base font-semibold text-slate-900">{t('imports.dropTitle')}</p>
                <p className="mt-1 max-w-md text-sm text-slate-500">{t('imports.accepted')}</p>
                <input ref={inputRef} id="import-file" type="file" accept={ACCEPT} className="sr-only" onChange={(e) => (pick(e.target.files?.[0]), (e.target.value = ''))} />
                <Button className="mt-5" onClick={() => inputRef.current?.click()} icon={<Upload className="size-4" aria-hidden="true" />}>
                  {t('imports.choose')}
                </Button>
              </>
            )}
          </div>
          {upload.isError ? (
            <Alert tone="error" title={t('imports.uploadFailed')} className="mt-4">
              {errorMessage(upload.error, t)}
            </Alert>
          ) : null}
        </>
      ) : (
        <div className="space-y-5">
          <Card className="p-4 sm:p-6">
            <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
              <div className="min-w-0">
                <h2 className="text-lg font-semibold text-slate-900">{t('imports.previewTitle')}</h2>
                <p className="mt-1 text-sm text-slate-600" data-testid="preview-summary">
                  {t('imports.previewSummary', {
                    file: preview.file_name || file?.name || '',
                    rows: formatNumber(preview.rows, i18n.language),
                    items: formatNumber(preview.items, i18n.language),
                  })}
                </p>
              </div>
              <Button variant="secondary" size="sm" onClick={restart}>
                {t('imports.another')}
              </Button>
            </div>
            {(preview.sheets?.length ?? 0) > 1 ? (
              <div className="mt-4 max-w-xs">
                <SelectField
                  id="import-sheet"
                  label={t('imports.sheet')}
                  hint={t('imports.sheetHint')}
                  value={preview.sheet || preview.sheets![0]}
                  disabled={upload.isPending}
                  onChange={(e) => file && upload.mutate({ f: file, sheet: e.target.value })}
                >
                  {preview.sheets!.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </SelectField>
              </div>
            ) : null}
            <div className="mt-4 hidden grid-cols-[minmax(0,1fr)_minmax(0,16rem)_minmax(0,1.4fr)] gap-4 border-b border-slate-100 pb-2 text-xs font-medium text-slate-500 sm:grid" aria-hidden="true">
              <span>{t('imports.column')}</span>
              <span>{t('imports.mappedTo')}</span>
              <span>{t('imports.samples')}</span>
            </div>
            <MappingTable preview={preview} mapping={mapping} setMapping={setMapping} />
            {Object.keys(mapping).length ? (
              <Alert tone="info" className="mt-3">
                {t('imports.mappingChanged')}
              </Alert>
            ) : null}
          </Card>

          {preview.problems.length ? (
            <Alert tone="warning" title={t('imports.problemsTitle', { n: preview.problems.length })}>
              <p>{t('imports.problemsHelp')}</p>
              <ProblemList problems={preview.problems} columns={preview.columns} testId="preview-problems" />
            </Alert>
          ) : null}

          <Card className="p-4 sm:p-6">
            <h2 className="text-base font-semibold text-slate-900">{t('imports.itemsPreview', { n: preview.preview.length })}</h2>
            <ul className="mt-3 divide-y divide-slate-100" data-testid="preview-items">
              {preview.preview.map((item, i) => {
                const variants = item.variants ?? [];
                const prices = variants.map((v) => v.price_minor).filter((p): p is number => typeof p === 'number');
                const currency = variants.find((v) => v.currency)?.currency;
                const min = prices.length ? Math.min(...prices) : null;
                const max = prices.length ? Math.max(...prices) : null;
                return (
                  <li key={i} className="flex items-start justify-between gap-3 py-2.5 text-sm">
                    <div className="min-w-0">
                      <p className="truncate font-medium text-slate-900">{item.name || item.question}</p>
                      {variants.length > 1 ? (
                        <p className="truncate text-xs text-slate-500">
                          {t('knowledge.variantsCount', { n: variants.length })}: {variants.map((v) => Object.values(v.attributes ?? {}).join(' ')).join(', ')}
                        </p>
                      ) : item.category ? (
                        <p className="truncate text-xs text-slate-500">{item.category}</p>
                      ) : null}
                    </div>
                    <span className="shrink-0 text-slate-700 tabular-nums">
                      {min === null ? '' : min === max ? formatMoney(min, currency, i18n.language) : `${formatMoney(min, currency, i18n.language)} – ${formatMoney(max, currency, i18n.language)}`}
                    </span>
                  </li>
                );
              })}
            </ul>
          </Card>

          <Card className="p-4 sm:p-6">
            <fieldset>
              <legend className="text-base font-semibold text-slate-900">{t('imports.modeTitle')}</legend>
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                {(['merge', 'replace'] as const).map((m) => (
                  <label
                    key={m}
                    className={`flex cursor-pointer gap-3 rounded-xl border p-3.5 text-sm ${mode === m ? 'border-brand-500 bg-brand-50 ring-1 ring-brand-500' : 'border-slate-200 hover:border-slate-300'}`}
                  >
                    <input type="radio" name="import-mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="mt-0.5 accent-brand-600" />
                    <span>
                      <span className="block font-semibold text-slate-900">{t(`imports.${m}`)}</span>
                      <span className="mt-0.5 block text-slate-600">{t(`imports.${m}Hint`)}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
            {commit.isError ? (
              commitIsProblemList ? (
                <Alert tone="error" title={t('imports.commitFailed')} className="mt-4" testId="commit-errors">
                  <p>{t('imports.commitFailedHelp')}</p>
                  <ProblemList problems={commitProblems} columns={preview.columns} testId="commit-problems" />
                </Alert>
              ) : (
                <Alert tone="error" className="mt-4" testId="commit-errors">
                  {errorMessage(commit.error, t)}
                </Alert>
              )
            ) : null}
            <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <ButtonLink to={itemsPath} variant="secondary">
                {t('common.cancel')}
              </ButtonLink>
              <Button onClick={() => commit.mutate()} busy={commit.isPending}>
                {t('imports.commit')}
              </Button>
            </div>
          </Card>
        </div>
      )}
    </div>
  );
}
