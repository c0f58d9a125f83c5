import { addNote, addSystemMessage } from '../chat/messages.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';
import { dropHelpersAndOffers } from './cleanup.ts';
import { cleanNote } from './transfers.ts';

const backToWaiting = sql("UPDATE tickets SET state = 'waiting', supporter_id = NULL, claimed_at = NULL WHERE id = ?");
const intoLine = sql("UPDATE tickets SET state = 'waiting', supporter_id = NULL, claimed_at = NULL, group_id = ?, line_key = ? WHERE id = ?");

/**
 * The holder puts a ticket back in the line, at its old place (the line orders by arrival), with
 * an optional note for whoever claims it next: a private note, never shown to the visitor, headed
 * in the writer's language (`lang`) like the note itself.
 */
export function putBackInLine(deps: Deps, ticketId: number, holderId: number, rawNote: unknown, lang: Lang = 'en'): void {
  const note = cleanNote(rawNote);
  commit(deps, (tx, emit) => {
    heldTicket(tx, ticketId, holderId, 'put it back in the line');
    returnToLine(tx, emit, { ticketId, holderId, note, lang, now: deps.clock.now(), told: new Text('system.backInLine') });
  });
}

/**
 * A held ticket waits in a line again (inside the caller's change, after its checks): its own
 * group's at its old place, or `groupId`'s at `lineKey`. The note goes first, as a private note;
 * the visitor is `told` where they are.
 */
export function returnToLine(tx: Db, emit: Emit, move: {
  ticketId: number; holderId: number; note: string; lang: Lang; now: number; told: Text; groupId?: number; lineKey?: number;
}): void {
  const { ticketId, holderId, note, now } = move;
  if (note) addNote(tx, emit, ticketId, holderId, holderId, t(move.lang, 'teamwork.note.nextSupporter', { note }), now);
  dropHelpersAndOffers(tx, emit, ticketId);
  if (move.groupId === undefined) backToWaiting.run(tx, ticketId);
  else intoLine.run(tx, move.groupId, move.lineKey, ticketId);
  emit({ topic: 'line', type: 'ticket.released', ticketId, supporterId: holderId });
  addSystemMessage(tx, emit, ticketId, null, move.told, now);
}
