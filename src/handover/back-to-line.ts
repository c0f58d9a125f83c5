import { addNote, addSystemMessage } from '../chat/messages.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';
import { dropHelpersAndOffers } from './cleanup.ts';
import { cleanNote } from './transfers.ts';

const backToWaiting = sql("UPDATE tickets SET state = 'waiting', supporter_id = NULL, claimed_at = NULL WHERE id = ?");

/**
 * The holder puts a ticket back in the line, at its old place (the line orders by arrival), with
 * an optional note for whoever claims it next: a private note, never shown to the visitor, headed
 * in the writer's language (`lang`) like the note itself.
 */
export function putBackInLine(deps: Deps, ticketId: number, holderId: number, rawNote: unknown, lang: Lang = 'en'): void {
  const note = cleanNote(rawNote);
  commit(deps, (tx, emit) => {
    heldTicket(tx, ticketId, holderId, 'put it back in the line');
    const now = deps.clock.now();
    if (note) addNote(tx, emit, ticketId, holderId, holderId, t(lang, 'teamwork.note.nextSupporter', { note }), now);
    dropHelpersAndOffers(tx, emit, ticketId);
    backToWaiting.run(tx, ticketId);
    emit({ topic: 'line', type: 'ticket.released', ticketId, supporterId: holderId });
    addSystemMessage(tx, emit, ticketId, null, new Text('system.backInLine'), now);
  });
}
