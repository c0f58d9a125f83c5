import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { sniffMime } from '../files/sniff.ts';
import { commit } from '../realtime/events.ts';

export const PHOTO_MAX_BYTES = 1024 * 1024;
/** What a photo may be, told by its bytes: pictures every browser shows, never SVG (it can carry script). */
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

const storePhoto = sql(`INSERT INTO supporter_photos (supporter_id, mime, bytes) VALUES (?, ?, ?)
  ON CONFLICT (supporter_id) DO UPDATE SET mime = excluded.mime, bytes = excluded.bytes`);
const dropPhoto = sql('DELETE FROM supporter_photos WHERE supporter_id = ?');
// Each new photo a new address; two in the same millisecond still differ.
const newVersion = sql('UPDATE supporters SET photo_version = max(?, coalesce(photo_version, 0) + 1) WHERE id = ?');
const noVersion = sql('UPDATE supporters SET photo_version = NULL WHERE id = ?');
const photoOf = sql<{ mime: string; bytes: Buffer }>(`SELECT p.mime, p.bytes FROM supporter_photos p
  JOIN supporters s ON s.id = p.supporter_id WHERE p.supporter_id = +? AND s.photo_version = +?`);

/**
 * Sets a supporter's photo. The type comes from the bytes, never from the name or the browser's
 * word; anything but a PNG, JPEG or WebP of at most 1 MB is refused and nothing changes.
 */
export async function setPhoto(deps: Deps, supporterId: number, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) throw new Invalid(new Text('admin.account.photoChoose'));
  if (bytes.length > PHOTO_MAX_BYTES) throw new Invalid(new Text('admin.account.photoTooBig'));
  const mime = await sniffMime(bytes);
  if (!(PHOTO_TYPES as readonly string[]).includes(mime)) throw new Invalid(new Text('admin.account.photoType'));
  commit(deps, (tx, emit) => {
    storePhoto.run(tx, supporterId, mime, Buffer.from(bytes));
    newVersion.run(tx, deps.clock.now(), supporterId);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}

/** Removes a supporter's photo: initials show instead. */
export function removePhoto(deps: Deps, supporterId: number): void {
  commit(deps, (tx, emit) => {
    dropPhoto.run(tx, supporterId);
    noVersion.run(tx, supporterId);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}

/** A photo by its address (supporter and version): an old version is gone, not shown. */
export function photo(db: Db, supporterId: number, version: number): { mime: string; bytes: Buffer } {
  const found = photoOf.get(db, supporterId, version);
  if (!found) throw new NotFound(new Text('admin.account.photoNone'));
  return found;
}
