import { fileKind } from './sniff.ts';

/** A file as a message shows it. */
export interface AttachmentView {
  id: number;
  name: string;
  mime: string;
  size: number;
  kind: 'image' | 'audio' | 'video' | 'download';
  /** "2.4 MB", "812 KB", "17 bytes". */
  sizeText: string;
}

/** A message's files, for the message query: one correlated, bounded subquery (JSON, in id order). */
export const MESSAGE_FILES_SQL = `(SELECT json_group_array(json_object('id', f.id, 'name', f.original_name, 'mime', f.mime, 'size', f.size))
   FROM (SELECT id, original_name, mime, size FROM attachments WHERE message_id = m.id ORDER BY id LIMIT 10) f)`;

export function parseAttachments(json: string | null | undefined): AttachmentView[] {
  if (!json || json === '[]') return [];
  const rows = JSON.parse(json) as Array<Omit<AttachmentView, 'kind' | 'sizeText'>>;
  return rows.map((row) => ({ ...row, kind: fileKind(row.mime), sizeText: sizeText(row.size) }));
}

export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
