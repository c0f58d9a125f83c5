import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config.ts';
import { Text } from '../i18n/index.ts';
import { Conflict, Invalid } from '../lib/errors.ts';
import type { Db } from '../lib/sql.ts';

/** What a backup folder holds, written last: a folder without it is not a finished backup. */
export interface Manifest {
  format: 1;
  createdAt: string;
  database: { file: 'lineup.sqlite'; bytes: number; sha256: string; tickets: number; messages: number };
  files: { folder: 'files'; count: number; bytes: number; list: Array<{ name: string; bytes: number }> };
}

/** The file beside the database that says which process runs Lineup on it (src/server.ts). */
export const pidFile = (databasePath: string) => `${databasePath}.pid`;

/**
 * A consistent copy of the database, taken while Lineup runs and writes (SQLite's online backup:
 * the pages are copied in one step, inside one read transaction, which never blocks a writer),
 * then the files folder (after the database, so every file a copied message names is there),
 * then the manifest. Returns the new folder under `into`.
 */
export async function backup(db: Db, config: Config, into: string, now = new Date()): Promise<{ folder: string; manifest: Manifest }> {
  const folder = path.join(into, stamp(now));
  if (fs.existsSync(folder)) throw new Conflict(new Text('admin.backup.exists', { folder }));
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    // A file where a folder should be, no permission, a full disk: said plainly, nothing written.
    throw new Invalid(new Text('admin.backup.cannotWrite', { folder: into, reason: (error as NodeJS.ErrnoException).code ?? 'error' }));
  }
  const copy = path.join(folder, 'lineup.sqlite');
  await db.backup(copy, { progress: () => 0x7fffffff });
  const counts = countsIn(copy);
  const files = copyFiles(config.filesDir, path.join(folder, 'files'));
  const manifest: Manifest = {
    format: 1,
    createdAt: now.toISOString(),
    database: { file: 'lineup.sqlite', bytes: fs.statSync(copy).size, sha256: sha256Of(copy), ...counts },
    files: { folder: 'files', count: files.length, bytes: files.reduce((sum, f) => sum + f.bytes, 0), list: files },
  };
  fs.writeFileSync(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { folder, manifest };
}

/**
 * Puts a backup in place of the database and files folder of a Lineup that is not running. The
 * current ones are moved aside (`*.before-restore-<time>`), never deleted. Refuses while a Lineup
 * process uses the database, and a folder whose contents do not match its manifest.
 */
export function restore(config: Config, from: string, now = new Date()): Manifest {
  const running = runningLineup(config.databasePath);
  if (running !== null) throw new Conflict(new Text('admin.backup.inUse', { pid: running }));
  const manifest = readManifest(from);
  const copy = path.join(from, manifest.database.file);
  if (!fs.existsSync(copy) || fs.statSync(copy).size !== manifest.database.bytes || sha256Of(copy) !== manifest.database.sha256) {
    throw new Invalid(new Text('admin.backup.damaged', { what: manifest.database.file }));
  }
  for (const file of manifest.files.list) {
    const at = path.join(from, 'files', file.name);
    if (!fs.existsSync(at) || fs.statSync(at).size !== file.bytes) throw new Invalid(new Text('admin.backup.damaged', { what: `files/${file.name}` }));
  }
  const aside = `.before-restore-${stamp(now)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    const current = `${config.databasePath}${suffix}`;
    if (fs.existsSync(current)) fs.renameSync(current, `${current}${aside}`);
  }
  if (fs.existsSync(config.filesDir)) fs.renameSync(config.filesDir, `${config.filesDir}${aside}`);
  fs.mkdirSync(path.dirname(config.databasePath), { recursive: true });
  fs.copyFileSync(copy, config.databasePath);
  copyFiles(path.join(from, 'files'), config.filesDir);
  return manifest;
}

/** The process id of a Lineup running on this database, or null (no pid file, or its process is gone). */
export function runningLineup(databasePath: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile(databasePath), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function readManifest(from: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(from, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw new Invalid(new Text('admin.backup.noManifest', { folder: from }));
  }
  const names = manifest?.files?.list;
  if (manifest?.format !== 1 || manifest.database?.file !== 'lineup.sqlite' || !Array.isArray(names)
    || names.some((f) => typeof f?.name !== 'string' || f.name.includes('..') || path.isAbsolute(f.name) || typeof f.bytes !== 'number')) {
    throw new Invalid(new Text('admin.backup.noManifest', { folder: from }));
  }
  return manifest;
}

/** Copies a folder's files (Lineup keeps them flat, under random names) and lists them. */
function copyFiles(from: string, to: string): Array<{ name: string; bytes: number }> {
  fs.mkdirSync(to, { recursive: true });
  if (!fs.existsSync(from)) return [];
  const copied: Array<{ name: string; bytes: number }> = [];
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
    copied.push({ name: entry.name, bytes: fs.statSync(path.join(to, entry.name)).size });
  }
  return copied.sort((a, b) => a.name.localeCompare(b.name));
}

function countsIn(file: string): { tickets: number; messages: number } {
  // The copy is a complete database of its own: opened read-only, apart from the server's.
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => copy.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get() as number;
    return { tickets: count('tickets'), messages: count('messages') };
  } finally {
    copy.close();
  }
}

/** A time as a file name can hold it: 2026-12-07T03-15-00Z. */
function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
