import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit, type Emit } from '../realtime/events.ts';
import type { TicketView } from '../line/tickets.ts';
import type { ComplaintState } from './schema.ts';
import { mailAnswer } from './answer-mail.ts';

export const COMPLAINT_LIMITS = { body: 2000, answer: 4000, perTicket: 3 } as const;

export interface Complaint {
  id: number; ticketId: number; body: string; state: ComplaintState; takenBy: number | null; takenByName: string | null;
  answer: string | null; answeredAt: number | null; createdAt: number; visitorName: string; visitorEmail: string | null;
}

const COLUMNS = `c.id, c.ticket_id AS ticketId, c.body, c.state, c.taken_by AS takenBy, s.name AS takenByName, c.answer,
  c.answered_at AS answeredAt, c.created_at AS createdAt, t.visitor_name AS visitorName, t.visitor_email AS visitorEmail`;
const FROM = 'FROM complaints c JOIN tickets t ON t.id = c.ticket_id LEFT JOIN supporters s ON s.id = c.taken_by';
const complaintWithId = sql<Complaint>(`SELECT ${COLUMNS} ${FROM} WHERE c.id = +?`);
const unresolved = sql<Complaint>(`SELECT ${COLUMNS} ${FROM} WHERE c.state != 'resolved' ORDER BY c.id LIMIT +?`);
const countOfTicket = sql('SELECT count(*) FROM complaints WHERE ticket_id = ?');
const insertComplaint = sql('INSERT INTO complaints (ticket_id, body, created_at) VALUES (?, ?, ?) RETURNING id');
const take = sql("UPDATE complaints SET state = 'taken', taken_by = ? WHERE id = ? AND state = 'open'");
const resolve = sql("UPDATE complaints SET state = 'resolved', resolved_at = ? WHERE id = ? AND state = 'taken' AND taken_by = ?");
const saveAnswer = sql('UPDATE complaints SET answer = ?, answered_at = ? WHERE id = ?');

/** How many complaints a visitor made about this ticket (the page says the last one is with the team). */
export function complaintsAbout(db: Db, ticketId: number): number {
  return countOfTicket.value(db, ticketId) as number;
}

/** Complaints not resolved yet, oldest first: what supervisors' desks list. */
export function openComplaints(db: Db, limit = 50): Complaint[] {
  return unresolved.all(db, limit);
}

export function complaintById(db: Db, id: number): Complaint {
  const complaint = complaintWithId.get(db, id);
  if (!complaint) throw new NotFound(new Text('complaint.notFound'));
  return complaint;
}

function changed(emit: Emit, complaintId: number, isNew = false): void {
  emit({ topic: 'desks', type: 'complaint.changed', data: { complaintId, ...(isNew && { isNew: true as const }) } });
}

/**
 * A visitor complains about their conversation (any state: waiting, in a chat, closed). The text
 * is needed and limited, and a ticket takes a few complaints at most. Supervisors' desks hear of it.
 */
export function fileComplaint(deps: Deps, ticket: TicketView, rawBody: unknown): number {
  const body = cleanText(rawBody);
  if (!body) throw new Invalid(new Text('complaint.empty'), { body: new Text('complaint.empty') });
  if ([...body].length > COMPLAINT_LIMITS.body) throw new Invalid(new Text('complaint.tooLong', { max: COMPLAINT_LIMITS.body }), { body: new Text('complaint.tooLong', { max: COMPLAINT_LIMITS.body }) });
  return commit(deps, (tx, emit) => {
    if (complaintsAbout(tx, ticket.id) >= COMPLAINT_LIMITS.perTicket) throw new Conflict(new Text('complaint.tooMany', { max: COMPLAINT_LIMITS.perTicket }));
    const { id } = insertComplaint.get(tx, ticket.id, body, deps.clock.now()) as { id: number };
    changed(emit, id, true);
    return id;
  });
}

/** A supervisor takes a complaint to handle it; exactly one does (the others are told who). */
export function takeComplaint(deps: Deps, id: number, supporterId: number): void {
  commit(deps, (tx, emit) => {
    const complaint = complaintById(tx, id);
    if (take.run(tx, supporterId, id).changes === 0) {
      throw new Conflict(complaint.state === 'resolved' ? new Text('complaint.alreadyResolved') : new Text('complaint.takenBy', { name: complaint.takenByName ?? '' }));
    }
    changed(emit, id);
  });
}

/** Whoever took it answers the visitor by e-mail (they need to have left an address). */
export function answerComplaint(deps: Deps, id: number, supporterId: number, rawAnswer: unknown): void {
  const answer = cleanText(rawAnswer);
  if (!answer) throw new Invalid(new Text('complaint.answerEmpty'), { answer: new Text('complaint.answerEmpty') });
  if ([...answer].length > COMPLAINT_LIMITS.answer) throw new Invalid(new Text('complaint.tooLong', { max: COMPLAINT_LIMITS.answer }), { answer: new Text('complaint.tooLong', { max: COMPLAINT_LIMITS.answer }) });
  commit(deps, (tx, emit) => {
    const complaint = handledBy(tx, id, supporterId);
    if (!complaint.visitorEmail) throw new Conflict(new Text('complaint.noAddress'));
    const now = deps.clock.now();
    saveAnswer.run(tx, answer, now, id);
    mailAnswer(deps, tx, complaint, answer, now);
    changed(emit, id);
  });
}

/** Whoever took it marks it resolved: it leaves the desks' list (reports keep it). */
export function resolveComplaint(deps: Deps, id: number, supporterId: number): void {
  commit(deps, (tx, emit) => {
    handledBy(tx, id, supporterId);
    resolve.run(tx, deps.clock.now(), id, supporterId);
    changed(emit, id);
  });
}

/** The complaint, if this supervisor holds it; else why not. */
function handledBy(tx: Db, id: number, supporterId: number): Complaint {
  const complaint = complaintById(tx, id);
  if (complaint.state === 'resolved') throw new Conflict(new Text('complaint.alreadyResolved'));
  if (complaint.state === 'open') throw new Conflict(new Text('complaint.takeFirst'));
  if (complaint.takenBy !== supporterId) throw new Forbidden(new Text('complaint.takenBy', { name: complaint.takenByName ?? '' }));
  return complaint;
}
