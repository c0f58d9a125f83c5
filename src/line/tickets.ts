import { and, asc, count, eq, lt } from 'drizzle-orm';
import type { Deps } from '../lib/deps.ts';
import type { Db } from '../lib/db.ts';
import { NotFound } from '../lib/errors.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { checkEmail, cleanLine, cleanText, requireText, throwIfInvalid } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { messages } from '../chat/schema.ts';
import { supporters } from '../supporters/schema.ts';
import { tickets } from './schema.ts';

export const LIMITS = { name: 80, email: 254, problem: 2000 } as const;

/** A ticket as pages show it, with its supporter's name. */
export interface TicketView {
  id: number;
  visitorName: string;
  visitorEmail: string | null;
  problem: string;
  state: 'waiting' | 'claimed' | 'closed';
  away: boolean;
  supporterId: number | null;
  supporterName: string | null;
  createdAt: number;
  claimedAt: number | null;
  closedAt: number | null;
  resolution: string | null;
  visitorOnline: boolean;
}

const viewColumns = {
  id: tickets.id, visitorName: tickets.visitorName, visitorEmail: tickets.visitorEmail, problem: tickets.problem,
  state: tickets.state, away: tickets.away, supporterId: tickets.supporterId, supporterName: supporters.name,
  createdAt: tickets.createdAt, claimedAt: tickets.claimedAt, closedAt: tickets.closedAt,
  resolution: tickets.resolution, visitorOnline: tickets.visitorOnline,
};

function selectViews(db: Db) {
  return db.select(viewColumns).from(tickets).leftJoin(supporters, eq(supporters.id, tickets.supporterId));
}

/**
 * A visitor joins the line. Returns the new ticket and the secret token that addresses it;
 * only the token's hash is stored.
 *
 * @example
 * const { token } = openTicket(deps, { name: 'Vera', email: '', problem: 'The invoice total is wrong' });
 */
export function openTicket(deps: Deps, input: { name?: unknown; email?: unknown; problem?: unknown }) {
  const fields: Record<string, string> = {};
  const name = cleanLine(input.name);
  const email = cleanLine(input.email);
  const problem = cleanText(input.problem);
  requireText(fields, 'name', 'Name', name, LIMITS.name);
  checkEmail(fields, 'email', email, false);
  requireText(fields, 'problem', 'Describe your problem', problem, LIMITS.problem);
  throwIfInvalid(fields);

  const token = randomToken();
  const now = deps.clock.now();
  const ticket = commit(deps, (tx, emit) => {
    const row = tx.insert(tickets).values({
      tokenHash: hashToken(token), visitorName: name, visitorEmail: email || null, problem, createdAt: now,
    }).returning({ id: tickets.id }).get();
    tx.insert(messages).values({ ticketId: row.id, author: 'visitor', isProblem: true, body: problem, createdAt: now }).run();
    emit({ topic: 'line', type: 'ticket.joined', ticketId: row.id });
    return row;
  });
  return { ticketId: ticket.id, token };
}

export function ticketView(db: Db, id: number): TicketView | undefined {
  return selectViews(db).where(eq(tickets.id, id)).get();
}

/** The ticket behind a visitor token; a wrong or forged token is simply not found. */
export function ticketByToken(deps: Deps, token: string | undefined): TicketView {
  if (!token || token.length > 100) throw new NotFound('There is no ticket at this address.');
  const row = deps.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.tokenHash, hashToken(token))).get();
  const view = row && ticketView(deps.db, row.id);
  if (!view) throw new NotFound('There is no ticket at this address.');
  return view;
}

export function ticketById(deps: Deps, id: number | null): TicketView {
  const view = id === null ? undefined : ticketView(deps.db, id);
  if (!view) throw new NotFound('There is no such ticket.');
  return view;
}

/** The desk shows this many waiting tickets; the rest are counted. */
export const LINE_SHOWN = 500;

/** The first `limit` waiting tickets in arrival order, and how many wait in all. */
export function listLine(db: Db, limit = LINE_SHOWN): { tickets: TicketView[]; total: number } {
  const rows = selectViews(db).where(eq(tickets.state, 'waiting'))
    .orderBy(asc(tickets.id)).limit(limit).all();
  return { tickets: rows, total: waitingCount(db) };
}

export function waitingCount(db: Db): number {
  return db.select({ n: count() }).from(tickets).where(eq(tickets.state, 'waiting')).get()?.n ?? 0;
}

/** The waiting ticket at a place in line (1-based), if any. */
export function ticketAtPlace(db: Db, place: number): TicketView | undefined {
  return selectViews(db).where(eq(tickets.state, 'waiting')).orderBy(asc(tickets.id)).limit(1).offset(place - 1).get();
}

/**
 * Place in line, counting from 1. Arrival order is id order (ids are given out in commit order,
 * unlike clock times, which can step back). Away visitors ahead still count: they keep their place.
 */
export function placeInLine(db: Db, ticket: { id: number }): number {
  const ahead = db.select({ n: count() }).from(tickets)
    .where(and(eq(tickets.state, 'waiting'), lt(tickets.id, ticket.id))).get()?.n ?? 0;
  return ahead + 1;
}

/** Places are pushed live to the first this-many waiting visitors; those further back see theirs on reload. */
export const LIVE_PLACES_MAX = 50_000;

/** Every waiting ticket's place, computed once per line change and shared by all visitor pages. */
export function placesInLine(db: Db): Map<number, number> {
  const ids = db.select({ id: tickets.id }).from(tickets).where(eq(tickets.state, 'waiting'))
    .orderBy(asc(tickets.id)).limit(LIVE_PLACES_MAX).all();
  return new Map(ids.map((row, index) => [row.id, index + 1]));
}

/** The tickets a supporter has open as tabs, oldest claim first. */
export function tabsOf(db: Db, supporterId: number): TicketView[] {
  return selectViews(db).where(and(eq(tickets.supporterId, supporterId), eq(tickets.state, 'claimed')))
    .orderBy(asc(tickets.claimedAt), asc(tickets.id)).limit(200).all();
}

