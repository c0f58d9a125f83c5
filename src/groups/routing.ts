import type { Db } from '../lib/sql.ts';
import { isOpen, listGroups, type Group } from './groups.ts';
import { someoneAvailableIn } from './members.ts';

/**
 * The group a new ticket waits in. `wanted` (a topic's group, later) when it is an open line
 * group; else the first open line group with someone available, so no visitor waits in a line
 * nobody watches; else the first open line group; else the first line group at all (there is
 * always one: the last one cannot be disabled, deleted or made into another kind).
 */
export function groupForNewTicket(db: Db, now: number, wanted?: number | null): Group {
  const lines = listGroups(db).filter((g) => g.kind === 'line');
  const open = lines.filter((g) => isOpen(g, now));
  const chosen = open.find((g) => g.id === wanted && someoneAvailableIn(db, g.id))
    ?? open.find((g) => someoneAvailableIn(db, g.id))
    ?? open.find((g) => g.id === wanted)
    ?? open[0] ?? lines[0];
  if (!chosen) throw new Error('Lineup has no line group: migration 0024 makes one and the last one cannot go');
  return chosen;
}
