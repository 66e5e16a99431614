import { useRef, useState, type DragEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Film, Image as ImageIcon, Trash2, Upload } from 'lucide-react';
import { isApiError } from '../../api/client';
import { deleteMedia, fetchMedia, MEDIA_FOLDERS, mediaKey, uploadMedia, type MediaFile, type MediaFolder } from '../../api/media';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';

/** "1.5 MB" / "1,5 МБ". */
export function formatBytes(bytes: number, lng: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i += 1;
  }
  return new Intl.NumberFormat(lng, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: value < 10 && i > 0 ? 1 : 0 }).format(value);
}

/** A refused upload in words a business owner can act on. */
export function uploadErrorMessage(error: unknown, name: string, t: TFunction, lng: string): string {
  if (isApiError(error)) {
    const d = error.details;
    if (error.status === 409) return t('mediaLib.errors.welcome');
    if (error.status === 413 && typeof d.quota_bytes === 'number') {
      return t('mediaLib.errors.quota', {
        name,
        used: formatBytes(Number(d.used_bytes ?? 0), lng),
        quota: formatBytes(d.quota_bytes, lng),
        size: formatBytes(Number(d.file_bytes ?? 0), lng),
      });
    }
    if (error.status === 413) return t('mediaLib.errors.tooLarge', { name, reason: error.message });
    if (error.status === 415) return t('mediaLib.errors.type', { name, reason: error.message });
  }
  return `${name}: ${errorMessage(error, t)}`;
}

function MediaCard({ file, onDelete }: { file: MediaFile; onDelete: () => void }) {
  const { t, i18n } = useTranslation();
  const src = file.variants.thumb ?? file.variants.medium ?? file.variants.original;
  return (
    <li className="group flex min-w-0 flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs" data-testid="media-card">
      <div className="relative aspect-square bg-slate-100">
        {file.kind === 'video' ? (
          <video src={file.variants.original} className="size-full object-cover" preload="metadata" controls aria-label={file.file_name} />
        ) : src ? (
          <img src={src} alt={file.file_name} loading="lazy" className="size-full object-cover" data-testid="media-thumb" />
        ) : (
          <ImageIcon className="m-auto size-8 text-slate-300" aria-hidden="true" />
        )}
      </div>
      <div className="flex items-center gap-1 p-2">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900" title={file.file_name}>
            {file.file_name}
          </p>
          <p className="text-xs text-slate-500 tabular-nums">
            {formatBytes(file.bytes, i18n.language)}
            {file.width && file.height ? ` · ${file.width}×${file.height}` : ''}
          </p>
        </div>
        <button
          type="button"
          onClick={onDelete}
          className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-slate-500 hover:bg-red-50 hover:text-red-700"
        >
          <Trash2 className="size-4" aria-hidden="true" />
          <span className="sr-only">{t('mediaLib.deleteNamed', { name: file.file_name })}</span>
        </button>
      </div>
    </li>
  );
}

function DeleteMediaDialog({ file, onClose }: { file: MediaFile; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => deleteMedia(file.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: mediaKey });
      onClose();
    },
  });
  return (
    <ConfirmDeleteDialog
      title={t('mediaLib.deleteTitle', { name: file.file_name })}
      body={t('mediaLib.deleteBody')}
      confirmLabel={t('mediaLib.deleteConfirm')}
      onConfirm={() => mutation.mutate()}
      onCancel={onClose}
      busy={mutation.isPending}
      error={mutation.isError ? mutation.error : null}
    />
  );
}

/** CLIENT: `/app/media` — product and service photos, the welcome video. */
export function MediaPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [folder, setFolder] = useState<MediaFolder>('product');
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<MediaFile | null>(null);

  const media = useQuery({ queryKey: mediaKey, queryFn: ({ signal }) => fetchMedia(signal) });
  const files = (media.data ?? []).filter((f) => f.folder === folder);
  const counts = Object.fromEntries(MEDIA_FOLDERS.map((f) => [f, (media.data ?? []).filter((m) => m.folder === f).length]));

  const uploadAll = async (list: File[]) => {
    if (!list.length) return;
    setErrors([]);
    setNotice(null);
    const failed: string[] = [];
    let last: string | null = null;
    for (const file of list) {
      setUploading(file.name);
      try {
        await uploadMedia(folder, file, file.name);
        last = file.name;
      } catch (error) {
        failed.push(uploadErrorMessage(error, file.name, t, i18n.language));
      }
    }
    setUploading(null);
    setErrors(failed);
    if (last) setNotice(t('mediaLib.uploaded', { name: last }));
    void queryClient.invalidateQueries({ queryKey: mediaKey });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void uploadAll(Array.from(e.dataTransfer.files ?? []));
  };

  const accept = folder === 'welcome' ? 'video/mp4,video/webm,video/quicktime' : 'image/jpeg,image/png,image/webp,image/gif';
  return (
    <div data-testid="section-media">
      <PageHeader title={t('nav.media')} description={t('sections.media.description')} />

      <div role="tablist" aria-label={t('mediaLib.folder')} className="mb-4 grid grid-cols-3 gap-1 rounded-xl bg-slate-100 p-1">
        {MEDIA_FOLDERS.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            id={`tab-${f}`}
            aria-selected={folder === f}
            aria-controls="media-panel"
            onClick={() => (setFolder(f), setErrors([]), setNotice(null))}
            className={`min-w-0 rounded-lg px-2 py-2 text-xs leading-tight font-medium sm:px-3 sm:text-sm ${folder === f ? 'bg-white text-slate-900 shadow-xs' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {t(`mediaLib.folders.${f}`)}
            <span className="ml-1.5 text-xs text-slate-500 tabular-nums">{counts[f] ?? 0}</span>
          </button>
        ))}
      </div>

      <div id="media-panel" role="tabpanel" aria-labelledby={`tab-${folder}`}>
        <div
          onDragOver={(e) => (e.preventDefault(), setDragging(true))}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="media-dropzone"
          className={`mb-4 flex flex-col gap-3 rounded-2xl border-2 border-dashed p-4 sm:flex-row sm:items-center sm:p-5 ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 bg-white'}`}
        >
          <span className="hidden size-11 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100 sm:inline-flex">
            {folder === 'welcome' ? <Film className="size-5" aria-hidden="true" /> : <ImageIcon className="size-5" aria-hidden="true" />}
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-semibold text-slate-900">{t('mediaLib.dropTitle')}</p>
            <p className="mt-0.5 text-sm text-slate-600" data-testid="folder-hint">
              {t(`mediaLib.folderHints.${folder}`)}
            </p>
          </div>
          <input
            ref={inputRef}
            id="media-file"
            type="file"
            accept={accept}
            multiple={folder !== 'welcome'}
            className="sr-only"
            onChange={(e) => {
              void uploadAll(Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
          <Button onClick={() => inputRef.current?.click()} busy={!!uploading} icon={<Upload className="size-4" aria-hidden="true" />} className="shrink-0">
            {t('mediaLib.choose')}
          </Button>
        </div>

        <div aria-live="polite">
          {uploading ? (
            <p className="mb-3 flex items-center gap-2 text-sm text-slate-600">
              <Spinner className="size-4" /> {t('mediaLib.uploading', { name: uploading })}
            </p>
          ) : null}
          {notice && !errors.length ? (
            <Alert tone="success" className="mb-4">
              {notice}
            </Alert>
          ) : null}
        </div>
        {errors.length ? (
          <Alert tone="error" className="mb-4" testId="upload-errors">
            <ul className="space-y-1">
              {errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </Alert>
        ) : null}

        {media.isPending ? (
          <div className="flex items-center justify-center gap-2 py-16 text-sm text-slate-500" role="status">
            <Spinner /> {t('common.loading')}
          </div>
        ) : media.isError ? (
          <Alert tone="error" title={t('mediaLib.loadFailed')}>
            {isApiError(media.error) && media.error.status === 403 ? t('mediaLib.notAvailable') : errorMessage(media.error, t)}
          </Alert>
        ) : files.length === 0 ? (
          <EmptyState icon={folder === 'welcome' ? Film : ImageIcon} title={t('mediaLib.emptyTitle')} body={t('mediaLib.emptyBody')} />
        ) : (
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6" data-testid="media-grid">
            {files.map((f) => (
              <MediaCard key={f.id} file={f} onDelete={() => setDeleting(f)} />
            ))}
          </ul>
        )}
      </div>
      {deleting ? <DeleteMediaDialog file={deleting} onClose={() => setDeleting(null)} /> : null}
    </div>
  );
}
