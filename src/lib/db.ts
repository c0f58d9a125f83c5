import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ROOT } from './paths.ts';
import type { Db } from './sql.ts';

export type { Db } from './sql.ts';

const MIGRATIONS = path.join(ROOT, 'db', 'migrations');

/**
 * Opens (creating if needed) and migrates the database. The schema lives in drizzle's table
 * definitions (src/<domain>/schema.ts), from which drizzle-kit generates the migrations applied
 * here; queries are named SQL statements (src/lib/sql.ts).
 * WAL with synchronous=NORMAL: commits do not wait for the disk on the event loop. Durability
 * of what Lineup acknowledges comes from WalSync (an fdatasync of the WAL off the event loop
 * before every answer to a change), which is what synchronous=FULL would give.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(drizzle(db), { migrationsFolder: MIGRATIONS });
  return db;
}
