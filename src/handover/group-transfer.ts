import { Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import { groupById, groupName, isOpen } from '../groups/groups.ts';
import { someoneAvailableIn } from '../groups/members.ts';
import { returnToLine } from './back-to-line.ts';
import { cleanNote } from './transfers.ts';

const ticketPlace = sql<{ groupId: number | null; lineKey: number }>('SELECT group_id AS groupId, line_key AS lineKey FROM tickets WHERE id = ?');
const frontOf = sql("SELECT min(line_key) FROM tickets WHERE group_id = ? AND state = 'waiting'");

/**
 * "Transfer to group": the holder hands a ticket to another group's line (second line, say),
 * where it waits by its arrival or at the front, as the group chooses. The note becomes a private
 * note for whoever claims it there; the visitor reads that they are being passed on. A closed or
 * disabled group, or one nobody could claim from now, is refused: routing never strands a ticket.
 */
export function transferToGroup(deps: Deps, ticketId: number, holderId: number, rawGroup: unknown, rawNote: unknown, lang: Lang = 'en'): void {
  const note = cleanNote(rawNote);
  const group = groupById(deps.db, parseId(String(rawGroup ?? '')));
  commit(deps, (tx, emit) => {
    heldTicket(tx, ticketId, holderId, 'hand it over');
    const now = deps.clock.now();
    if (!isOpen(group, now)) throw new Conflict(new Text('teamwork.group.closed', { group: groupName(group, lang) }));
    const place = ticketPlace.get(tx, ticketId)!;
    if (place.groupId === group.id) throw new Conflict(new Text('teamwork.group.already', { group: groupName(group, lang) }));
    if (!someoneAvailableIn(tx, group.id)) throw new Conflict(new Text('teamwork.group.nobody', { group: groupName(group, lang) }));
    const front = frontOf.value(tx, group.id) as number | null;
    const lineKey = group.transferPlace === 'front' && front !== null ? Math.min(front - 1, place.lineKey) : place.lineKey;
    returnToLine(tx, emit, { ticketId, holderId, note, lang, now, groupId: group.id, lineKey,
      told: new Text('system.passedToGroup', { group: groupName(group, ticketLanguage(tx, ticketId)) }) });
  });
}
