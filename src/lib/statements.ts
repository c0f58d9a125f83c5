import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A statement compiled once per connection. Hot paths (every message, every page event) use
 * these instead of the query builder, which builds and compiles its SQL on every call.
 *
 * Such a statement writes a parameter the query planner could look at as `+?` (the same value):
 * in `col = +?` where the query joins tables or orders its rows, and in `LIMIT +?`. SQLite 3.54
 * marks a statement whose plan looked at a bound value for re-preparing, and better-sqlite3 clears
 * the bindings after every run, so a bare `?` there made every call parse and plan its SQL again
 * (and better-sqlite3 13 compile a new row constructor): 36-56 µs per ticket or message lookup
 * instead of 5-9. test/lib/reprepare.test.ts holds the hot lookups to it.
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
