import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';

/** The largest limit an admin may set; beyond it "no limit" says the same. */
export const CAPACITY_MAX = 50;

const ownLimit = sql('SELECT capacity FROM supporters WHERE id = ?');
// The strictest default among the supporter's groups that have one.
const groupsLimit = sql(`SELECT min(g.capacity) FROM group_members m JOIN groups g ON g.id = m.group_id
  WHERE m.supporter_id = ? AND g.capacity > 0`);
const heldCount = sql("SELECT count(*) FROM tickets WHERE supporter_id = ? AND state = 'claimed'");
const setOwn = sql('UPDATE supporters SET capacity = ? WHERE id = ?');

/**
 * How many chats a supporter holds at once before Lineup offers them no more: their own limit,
 * else the strictest of their groups' defaults; null for no limit. A claim is never refused for
 * it (the supporter decides); the claim's answer warns.
 */
export function capacityOf(db: Db, supporterId: number): number | null {
  const own = ownLimit.value(db, supporterId) as number | null | undefined;
  const limit = own ?? groupsCapacity(db, supporterId) ?? 0;
  return limit > 0 ? limit : null;
}

/** The strictest limit among a supporter's groups, or null when none of them has one. */
export function groupsCapacity(db: Db, supporterId: number): number | null {
  return (groupsLimit.value(db, supporterId) as number | null | undefined) ?? null;
}

/** The chats a supporter holds now, and their limit when they are past it (else null). */
export function overCapacity(db: Db, supporterId: number): { held: number; limit: number } | null {
  const limit = capacityOf(db, supporterId);
  const held = heldCount.value(db, supporterId) as number;
  return limit !== null && held > limit ? { held, limit } : null;
}

/**
 * A limit as a form gives it: a whole number from 0 (no limit) to CAPACITY_MAX; empty is `empty`
 * (a supporter's "their groups' default", a group's 0).
 */
export function readCapacity(raw: unknown, field: string, fields: Record<string, Text>, empty: number | null): number | null {
  const text = String(raw ?? '').trim();
  if (text === '') return empty;
  const value = Number(text);
  if (!/^\d{1,3}$/.test(text) || value > CAPACITY_MAX) {
    fields[field] = new Text('admin.capacity.invalid', { max: CAPACITY_MAX });
    return empty;
  }
  return value;
}

/** An admin sets a supporter's own limit (empty: their groups' default). */
export function setOwnCapacity(deps: Deps, supporterId: number, raw: unknown): number | null {
  const fields: Record<string, Text> = {};
  const value = readCapacity(raw, 'capacity', fields, null);
  if (fields.capacity) throw new Invalid(fields.capacity, fields);
  setOwn.run(deps.db, value, supporterId);
  return value;
}
