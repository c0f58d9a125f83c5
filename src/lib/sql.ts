import type Database from 'better-sqlite3';

/** The database: one SQLite connection (better-sqlite3). Reads take it; changes get it inside `commit`. */
export type Db = Database.Database;

/**
 * A named SQL statement, compiled once per connection on first use. Lineup's one way to touch
 * the database: each domain module names its statements at its top and runs them with the
 * connection it is given (a read's `db`, a change's `tx`: the same connection inside a
 * transaction). Compiling once matters: every message and page event runs several of these.
 *
 * A parameter the query planner could look at is written `+?` (the same value): `col = +?` in a
 * statement that joins tables, orders its rows or aggregates them, and `LIMIT +?` / `OFFSET +?`.
 * SQLite 3.54 marks a statement whose plan looked at a bound value for re-preparing, and
 * better-sqlite3 clears the bindings after every run, so a bare `?` there made every call parse
 * and plan its SQL again (and compile a new row constructor): 36-56 µs per ticket or message
 * lookup instead of 5-9. test/lib/reprepare.test.ts runs a working day and fails on any
 * statement that is prepared again.
 *
 * @example
 * const ticketState = sql<{ state: string }>('SELECT state FROM tickets WHERE id = ?');
 * ticketState.get(db, 42)?.state
 */
export class Sql<Row = unknown> {
  private compiled = new WeakMap<Db, Database.Statement>();
  private plucked = new WeakMap<Db, Database.Statement>();

  constructor(readonly text: string) {}

  /** The statement on this connection (compiled on first use). */
  private on(db: Db): Database.Statement {
    let statement = this.compiled.get(db);
    if (!statement) this.compiled.set(db, (statement = db.prepare(this.text)));
    return statement;
  }

  /** The same statement returning its first column only (better-sqlite3's pluck mode). */
  private firstColumn(db: Db): Database.Statement {
    let statement = this.plucked.get(db);
    if (!statement) this.plucked.set(db, (statement = db.prepare(this.text).pluck()));
    return statement;
  }

  get(db: Db, ...params: unknown[]): Row | undefined {
    return this.on(db).get(...params) as Row | undefined;
  }

  all(db: Db, ...params: unknown[]): Row[] {
    return this.on(db).all(...params) as Row[];
  }

  run(db: Db, ...params: unknown[]): Database.RunResult {
    return this.on(db).run(...params);
  }

  /** The first column of the first row (a count, an id), or undefined when there is no row. */
  value<Value = Row[keyof Row]>(db: Db, ...params: unknown[]): Value | undefined {
    return this.firstColumn(db).get(...params) as Value | undefined;
  }

  /** The first column of every row. */
  values<Value = Row[keyof Row]>(db: Db, ...params: unknown[]): Value[] {
    return this.firstColumn(db).all(...params) as Value[];
  }
}

/** Names a statement: see Sql. */
export function sql<Row = unknown>(text: string): Sql<Row> {
  return new Sql<Row>(text);
}

const shaped = new WeakMap<Db, Map<string, Sql>>();

/**
 * A statement whose text depends on its input (a list of `?` as long as the list given). Each
 * shape is compiled once per connection; callers keep the number of shapes small.
 */
export function sqlOfShape<Row = unknown>(db: Db, text: string): Sql<Row> {
  let byText = shaped.get(db);
  if (!byText) shaped.set(db, (byText = new Map()));
  let statement = byText.get(text);
  if (!statement) byText.set(text, (statement = new Sql(text)));
  return statement as Sql<Row>;
}
