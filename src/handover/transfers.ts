import { addNote, addSystemMessage, lastMessageId } from '../chat/messages.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid, NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';
import { availableColleague } from './checks.ts';
import { dropHelpersAndOffers } from './cleanup.ts';

/** An offer not answered within this time lapses; the ticket simply stays where it was. */
export const TRANSFER_ANSWER_MS = 30_000;
export const HANDOVER_NOTE_MAX = 500;

export interface Transfer {
  id: number; ticketId: number; fromId: number; fromName: string; toId: number; toName: string;
  visitorName: string; note: string; state: string; createdAt: number;
  /** When an unanswered offer lapses (its card counts down to it). */
  expiresAt: number;
}

const OFFER_SQL = `SELECT x.id, x.ticket_id AS ticketId, x.from_id AS fromId, f.name AS fromName, x.to_id AS toId, o.name AS toName,
    t.visitor_name AS visitorName, x.note, x.state, x.created_at AS createdAt, x.created_at + ${TRANSFER_ANSWER_MS} AS expiresAt
  FROM transfers x JOIN supporters f ON f.id = x.from_id JOIN supporters o ON o.id = x.to_id JOIN tickets t ON t.id = x.ticket_id`;
const PENDING_SQL = `${OFFER_SQL} WHERE x.state = 'pending'`;

const insertTransfer = sql('INSERT INTO transfers (ticket_id, from_id, to_id, note, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id');
const transferWithId = sql<Transfer>(`${OFFER_SQL} WHERE x.id = +?`);
const moveToNewHolder = sql("UPDATE tickets SET supporter_id = ? WHERE id = ? AND state = 'claimed' AND supporter_id = ?");
const pendingOlderThan = sql<Transfer>(`${PENDING_SQL} AND x.created_at <= +? LIMIT 100`);
const transferState = sql("SELECT state FROM transfers WHERE id = ?");
const answer = sql('UPDATE transfers SET state = ?, answered_at = ? WHERE id = ?');
const removeHelper = sql('DELETE FROM ticket_helpers WHERE ticket_id = ? AND supporter_id = ?');
const pendingForTicket = sql<Transfer>(`${PENDING_SQL} AND x.ticket_id = +?`);
const pendingTo = sql<Transfer>(`${PENDING_SQL} AND x.to_id = +? ORDER BY x.id LIMIT 50`);

export function cleanNote(raw: unknown): string {
  const note = cleanText(raw);
  if ([...note].length > HANDOVER_NOTE_MAX) {
    throw new Invalid(new Text('teamwork.noteTooLong', { max: HANDOVER_NOTE_MAX }), { note: new Text('teamwork.atMost', { max: HANDOVER_NOTE_MAX }) });
  }
  return note;
}

/** Offers a ticket to a named colleague, who accepts or declines; until then it stays with its holder. */
export function offerTransfer(deps: Deps, ticketId: number, fromId: number, rawTo: unknown, rawNote: unknown): number {
  const note = cleanNote(rawNote);
  return commit(deps, (tx, emit) => {
    heldTicket(tx, ticketId, fromId, 'hand it over');
    const to = availableColleague(tx, rawTo, fromId);
    const open = pendingTransferOf(tx, ticketId);
    if (open) throw new Conflict(new Text('teamwork.alreadyOffered', { name: open.toName }));
    const { id } = insertTransfer.get(tx, ticketId, fromId, to.id, note, deps.clock.now()) as { id: number };
    for (const supporterId of [to.id, fromId]) emit({ topic: 'ticket', type: 'transfer.offered', supporterId, data: { ticketId, transferId: id } });
    return id;
  });
}

/**
 * The colleague answers an offer. Accepting moves the ticket (and its conversation) to their desk;
 * the hand-over note becomes a private note for them, headed in their language (`lang`).
 */
export function answerTransfer(deps: Deps, transferId: number, supporterId: number, accept: boolean, lang: Lang = 'en'): void {
  const lapsed = commit(deps, (tx, emit): boolean => {
    const offer = transferWithId.get(tx, transferId);
    if (!offer || offer.toId !== supporterId) throw new NotFound(new Text('teamwork.noSuchOffer'));
    // The sweep that lapses offers runs every few seconds; an answer after 30 s is late even before it.
    if (offer.state === 'pending' && deps.clock.now() - offer.createdAt >= TRANSFER_ANSWER_MS) {
      settle(tx, emit, offer, 'expired', deps.clock.now());
      return true;
    }
    if (offer.state !== 'pending') throw new Conflict(new Text(offer.state === 'expired' ? 'teamwork.offerLapsed' : 'teamwork.offerClosed'));
    if (!accept) { settle(tx, emit, offer, 'declined', deps.clock.now()); return false; }
    const moved = moveToNewHolder.run(tx, offer.toId, offer.ticketId, offer.fromId).changes === 1;
    if (!moved) {
      settle(tx, emit, offer, 'withdrawn', deps.clock.now());
      throw new Conflict(new Text('teamwork.offerVoid'));
    }
    settle(tx, emit, offer, 'accepted', deps.clock.now());
    const note = offer.note ? t(lang, 'teamwork.note.handOver', { note: offer.note }) : '';
    handTicket(tx, emit, offer.ticketId, offer.fromId, offer.toId, new Text('system.handed', { from: offer.fromName, to: offer.toName }), note, deps.clock.now());
    return false;
  });
  // The lapse is stored (and the holder told); the late answer itself is refused.
  if (lapsed) throw new Conflict(new Text('teamwork.offerLapsed'));
}

/** Offers nobody answered in time lapse (run every few seconds). */
export function expireTransfers(deps: Deps): number {
  const due = deps.clock.now() - TRANSFER_ANSWER_MS;
  const stale = pendingOlderThan.all(deps.db, due);
  if (!stale.length) return 0;
  commit(deps, (tx, emit) => {
    for (const offer of stale) {
      if (transferState.value(tx, offer.id) === 'pending') settle(tx, emit, offer, 'expired', deps.clock.now());
    }
  });
  return stale.length;
}

function settle(tx: Db, emit: Emit, offer: Transfer, state: 'accepted' | 'declined' | 'expired' | 'withdrawn', now: number): void {
  answer.run(tx, state, now, offer.id);
  for (const supporterId of [offer.toId, offer.fromId]) {
    emit({ topic: 'ticket', type: 'transfer.answered', supporterId, data: { ticketId: offer.ticketId, transferId: offer.id, state } });
  }
}

/**
 * Moves a held ticket to another supporter's desk inside a change (a transfer or a take-over):
 * the old holder's tab closes, the new one opens with the conversation so far, and the visitor
 * is told who is there now. A hand-over note (already headed, in the new holder's language)
 * becomes a private note for them.
 */
export function handTicket(tx: Db, emit: Emit, ticketId: number, fromId: number, toId: number, said: string | Text, note: string, now: number, takenBy?: string): void {
  removeHelper.run(tx, ticketId, toId);
  dropHelpersAndOffers(tx, emit, ticketId, true);
  addSystemMessage(tx, emit, ticketId, toId, said, now);
  if (note) addNote(tx, emit, ticketId, toId, fromId, note, now);
  emit({ topic: 'ticket', type: 'tab.closed', supporterId: fromId, data: { ticketId, ...(takenBy && { takenBy }) } });
  emit({ topic: 'line', type: 'ticket.handed', ticketId, supporterId: toId, data: { from: fromId, upTo: lastMessageId(tx, ticketId) } });
}

/** The open offer for a ticket, if any. */
export function pendingTransferOf(db: Db, ticketId: number): Transfer | undefined {
  return pendingForTicket.get(db, ticketId);
}

/** Offers waiting for this supporter's answer. */
export function offersFor(db: Db, supporterId: number): Transfer[] {
  return pendingTo.all(db, supporterId);
}

export function transferById(db: Db, transferId: number): Transfer | undefined {
  return transferWithId.get(db, transferId);
}
