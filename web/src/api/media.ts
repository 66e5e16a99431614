import { api } from './client';
import { itemsOf } from './accounts';

/** The caller's media library (docs/media.md). */

export const MEDIA_FOLDERS = ['product', 'service', 'welcome'] as const;
export type MediaFolder = (typeof MEDIA_FOLDERS)[number];

export interface MediaFile {
  id: string;
  folder: MediaFolder;
  kind: 'image' | 'video';
  file_name: string;
  content_type: string;
  bytes: number;
  width?: number | null;
  height?: number | null;
  variants: { original?: string; thumb?: string; medium?: string } & Record<string, string | undefined>;
  created_at: number;
}

export const mediaKey = ['media'] as const;

export async function fetchMedia(signal?: AbortSignal): Promise<MediaFile[]> {
  return itemsOf<MediaFile>(await api.get('/media', { signal }));
}

export function uploadMedia(folder: MediaFolder, file: Blob, fileName: string): Promise<MediaFile> {
  return api.upload<MediaFile>(`/media?folder=${folder}`, file, fileName);
}

export async function deleteMedia(id: string): Promise<void> {
  await api.delete(`/media/${encodeURIComponent(id)}`);
}
