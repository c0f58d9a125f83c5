import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A statement compiled once per connection. Hot paths (every message, every page event) use
 * these instead of the query builder, which builds and compiles its SQL on every call.
 */
export function statement(sqlite: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(sqlite);
  if (!statements) cache.set(sqlite, (statements = new Map()));
  let prepared = statements.get(sql);
  if (!prepared) statements.set(sql, (prepared = sqlite.prepare(sql)));
  return prepared;
}

/** The connection behind a drizzle database or transaction (both run on the one connection). */
export function connectionOf(db: Db): Database.Database {
  const handle = db as unknown as { $client?: Database.Database; session?: { client: Database.Database } };
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error('no SQLite connection behind this database handle');
  return client;
}
