import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import type { Role } from '../supporters/schema.ts';
import { groupById } from './groups.ts';

const groupsOfSupporter = sql("SELECT group_id FROM group_members WHERE supporter_id = ? ORDER BY group_id");
const membersOfGroup = sql<{ id: number; name: string }>(`SELECT s.id, s.name FROM group_members m JOIN supporters s ON s.id = m.supporter_id
  WHERE m.group_id = +? AND s.deleted_at IS NULL ORDER BY s.name, s.id LIMIT 5000`);
const memberCounts = sql<{ groupId: number; n: number }>(`SELECT m.group_id AS groupId, count(*) AS n FROM group_members m
  JOIN supporters s ON s.id = m.supporter_id WHERE s.deleted_at IS NULL AND s.enabled = 1 GROUP BY m.group_id`);
const addMember = sql('INSERT INTO group_members (group_id, supporter_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
const removeMember = sql('DELETE FROM group_members WHERE group_id = ? AND supporter_id = ?');
const liveSupporter = sql('SELECT id FROM supporters WHERE id = ? AND deleted_at IS NULL');
const firstLineGroup = sql("SELECT id FROM groups WHERE kind = 'line' AND enabled = 1 ORDER BY position, id LIMIT 1");
// Someone who could claim a ticket of the group now: on the desk, available, enabled.
const availableMember = sql(`SELECT 1 FROM group_members m JOIN supporters s ON s.id = m.supporter_id
  WHERE m.group_id = ? AND s.enabled = 1 AND s.place = 'desk' AND s.status = 'available' LIMIT 1`);

/** The groups a supporter belongs to, by id. */
export function groupIdsOf(db: Db, supporterId: number): number[] {
  return groupsOfSupporter.values(db, supporterId) as number[];
}

/**
 * Which groups' lines a desk shows: its supporter's groups; null for supervisors and admins,
 * who see every group's line.
 */
export function deskScope(db: Db, supporter: { id: number; role: Role }): number[] | null {
  return supporter.role === 'supporter' ? groupIdsOf(db, supporter.id) : null;
}

export function membersOf(db: Db, groupId: number): Array<{ id: number; name: string }> {
  return membersOfGroup.all(db, groupId);
}

/** How many enabled supporters each group has. */
export function memberCountByGroup(db: Db): Map<number, number> {
  return new Map(memberCounts.all(db).map((row) => [row.groupId, row.n]));
}

/** Whether someone in the group could claim one of its tickets right now. */
export function someoneAvailableIn(db: Db, groupId: number): boolean {
  return availableMember.value(db, groupId) !== undefined;
}

/** A new account starts in the first line group (inside the change that creates it). */
export function joinFirstLineGroup(tx: Db, supporterId: number): void {
  const groupId = firstLineGroup.value(tx);
  if (groupId !== undefined) addMember.run(tx, groupId, supporterId);
}

/**
 * An admin sets who is in a group. Each supporter who joined or left gets their desk redrawn at
 * once (the line it shows changes); tickets they hold stay theirs.
 */
export function setMembers(deps: Deps, groupId: number, rawIds: unknown): { added: number[]; removed: number[] } {
  const group = groupById(deps.db, groupId);
  const wanted = new Set<number>();
  for (const raw of Array.isArray(rawIds) ? rawIds : rawIds === undefined ? [] : [rawIds]) {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id <= 0 || liveSupporter.value(deps.db, id) === undefined) {
      throw new Invalid(new Text('admin.groups.noSuchMember'));
    }
    wanted.add(id);
  }
  return commit(deps, (tx, emit) => {
    const current = new Set(membersOf(tx, group.id).map((m) => m.id));
    const added = [...wanted].filter((id) => !current.has(id));
    const removed = [...current].filter((id) => !wanted.has(id));
    for (const id of added) addMember.run(tx, group.id, id);
    for (const id of removed) removeMember.run(tx, group.id, id);
    for (const supporterId of [...added, ...removed]) emit({ topic: 'ticket', type: 'supporter.groups', supporterId });
    return { added, removed };
  });
}
