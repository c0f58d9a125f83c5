import type { Lang } from '../i18n/index.ts';
import { sql, type Db } from '../lib/sql.ts';
import { groupName } from '../groups/groups.ts';
import type { Norm } from './schema.ts';

/** A breach as the supervisors' desk lists it while it is open. */
export interface OpenBreach {
  id: number; ticketId: number; norm: Norm; visitorName: string; holder: string | null; group: string | null; dueAt: number; breachedAt: number;
}

type Row = Omit<OpenBreach, 'group'> & { names: string | null; groupId: number | null };
const ROW_SQL = `SELECT b.id, b.ticket_id AS ticketId, b.norm, b.group_id AS groupId, t.visitor_name AS visitorName, s.name AS holder, g.names,
    b.due_at AS dueAt, b.breached_at AS breachedAt
  FROM sla_breaches b JOIN tickets t ON t.id = b.ticket_id LEFT JOIN supporters s ON s.id = b.supporter_id LEFT JOIN groups g ON g.id = b.group_id`;
const openOnes = sql<Row>(`${ROW_SQL} WHERE b.open = 1 ORDER BY b.id DESC LIMIT +?`);
const alertedOnes = sql<Row>(`${ROW_SQL} WHERE b.open = 1 AND g.sla_alert_members = 1 ORDER BY b.id DESC LIMIT 500`);
const alerting = sql<{ id: number }>('SELECT id FROM groups WHERE sla_alert_members = 1 LIMIT 1000');
const since = sql<Row>(`${ROW_SQL} WHERE b.breached_at >= +? ORDER BY b.id LIMIT 50`);
const fromRow = (lang: Lang) => ({ names, groupId: _g, ...row }: Row): OpenBreach => ({ ...row, group: names ? groupName({ names: JSON.parse(names) }, lang) : null });

/** The newest breaches not met yet, of tickets still in the line or a chat. */
export function openBreaches(db: Db, lang: Lang, limit = 20): OpenBreach[] {
  return openOnes.all(db, limit).map(fromRow(lang));
}

/**
 * For a supporter's desk: the groups among theirs (null: every group) that show their own
 * supporters their broken norms, and those breaches; null when none of their groups does.
 */
export function breachesForMembers(db: Db, lang: Lang, groups: readonly number[] | null, limit = 20): OpenBreach[] | null {
  const alerted = new Set(alerting.values(db) as number[]);
  const mine = groups === null ? [...alerted] : groups.filter((g) => alerted.has(g));
  if (!mine.length) return null;
  const wanted = new Set(mine);
  return alertedOnes.all(db).filter((b) => wanted.has(b.groupId ?? -1)).slice(0, limit).map(fromRow(lang));
}

/** The breaches recorded since an instant, oldest first (at most 50: an alert mail's list). */
export function breachesSince(db: Db, from: number, lang: Lang): OpenBreach[] {
  return since.all(db, from).map(fromRow(lang));
}
