import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../schema.ts';
import { ROOT } from './paths.ts';

export type Db = BetterSQLite3Database<typeof schema>;

const MIGRATIONS = path.join(ROOT, 'db', 'migrations');

/**
 * Opens (creating if needed) and migrates the database.
 * WAL with synchronous=NORMAL: commits do not wait for the disk on the event loop. Durability
 * of what Lineup acknowledges comes from WalSync (an fdatasync of the WAL off the event loop
 * before every answer to a change), which is what synchronous=FULL would give.
 */
export function openDatabase(file: string): { db: Db; sqlite: Database.Database } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite };
}
