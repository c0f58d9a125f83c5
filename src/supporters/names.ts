import { sql, type Db } from '../lib/sql.ts';

const nameOf = sql<{ name: string }>('SELECT name FROM supporters WHERE id = ?');

const allNames = sql<{ id: number; name: string }>('SELECT id, name FROM supporters ORDER BY id LIMIT 100000');

/** Every supporter's id and name (deleted ones too: old figures keep their names), in id order. */
export function supporterNames(db: Db): Array<{ id: number; name: string }> {
  return allNames.all(db);
}

/** The same as a lookup by id. */
export const namesById = (db: Db) => new Map(supporterNames(db).map((s) => [s.id, s.name]));

/** A supporter's name as lines in a conversation give it, or undefined for an unknown id. */
export function supporterName(db: Db, id: number): string | undefined {
  return nameOf.get(db, id)?.name;
}
