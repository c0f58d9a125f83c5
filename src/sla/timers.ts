import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { EventOf } from '../realtime/catalogue.ts';
import type { NewEvent } from '../realtime/events.ts';
import { loadHours } from '../hours/hours.ts';
import { openTimeAfter } from '../hours/open-time.ts';
import { normsFor } from './norms.ts';
import type { Norm } from './schema.ts';

/*
 * Which service norm runs for a ticket, and until when, follows the line and the conversation
 * inside each change's own transaction (src/reactions.ts): waiting, the claim norm; claimed, the
 * first reply; then, after each visitor message, the next reply. A timer records a breach when a
 * deadline passes (watch.ts): nothing scans the tickets.
 */

type Emit = (event: NewEvent) => void;

interface Facts { state: string; groupId: number | null; norm: Norm | null; firstReplyAt: number | null }
const facts = sql<Facts>('SELECT state, group_id AS groupId, sla_norm AS norm, first_reply_at AS firstReplyAt FROM tickets WHERE id = ?');
const startNorm = sql('UPDATE tickets SET sla_norm = ?, sla_deadline = ?, sla_due_at = ? WHERE id = ?');
const stopNorm = sql('UPDATE tickets SET sla_norm = NULL, sla_deadline = NULL, sla_due_at = NULL WHERE id = ?');
const breachMet = sql('UPDATE sla_breaches SET met_at = ?, open = 0 WHERE ticket_id = ? AND norm = ? AND met_at IS NULL');
const breachesEnd = sql('UPDATE sla_breaches SET open = 0 WHERE ticket_id = ? AND open = 1');
const authorOf = sql<{ author: string }>('SELECT author FROM messages WHERE id = ?');
const firstReply = sql('UPDATE tickets SET first_reply_at = ? WHERE id = ? AND first_reply_at IS NULL');
const running = sql<{ slaNorm: string | null; slaDeadline: number | null }>('SELECT sla_norm AS slaNorm, sla_deadline AS slaDeadline FROM tickets WHERE id = ?');

/** The norm running for a ticket and its deadline, as the desk shows them (views/desk/_sla.eta). */
export function runningNorm(db: Db, ticketId: number): { slaNorm: string | null; slaDeadline: number | null } | undefined {
  return running.get(db, ticketId);
}

/** Starts a norm for a ticket at `now` (its deadline counted in open time), or none when the group has it off. */
function start(deps: Deps, tx: Db, ticketId: number, groupId: number | null, norm: Norm, now: number): void {
  const minutes = normsFor(tx, groupId)[norm];
  if (!minutes) {
    stopNorm.run(tx, ticketId);
    return;
  }
  const deadline = openTimeAfter(loadHours(tx), now, minutes * 60_000);
  startNorm.run(tx, norm, deadline, deadline, ticketId);
}

/** The norm running is met now: a breach it had is closed with the time it was met (supervisors' lists hear of it). */
function met(tx: Db, emit: Emit, ticketId: number, norm: Norm | null, now: number): void {
  if (norm && breachMet.run(tx, now, ticketId, norm).changes) emit({ topic: 'desks', type: 'sla.ended', data: { ticketId } });
}

/** A ticket entered a line: it is to be claimed within the claim norm. */
export function slaOnEntering(deps: Deps, tx: Db, event: EventOf<'ticket.joined' | 'ticket.released' | 'ticket.rejoined' | 'ticket.regrouped'>): void {
  const ticket = facts.get(tx, event.ticketId);
  if (ticket?.state === 'waiting') start(deps, tx, event.ticketId, ticket.groupId, 'claim', deps.clock.now());
}

/** Claimed: the claim norm is met, and the first reply's runs (unless the visitor was answered before). */
export function slaOnClaim(deps: Deps, tx: Db, event: EventOf<'ticket.claimed'>, emit: Emit): void {
  const ticket = facts.get(tx, event.ticketId);
  if (!ticket) return;
  const now = deps.clock.now();
  met(tx, emit, event.ticketId, 'claim', now);
  if (ticket.firstReplyAt === null) start(deps, tx, event.ticketId, ticket.groupId, 'first_reply', now);
  else stopNorm.run(tx, event.ticketId);
}

/** A supporter's answer meets the reply norm running; a visitor's message starts the next one. */
export function slaOnMessage(deps: Deps, tx: Db, event: EventOf<'message.posted'>, emit: Emit): void {
  // Notes and colleagues' copies name their ticket in their data only: they change no norm.
  if (event.ticketId === null) return;
  const author = authorOf.get(tx, event.data.messageId)?.author;
  if (author !== 'supporter' && author !== 'visitor') return;
  const ticket = facts.get(tx, event.ticketId);
  if (!ticket || ticket.state !== 'claimed') return;
  const now = deps.clock.now();
  if (author === 'supporter') {
    firstReply.run(tx, now, event.ticketId);
    if (ticket.norm === 'first_reply' || ticket.norm === 'reply') {
      met(tx, emit, event.ticketId, ticket.norm, now);
      stopNorm.run(tx, event.ticketId);
    }
  } else if (ticket.firstReplyAt !== null && ticket.norm === null) {
    start(deps, tx, event.ticketId, ticket.groupId, 'reply', now);
  }
}

/** Closed or gone: no norm runs; a breach not met stays unmet, and no longer shows as open. */
export function slaOnLeaving(_deps: Deps, tx: Db, event: EventOf<'ticket.left' | 'ticket.closed'>, emit: Emit): void {
  stopNorm.run(tx, event.ticketId);
  if (breachesEnd.run(tx, event.ticketId).changes) emit({ topic: 'desks', type: 'sla.ended', data: { ticketId: event.ticketId } });
}
