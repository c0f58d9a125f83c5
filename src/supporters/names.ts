import { sql, type Db } from '../lib/sql.ts';

const nameOf = sql<{ name: string }>('SELECT name FROM supporters WHERE id = ?');

/** A supporter's name as lines in a conversation give it, or undefined for an unknown id. */
export function supporterName(db: Db, id: number): string | undefined {
  return nameOf.get(db, id)?.name;
}
