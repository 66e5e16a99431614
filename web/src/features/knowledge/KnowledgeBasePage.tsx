import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ArrowLeft, Check, Download, FileUp, ImageOff, PackageOpen, Pencil, Plus, Search, Trash2 } from 'lucide-react';
import { isApiError } from '../../api/client';
import {
  createItem,
  deleteItem,
  exportKnowledgeBase,
  fetchItems,
  fetchKnowledgeBase,
  imageFileName,
  kbKey,
  updateItem,
  type CatalogueItem,
  type KnowledgeBase,
  type Variant,
} from '../../api/knowledge';
import { fetchMedia, mediaKey, type MediaFile } from '../../api/media';
import { errorMessage } from '../../auth/errors';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, ButtonLink } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { TextField } from '../../components/Form';
import { Spinner } from '../../components/Spinner';
import { formatMoney, minorToInput, parseMoneyInput } from '../../lib/money';
import { formatNumber } from '../../lib/format';
import { DeleteKbDialog, KbDialog } from './KnowledgeBasesPage';
import { inputClass, KIND_TONE, Loading, useKbBase } from './shared';

function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/**
 * An input that saves on Enter or blur when its text changed. `parse` returns undefined for
 * invalid text (the error is shown and nothing is sent).
 */
function InlineEdit<T>({
  id,
  value,
  label,
  parse,
  save,
  invalidMessage,
  className = '',
  inputMode,
  testId,
  boxed = false,
  placeholder,
}: {
  id: string;
  value: string;
  label: string;
  parse: (text: string) => T | undefined;
  save: (value: T) => Promise<unknown>;
  invalidMessage: string;
  className?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  testId?: string;
  /** A visible box (numbers); otherwise it looks like text until hovered. */
  boxed?: boolean;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(value), [value]);

  const commit = async () => {
    if (draft.trim() === value.trim()) {
      setError(null);
      return;
    }
    const parsed = parse(draft);
    if (parsed === undefined) {
      setError(invalidMessage);
      setState('error');
      return;
    }
    setError(null);
    setState('saving');
    try {
      await save(parsed);
      setState('saved');
    } catch (e) {
      setState('error');
      setError(errorMessage(e, t));
    }
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit();
    } else if (e.key === 'Escape') {
      setDraft(value);
      setError(null);
      setState('idle');
    }
  };
  const errorId = `${id}-error`;
  return (
    <div className="min-w-0">
      <div className="relative">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          id={id}
          value={draft}
          inputMode={inputMode}
          placeholder={placeholder}
          onChange={(e) => (setDraft(e.target.value), setState('idle'))}
          onBlur={() => void commit()}
          onKeyDown={onKey}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={testId}
          className={`block w-full rounded-md border bg-transparent px-2 py-1.5 pr-6 text-sm tabular-nums hover:border-slate-300 hover:bg-white focus:bg-white focus:outline-none focus-visible:border-brand-500 focus-visible:ring-2 focus-visible:ring-brand-100 ${
            error ? 'border-red-400 bg-red-50' : boxed ? 'border-slate-200 bg-white' : 'border-transparent'
          } ${className}`}
        />
        <span className="pointer-events-none absolute top-1/2 right-1.5 -translate-y-1/2" aria-live="polite">
          {state === 'saving' ? <Spinner className="size-3.5" /> : null}
          {state === 'saved' ? (
            <>
              <Check className="size-3.5 text-emerald-600" aria-hidden="true" />
              <span className="sr-only">{t('knowledge.saved')}</span>
            </>
          ) : null}
        </span>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function variantLabel(v: Variant): string {
  return Object.values(v.attributes ?? {})
    .filter(Boolean)
    .join(' · ');
}

function MediaThumb({ image: value, media }: { image: Variant['image']; media: Map<string, MediaFile> }) {
  const image = imageFileName(value);
  if (!image) return <span className="text-xs text-slate-400">—</span>;
  // The server links uploads by file name; the library lookup covers answers without a link.
  const linked = typeof value === 'object' && value ? (value.thumb_url ?? value.url) : null;
  const file = linked ? undefined : media.get(image.trim().toLowerCase());
  const src = linked ?? file?.variants.thumb ?? file?.variants.original;
  if (src)
    return (
      <img src={src} alt={image} title={image} loading="lazy" className="size-10 rounded-md border border-slate-200 bg-slate-50 object-cover" data-testid="item-thumb" />
    );
  return (
    <span className="inline-flex max-w-full min-w-0 items-center gap-1 text-xs text-slate-500" title={image}>
      <ImageOff className="size-3.5 shrink-0 text-slate-400" aria-hidden="true" />
      <span className="sr-only sm:not-sr-only sm:truncate">{image}</span>
    </span>
  );
}

function ItemBlock({
  kb,
  item,
  media,
  onDelete,
}: {
  kb: KnowledgeBase;
  item: CatalogueItem;
  media: Map<string, MediaFile>;
  onDelete: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const itemId = item.id!;
  const title = (kb.kind === 'FAQ' ? item.question : item.name) || item.name || item.question || '—';
  const variants = item.variants?.length ? item.variants : [{} as Variant];

  const patch = async (body: CatalogueItem) => {
    const updated = await updateItem(kb.id, itemId, body);
    void queryClient.invalidateQueries({ queryKey: ['knowledge-bases', 'items', kb.id] });
    return updated;
  };
  const patchVariant = (index: number, change: Partial<Variant>) =>
    patch({ variants: variants.map((v, i) => (i === index ? { ...v, ...change } : v)) });

  return (
    <li className="rounded-2xl border border-slate-200 bg-white shadow-xs" data-testid="kb-item" aria-label={title}>
      <div className="flex items-start gap-2 border-b border-slate-100 px-3 py-3 sm:px-4">
        <div className="min-w-0 flex-1">
          <InlineEdit
            id={`name-${itemId}`}
            value={(kb.kind === 'FAQ' ? item.question : item.name) ?? ''}
            label={t('knowledge.editName', { name: title })}
            parse={(s) => (s.trim() ? s.trim() : undefined)}
            save={(name) => patch(kb.kind === 'FAQ' ? { question: name } : { name })}
            invalidMessage={t('knowledge.nameRequired')}
            className="-ml-2 text-base font-semibold text-slate-900"
            testId="item-name"
          />
          <div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
            {item.category ? <Badge>{item.category}</Badge> : null}
            {variants.length > 1 ? <span data-testid="variants-count">{t('knowledge.variantsCount', { n: formatNumber(variants.length, i18n.language) })}</span> : null}
            {kb.kind === 'FAQ' && item.answer ? <span className="line-clamp-2 text-slate-600">{item.answer}</span> : null}
            {kb.kind !== 'FAQ' && item.description ? <span className="line-clamp-1 text-slate-600">{item.description}</span> : null}
          </div>
        </div>
        <Button
          variant="ghost"
          size="sm"
          onClick={onDelete}
          className="shrink-0 text-red-700 hover:bg-red-50 hover:text-red-800"
          aria-label={t('knowledge.deleteItemNamed', { name: title })}
          icon={<Trash2 className="size-4" aria-hidden="true" />}
        >
          <span className="hidden sm:inline">{t('common.delete')}</span>
        </Button>
      </div>
      {kb.kind === 'FAQ' ? null : (
        <table className="w-full table-fixed text-sm">
          <thead className="sr-only sm:not-sr-only">
            <tr className="text-left text-xs font-medium text-slate-500">
              <th scope="col" className="px-3 pt-2 font-medium sm:px-4">{t('knowledge.columns.variant')}</th>
              <th scope="col" className="w-24 px-1 pt-2 font-medium sm:w-36">{t('knowledge.columns.price')}</th>
              <th scope="col" className="w-16 px-1 pt-2 font-medium sm:w-24">{t('knowledge.columns.stock')}</th>
              <th scope="col" className="w-12 px-2 pt-2 font-medium sm:w-44 sm:px-4">{t('knowledge.columns.image')}</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((v, index) => {
              const label = variantLabel(v);
              const vid = v.id ?? `${itemId}-${index}`;
              const named = label ? `${title} (${label})` : title;
              return (
                <tr key={vid} className="border-t border-slate-50 first:border-t-0" data-testid="kb-variant">
                  <td className="px-3 py-1.5 align-middle sm:px-4">
                    <span className="line-clamp-2 block break-words text-slate-700 sm:line-clamp-1" title={label}>
                      {label || <span className="text-slate-400">{t('knowledge.singleVariant')}</span>}
                    </span>
                    {v.in_stock === false ? <span className="text-xs text-amber-700">{t('knowledge.outOfStock')}</span> : null}
                  </td>
                  <td className="px-1 py-1.5 align-middle">
                    <InlineEdit
                      id={`price-${vid}`}
                      value={minorToInput(v.price_minor, v.currency)}
                      label={t('knowledge.editPrice', { name: named })}
                      parse={(s) => parseMoneyInput(s, v.currency)}
                      save={(price_minor) => patchVariant(index, { price_minor })}
                      invalidMessage={t('knowledge.invalidPrice')}
                      inputMode="decimal"
                      boxed
                      testId="variant-price"
                    />
                    <span className="block px-2 text-xs text-slate-500 tabular-nums" data-testid="variant-price-formatted">
                      {formatMoney(v.price_minor, v.currency, i18n.language)}
                    </span>
                  </td>
                  <td className="px-1 py-1.5 align-middle">
                    <InlineEdit
                      id={`stock-${vid}`}
                      value={v.stock === null || v.stock === undefined ? '' : String(v.stock)}
                      label={t('knowledge.editStock', { name: named })}
                      parse={(s) => {
                        const x = s.replace(/\s/g, '');
                        if (!x) return null;
                        return /^\d+$/.test(x) ? Number(x) : undefined;
                      }}
                      save={(stock) => patchVariant(index, { stock })}
                      invalidMessage={t('knowledge.invalidStock')}
                      inputMode="numeric"
                      boxed
                      placeholder={t('knowledge.columns.stock')}
                      testId="variant-stock"
                    />
                  </td>
                  <td className="px-2 py-1.5 align-middle sm:px-4">
                    <MediaThumb image={v.image} media={media} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </li>
  );
}

function AddItemDialog({ kb, onClose, onAdded }: { kb: KnowledgeBase; onClose: () => void; onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const faq = kb.kind === 'FAQ';
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState('');
  const [category, setCategory] = useState('');
  const [price, setPrice] = useState('');
  const [stock, setStock] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (item: CatalogueItem) => createItem(kb.id, item),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['knowledge-bases'] });
      onAdded(name.trim());
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = t('knowledge.nameRequired');
    if (faq && !answer.trim()) next.answer = t('knowledge.nameRequired');
    const priceMinor = parseMoneyInput(price, undefined);
    if (!faq && priceMinor === undefined) next.price = t('knowledge.invalidPrice');
    const stockValue = stock.trim() ? (/^\d+$/.test(stock.trim()) ? Number(stock.trim()) : undefined) : null;
    if (!faq && stockValue === undefined) next.stock = t('knowledge.invalidStock');
    setErrors(next);
    if (Object.keys(next).length) return;
    const variant: Variant = {};
    if (priceMinor !== null && priceMinor !== undefined) variant.price_minor = priceMinor;
    if (stockValue !== null && stockValue !== undefined) variant.stock = stockValue;
    const item: CatalogueItem = faq ? { question: name.trim(), answer: answer.trim() } : { name: name.trim(), variants: [variant] };
    if (category.trim()) item.category = category.trim();
    mutation.mutate(item);
  };
  return (
    <Dialog
      title={t('knowledge.addItemTitle')}
      onClose={onClose}
      testId="add-item-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="add-item-form" busy={mutation.isPending}>
            {t('knowledge.addItem')}
          </Button>
        </>
      }
    >
      <form id="add-item-form" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <TextField id="item-name" className="sm:col-span-2" label={faq ? t('knowledge.question') : t('knowledge.name')} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        {faq ? (
          <TextField id="item-answer" className="sm:col-span-2" label={t('knowledge.answer')} value={answer} onChange={(e) => setAnswer(e.target.value)} error={errors.answer} />
        ) : (
          <>
            <TextField id="item-price" label={t('knowledge.columns.price')} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} error={errors.price} />
            <TextField id="item-stock" label={t('knowledge.stock')} inputMode="numeric" value={stock} onChange={(e) => setStock(e.target.value)} error={errors.stock} />
          </>
        )}
        <TextField id="item-category" className="sm:col-span-2" label={t('knowledge.category')} value={category} onChange={(e) => setCategory(e.target.value)} />
        {mutation.isError ? (
          <Alert tone="error" className="sm:col-span-2">
            {errorMessage(mutation.error, t)}
          </Alert>
        ) : null}
      </form>
    </Dialog>
  );
}

function DeleteItemDialog({ kb, item, onClose }: { kb: KnowledgeBase; item: CatalogueItem; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = item.name || item.question || '';
  const mutation = useMutation({
    mutationFn: () => deleteItem(kb.id, item.id!),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['knowledge-bases'] });
      onClose();
    },
  });
  return (
    <ConfirmDeleteDialog
      title={t('knowledge.deleteItemTitle', { name })}
      body={t('knowledge.deleteItemBody')}
      confirmLabel={t('knowledge.deleteItemConfirm')}
      onConfirm={() => mutation.mutate()}
      onCancel={onClose}
      busy={mutation.isPending}
      error={mutation.isError ? mutation.error : null}
    />
  );
}

/** `…/knowledge-bases/:kbId` — the items of one knowledge base. */
export function KnowledgeBasePage() {
  const { t } = useTranslation();
  const { kbId = '' } = useParams();
  const base = useKbBase();
  const navigate = useNavigate();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [deletingKb, setDeletingKb] = useState(false);
  const [deleting, setDeleting] = useState<CatalogueItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const kb = useQuery({ queryKey: kbKey(kbId), queryFn: ({ signal }) => fetchKnowledgeBase(kbId, signal) });
  const items = useInfiniteQuery({
    queryKey: ['knowledge-bases', 'items', kbId, search],
    queryFn: ({ signal, pageParam }) => fetchItems(kbId, { q: search, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  // Only a CLIENT has a media library (managers and admins get 403): thumbnails for them only.
  const media = useQuery({ queryKey: mediaKey, queryFn: ({ signal }) => fetchMedia(signal), enabled: user?.role === 'CLIENT', retry: false });
  const mediaByName = useMemo(() => {
    const map = new Map<string, MediaFile>();
    for (const file of media.data ?? []) if (file.kind === 'image') map.set(file.file_name.trim().toLowerCase(), file);
    return map;
  }, [media.data]);

  const doExport = async () => {
    setExportError(null);
    setExporting(true);
    try {
      const { blob, fileName } = await exportKnowledgeBase(kbId);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName && fileName !== 'catalogue.csv' ? fileName : `${(kb.data?.name ?? 'catalogue').replace(/[\\/:*?"<>|]+/g, '-')}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setExportError(errorMessage(e, t));
    } finally {
      setExporting(false);
    }
  };

  if (kb.isPending) return <Loading />;
  if (kb.isError)
    return (
      <div>
        <Link to={base} className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline">
          <ArrowLeft className="size-4" aria-hidden="true" /> {t('knowledge.back')}
        </Link>
        <Alert tone="error" title={t('knowledge.loadFailed')}>
          {isApiError(kb.error) && kb.error.status === 404 ? t('notFound.title') : errorMessage(kb.error, t)}
        </Alert>
      </div>
    );

  const list = items.data?.pages.flatMap((p) => p.items) ?? [];
  const kbValue = kb.data;
  return (
    <div data-testid="kb-page">
      <Link to={`${base}?company=${encodeURIComponent(kbValue.company_id)}`} className="mb-3 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline">
        <ArrowLeft className="size-4" aria-hidden="true" /> {t('knowledge.back')}
      </Link>
      <header className="mb-5 flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight text-slate-900 sm:text-[1.75rem]">{kbValue.name}</h1>
            <Badge tone={KIND_TONE[kbValue.kind]}>{t(`knowledge.kinds.${kbValue.kind}`)}</Badge>
            <button type="button" onClick={() => setRenaming(true)} className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900">
              <Pencil className="size-4" aria-hidden="true" />
              <span className="sr-only">{t('knowledge.renameNamed', { name: kbValue.name })}</span>
            </button>
            <button type="button" onClick={() => setDeletingKb(true)} className="rounded-md p-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700">
              <Trash2 className="size-4" aria-hidden="true" />
              <span className="sr-only">{t('knowledge.deleteNamed', { name: kbValue.name })}</span>
            </button>
          </div>
          <p className="mt-1 text-sm text-slate-600">{t('knowledge.itemsCount', { n: String(kbValue.items_count ?? 0) })}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ButtonLink to={`${base}/${kbId}/import`} variant="secondary" size="sm" data-testid="import-link">
            <FileUp className="size-4" aria-hidden="true" /> {t('knowledge.import')}
          </ButtonLink>
          <Button variant="secondary" size="sm" onClick={() => void doExport()} busy={exporting} icon={<Download className="size-4" aria-hidden="true" />}>
            {t('knowledge.export')}
          </Button>
          <Button size="sm" onClick={() => setAdding(true)} icon={<Plus className="size-4" aria-hidden="true" />}>
            {t('knowledge.addItem')}
          </Button>
        </div>
      </header>

      {exportError ? (
        <Alert tone="error" className="mb-4">
          {exportError}
        </Alert>
      ) : null}
      {notice ? (
        <Alert tone="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}

      <div className="relative mb-4">
        <label htmlFor="item-search" className="sr-only">
          {t('knowledge.search')}
        </label>
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
        <input id="item-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('knowledge.searchPlaceholder')} className={`${inputClass} pl-9`} />
      </div>

      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <Alert tone="error" title={t('knowledge.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void items.refetch()}>{t('common.retry')}</Button>}>
          {errorMessage(items.error, t)}
        </Alert>
      ) : list.length === 0 ? (
        search.trim() ? (
          <p className="rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">{t('knowledge.noMatch', { q: search.trim() })}</p>
        ) : (
          <EmptyState icon={PackageOpen} title={t('knowledge.itemsEmptyTitle')} body={t('knowledge.itemsEmptyBody')}>
            <div className="flex flex-wrap justify-center gap-2">
              <ButtonLink to={`${base}/${kbId}/import`}>
                <FileUp className="size-4" aria-hidden="true" /> {t('knowledge.import')}
              </ButtonLink>
              <Button variant="secondary" onClick={() => setAdding(true)} icon={<Plus className="size-4" aria-hidden="true" />}>
                {t('knowledge.addItem')}
              </Button>
            </div>
          </EmptyState>
        )
      ) : (
        <>
          <ul className="space-y-3" data-testid="kb-items">
            {list.map((item) => (
              <ItemBlock key={item.id} kb={kbValue} item={item} media={mediaByName} onDelete={() => setDeleting(item)} />
            ))}
          </ul>
          {items.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" onClick={() => void items.fetchNextPage()} busy={items.isFetchingNextPage}>
                {t('knowledge.showMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}

      {adding ? <AddItemDialog kb={kbValue} onClose={() => setAdding(false)} onAdded={(name) => setNotice(t('knowledge.itemAdded', { name }))} /> : null}
      {deleting ? <DeleteItemDialog kb={kbValue} item={deleting} onClose={() => setDeleting(null)} /> : null}
      {renaming ? <KbDialog companyId={kbValue.company_id} kb={kbValue} onClose={() => setRenaming(false)} /> : null}
      {deletingKb ? <DeleteKbDialog kb={kbValue} onClose={() => setDeletingKb(false)} onDeleted={() => navigate(`${base}?company=${encodeURIComponent(kbValue.company_id)}`)} /> : null}
    </div>
  );
}
