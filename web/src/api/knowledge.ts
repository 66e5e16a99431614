import { api, apiDownload } from './client';
import { itemsOf } from './accounts';

/** Knowledge bases, items and imports (docs/knowledge-bases.md, docs/api/openapi.json). */

export const KB_KINDS = ['PRODUCT', 'SERVICE', 'FAQ'] as const;
export type KbKind = (typeof KB_KINDS)[number];

export interface KnowledgeBase {
  id: string;
  account_id?: string;
  company_id: string;
  name: string;
  kind: KbKind;
  items_count: number;
  created_at?: number;
  updated_at?: number;
}

export interface Variant {
  id?: string;
  attributes?: Record<string, string>;
  price_minor?: number | null;
  currency?: string;
  sku?: string;
  stock?: number | null;
  in_stock?: boolean | null;
  /** The server answers with the linked media file; clients may send just the file name. */
  image?: VariantImage | string | null;
}

/** A variant's picture: the file name from the catalogue and, once uploaded, its media file. */
export interface VariantImage {
  file_name: string;
  media_id: string | null;
  thumb_url: string | null;
  medium_url: string | null;
  url: string | null;
}

export function imageFileName(image: Variant['image']): string {
  return typeof image === 'string' ? image : (image?.file_name ?? '');
}

export interface CatalogueItem {
  id?: string;
  name?: string;
  description?: string;
  category?: string;
  unit?: string;
  duration_min?: number | null;
  format?: string;
  location?: string;
  question?: string;
  answer?: string;
  extra?: Record<string, string>;
  variants?: Variant[];
  position?: number;
}

export interface ImportColumn {
  index: number;
  header: string;
  field: string;
  attribute?: string;
  currency?: string;
  samples?: string[];
}

export interface ImportProblem {
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

export interface ImportPreview {
  import_id: string;
  file_name?: string;
  sheet?: string;
  sheets?: string[];
  columns: ImportColumn[];
  rows: number;
  items: number;
  preview: CatalogueItem[];
  problems: ImportProblem[];
}

export interface CommitResult {
  created: number;
  updated: number;
  deleted: number;
  items?: number;
}

export type ImportMode = 'merge' | 'replace';

/** Mapping targets offered per column (`attribute:<name>`, `extra`, `ignore` are added by the UI). */
export const IMPORT_FIELDS = [
  'name',
  'description',
  'category',
  'price',
  'currency',
  'unit',
  'quantity_step',
  'stock',
  'in_stock',
  'sku',
  'image',
  'duration_min',
  'format',
  'location',
  'question',
  'answer',
] as const;

export const kbListKey = (companyId: string) => ['knowledge-bases', 'company', companyId] as const;
export const kbKey = (kbId: string) => ['knowledge-bases', 'kb', kbId] as const;
export const kbItemsKey = (kbId: string, q = '') => ['knowledge-bases', 'items', kbId, q] as const;

const enc = encodeURIComponent;

export async function fetchKnowledgeBases(companyId: string, signal?: AbortSignal): Promise<KnowledgeBase[]> {
  return itemsOf<KnowledgeBase>(await api.get(`/companies/${enc(companyId)}/knowledge-bases`, { signal }));
}

export function fetchKnowledgeBase(kbId: string, signal?: AbortSignal): Promise<KnowledgeBase> {
  return api.get<KnowledgeBase>(`/knowledge-bases/${enc(kbId)}`, { signal });
}

export function createKnowledgeBase(companyId: string, input: { name: string; kind: KbKind }): Promise<KnowledgeBase> {
  return api.post<KnowledgeBase>(`/companies/${enc(companyId)}/knowledge-bases`, input);
}

export function renameKnowledgeBase(kbId: string, name: string): Promise<KnowledgeBase> {
  return api.patch<KnowledgeBase>(`/knowledge-bases/${enc(kbId)}`, { name });
}

export async function deleteKnowledgeBase(kbId: string): Promise<void> {
  await api.delete(`/knowledge-bases/${enc(kbId)}`);
}

export interface ItemsPage {
  items: CatalogueItem[];
  next_cursor?: string | null;
}

export async function fetchItems(kbId: string, { q = '', cursor }: { q?: string; cursor?: string | undefined }, signal?: AbortSignal): Promise<ItemsPage> {
  const params = new URLSearchParams({ limit: '100' });
  if (q.trim()) params.set('q', q.trim());
  if (cursor) params.set('cursor', cursor);
  const body = await api.get<ItemsPage | CatalogueItem[]>(`/knowledge-bases/${enc(kbId)}/items?${params}`, { signal });
  return Array.isArray(body) ? { items: body, next_cursor: null } : { items: body.items ?? [], next_cursor: body.next_cursor ?? null };
}

export function createItem(kbId: string, item: CatalogueItem): Promise<CatalogueItem> {
  return api.post<CatalogueItem>(`/knowledge-bases/${enc(kbId)}/items`, item);
}

export function updateItem(kbId: string, itemId: string, patch: CatalogueItem): Promise<CatalogueItem> {
  return api.patch<CatalogueItem>(`/knowledge-bases/${enc(kbId)}/items/${enc(itemId)}`, patch);
}

export async function deleteItem(kbId: string, itemId: string): Promise<void> {
  await api.delete(`/knowledge-bases/${enc(kbId)}/items/${enc(itemId)}`);
}

export function uploadImport(kbId: string, file: Blob, fileName: string, sheet?: string): Promise<ImportPreview> {
  const query = sheet ? `?sheet=${enc(sheet)}` : '';
  return api.upload<ImportPreview>(`/knowledge-bases/${enc(kbId)}/imports${query}`, file, fileName);
}

export function commitImport(kbId: string, importId: string, mode: ImportMode, mapping: Record<string, string>): Promise<CommitResult> {
  const body: { mode: ImportMode; mapping?: Record<string, string> } = { mode };
  if (Object.keys(mapping).length) body.mapping = mapping;
  return api.post<CommitResult>(`/knowledge-bases/${enc(kbId)}/imports/${enc(importId)}/commit`, body);
}

export function exportKnowledgeBase(kbId: string) {
  return apiDownload(`/knowledge-bases/${enc(kbId)}/export`, { headers: { Accept: 'text/csv' } });
}
