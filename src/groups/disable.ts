import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { groupById, isOpen, lastLineGuard, type Group } from './groups.ts';

const setEnabled = sql('UPDATE groups SET enabled = ? WHERE id = ?');
// Waiting tickets, and abandoned ones that may still come back to their place.
const waitingIn = sql("SELECT id FROM tickets WHERE group_id = ? AND state IN ('waiting', 'abandoned') ORDER BY line_key");
const moveTicket = sql('UPDATE tickets SET group_id = ? WHERE id = ?');

/**
 * Disables a group: no new tickets and no transfers reach it; chats in progress go on. Softly,
 * its waiting tickets keep waiting there for its members; hard (`moveTo`, a group's id), they
 * move to that group's line, each by its arrival. Returns how many moved. The last enabled line
 * group stays: new tickets need somewhere to go.
 */
export function disableGroup(deps: Deps, id: number, moveTo: unknown): number {
  const group = groupById(deps.db, id);
  const target = moveTo === null ? null : moveTarget(deps, group, moveTo);
  return commit(deps, (tx, emit) => {
    if (group.kind === 'line') lastLineGuard(tx, group.id);
    setEnabled.run(tx, 0, group.id);
    if (!target) return 0;
    const ids = waitingIn.values(tx, group.id) as number[];
    for (const ticketId of ids) {
      moveTicket.run(tx, target.id, ticketId);
      emit({ topic: 'line', type: 'ticket.regrouped', ticketId, data: { from: group.id } });
    }
    return ids.length;
  });
}

function moveTarget(deps: Deps, group: Group, raw: unknown): Group {
  const id = parseId(String(raw ?? ''));
  if (id === null) throw new Invalid(new Text('admin.groups.moveToNeeded'));
  const target = groupById(deps.db, id);
  if (target.id === group.id || !isOpen(target, deps.clock.now()) || target.kind === 'overflow') {
    throw new Conflict(new Text('admin.groups.moveToClosed'));
  }
  return target;
}

export function enableGroup(deps: Deps, id: number | null): Group {
  const group = groupById(deps.db, id);
  setEnabled.run(deps.db, 1, group.id);
  return groupById(deps.db, group.id);
}
