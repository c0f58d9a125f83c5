import type { Deps } from '../lib/deps.ts';
import { Text } from '../i18n/index.ts';
import { NotFound } from '../lib/errors.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { sql, type Db } from '../lib/sql.ts';
import { checkEmail, cleanLine, cleanText, requireText, throwIfInvalid } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import type { VisitorContext } from '../visitor/context.ts';
import { checkHeaderFields } from '../mail/addresses.ts';
import { groupForNewTicket } from '../groups/routing.ts';
import { chosenTopic } from '../groups/topics.ts';
import { readingOrder } from '../language/spoken.ts';

export const LIMITS = { name: 80, email: 254, problem: 2000 } as const;

// visitor_seen_at starts at the opening: a visitor whose page never opens is gone from then (see abandon.ts).
const insertTicket = sql<{ id: number }>(`INSERT INTO tickets (token_hash, visitor_name, visitor_email, problem, created_at, offline, state,
    closed_at, visitor_key, visitor_ip, visitor_agent, visitor_language, visitor_timezone, visitor_screen, came_from, current_page, visitor_seen_at, group_id, topic_id, visitor_languages)
  VALUES (@tokenHash, @name, @email, @problem, @now, @offline, @state, @closedAt, @key, @ip, @agent, @language, @timezone, @screen,
    @cameFrom, @currentPage, @now, @groupId, @topicId, @languages) RETURNING id`);
// A ticket's place in its line is its arrival: its id (see tickets.line_key).
const keyByArrival = sql('UPDATE tickets SET line_key = id WHERE id = ?');
const rememberVisitor = sql('INSERT INTO visitors (key, first_seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
const insertProblem = sql("INSERT INTO messages (ticket_id, author, is_problem, body, created_at) VALUES (?, 'visitor', 1, ?, ?)");

/** A ticket as pages show it, with its supporter's name. */
export interface TicketView {
  id: number;
  visitorName: string;
  visitorEmail: string | null;
  problem: string;
  state: 'waiting' | 'claimed' | 'closed' | 'abandoned';
  away: boolean;
  /** What the visitor left for the supporter when stepping away, or null. */
  awayMessage: string | null;
  supporterId: number | null;
  supporterName: string | null;
  /** Changes with each photo of the holder's (see src/supporters/photos.ts); null: none, initials instead. */
  supporterPhotoVersion: number | null;
  createdAt: number;
  claimedAt: number | null;
  closedAt: number | null;
  resolution: string | null;
  visitorOnline: boolean;
  /** When a page of the visitor's was last open (now, while one is). */
  visitorSeenAt: number | null;
  abandonedAt: number | null;
  /** The browser's language tag and IANA time zone, as the intake recorded them (cleaned). */
  visitorLanguage: string | null;
  /** The languages the visitor reads, most preferred first ("ru en"; see language/spoken.ts). */
  visitorLanguages: string;
  visitorTimezone: string | null;
  /** A message left through the offline form (answered by e-mail). */
  offline: boolean;
  /** The visitor's rating (1-5) and comment, a "No thanks", and when the supporter asked for one. */
  rating: number | null;
  ratingComment: string | null;
  ratingDeclined: boolean;
  ratingAskedAt: number | null;
  /** The meeting room the ticket was escalated to, if any. */
  meetingUrl: string | null;
  escalatedAt: number | null;
  /** Colleagues invited into the chat beside the holder, by name ("Bob, Carol"), or null. */
  helperNames: string | null;
  /** The group whose line it waits (or waited) in, and its order there (see tickets.line_key). */
  groupId: number | null;
  lineKey: number;
  /** What the visitor said it is about (see src/groups/topics.ts), if they were asked. */
  topicId: number | null;
  /** The overflow group (second wave) that sees it too, once nobody in its group took it (src/offers/). */
  waveGroupId: number | null;
  /** The service norm running (claim, first_reply, reply) and its deadline, shown on the desk (src/sla/). */
  slaNorm: string | null;
  slaDeadline: number | null;
}

/** Which groups' lines a reader sees: these groups' ids, or null for every line. */
export type LineScope = readonly number[] | null;

/**
 * A visitor joins the line. Returns the new ticket and the secret token that addresses it;
 * only the token's hash is stored. `visitor` (already cleaned, see visitor/context.ts) records
 * the browser's hints with the ticket and remembers when that visitor key was first seen.
 *
 * @example
 * const { token } = openTicket(deps, { name: 'Vera', email: '', problem: 'The invoice total is wrong' });
 */
export function openTicket(deps: Deps, input: { name?: unknown; email?: unknown; problem?: unknown; topic?: unknown }, visitor?: VisitorContext,
  options: { offline?: boolean; groupId?: number | null; extra?: (tx: Db, ticketId: number, now: number) => void } = {}) {
  const fields: Record<string, string | Text> = {};
  const name = cleanLine(input.name);
  const email = cleanLine(input.email);
  const problem = cleanText(input.problem);
  requireText(fields, 'name', new Text('field.name'), name, LIMITS.name);
  // A message left while nobody can chat is answered by e-mail, so the address is needed then.
  checkEmail(fields, 'email', email, options.offline === true);
  if (options.offline && !email) fields.email = new Text('input.emailForAnswer');
  checkHeaderFields(fields, input); // raw values: a CR/LF or a quoted address must not pose as a mail header
  requireText(fields, 'problem', new Text('field.problem'), problem, LIMITS.problem);
  throwIfInvalid(fields);
  // What it is about, if the visitor was asked: its topic leads to a group's line.
  const topic = chosenTopic(deps.db, input.topic);

  const token = randomToken();
  const now = deps.clock.now();
  const ticket = commit(deps, (tx, emit) => {
    const row = insertTicket.get(tx, {
      tokenHash: hashToken(token), name, email: email || null, problem, now,
      // An offline message never waits in the live line: it is a transcript for the team to answer by e-mail.
      offline: options.offline ? 1 : 0, state: options.offline ? 'closed' : 'waiting', closedAt: options.offline ? now : null,
      key: visitor?.key ?? null, ip: visitor?.ip ?? null, agent: visitor?.agent ?? null, language: visitor?.language ?? null,
      timezone: visitor?.timezone ?? null, screen: visitor?.screen ?? null, cameFrom: visitor?.cameFrom ?? null, currentPage: visitor?.currentPage ?? null,
      groupId: groupForNewTicket(tx, now, options.groupId ?? topic?.groupId).id, topicId: topic?.id ?? null,
      languages: readingOrder(visitor?.language ?? null, visitor?.acceptLanguage ?? undefined),
    })!;
    keyByArrival.run(tx, row.id);
    if (visitor) rememberVisitor.run(tx, visitor.key, now);
    insertProblem.run(tx, row.id, problem, now);
    if (!options.offline) emit({ topic: 'line', type: 'ticket.joined', ticketId: row.id });
    options.extra?.(tx, row.id, now);
    return row;
  });
  return { ticketId: ticket.id, token };
}

const VIEW_SQL = `
  SELECT t.id, t.visitor_name AS visitorName, t.visitor_email AS visitorEmail, t.problem, t.state, t.away, t.away_message AS awayMessage,
         t.supporter_id AS supporterId, s.name AS supporterName, s.photo_version AS supporterPhotoVersion, t.created_at AS createdAt, t.claimed_at AS claimedAt,
         t.closed_at AS closedAt, t.resolution, t.visitor_online AS visitorOnline, t.visitor_seen_at AS visitorSeenAt, t.abandoned_at AS abandonedAt, t.visitor_language AS visitorLanguage, t.visitor_languages AS visitorLanguages, t.visitor_timezone AS visitorTimezone, t.offline, t.rating, t.rating_comment AS ratingComment,
         t.rating_declined AS ratingDeclined, t.rating_asked_at AS ratingAskedAt, t.meeting_url AS meetingUrl, t.escalated_at AS escalatedAt,
         t.group_id AS groupId, t.line_key AS lineKey, t.topic_id AS topicId, t.wave_group_id AS waveGroupId, t.sla_norm AS slaNorm, t.sla_deadline AS slaDeadline,
         (SELECT group_concat(hs.name, ', ') FROM ticket_helpers h JOIN supporters hs ON hs.id = h.supporter_id WHERE h.ticket_id = t.id) AS helperNames
  FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id`;

const ticketWithId = sql<ViewRow>(`${VIEW_SQL} WHERE t.id = +?`);
const ticketWithToken = sql<ViewRow>(`${VIEW_SQL} WHERE t.token_hash = +?`);
const ticketLink = sql<{ ticketId: number; createdAt: number }>('SELECT ticket_id AS ticketId, created_at AS createdAt FROM ticket_links WHERE token_hash = ?');
const insertTicketLink = sql('INSERT INTO ticket_links (token_hash, ticket_id, created_at) VALUES (?, ?, ?)');
// Each line query comes twice: over every line (supervisors), and over some groups' lines, given
// as a JSON array of group ids (a supporter's desk, a visitor's own group), bound twice: a group's
// line holds its own tickets and those its second wave sees too (wave_group_id, src/offers/).
const inScopeOf = (table: string) => `(${table}group_id IN (SELECT value FROM json_each(+?)) OR ${table}wave_group_id IN (SELECT value FROM json_each(+?)))`;
const IN_SCOPE = inScopeOf('');
const IN_SCOPE_T = inScopeOf('t.');
const firstWaiting = sql<ViewRow>(`${VIEW_SQL} WHERE t.state = 'waiting' ORDER BY t.line_key LIMIT +?`);
const firstWaitingIn = sql<ViewRow>(`${VIEW_SQL} WHERE t.state = 'waiting' AND ${IN_SCOPE_T} ORDER BY t.line_key LIMIT +?`);
const countWaiting = sql("SELECT count(*) FROM tickets WHERE state = 'waiting'");
const countWaitingIn = sql(`SELECT count(*) FROM tickets WHERE state = 'waiting' AND ${IN_SCOPE}`);
const waitingAtOffset = sql<ViewRow>(`${VIEW_SQL} WHERE t.state = 'waiting' ORDER BY t.line_key LIMIT 1 OFFSET +?`);
const waitingAtOffsetIn = sql<ViewRow>(`${VIEW_SQL} WHERE t.state = 'waiting' AND ${IN_SCOPE_T} ORDER BY t.line_key LIMIT 1 OFFSET +?`);
const waitingAhead = sql("SELECT count(*) FROM tickets WHERE state = 'waiting' AND line_key < ?");
const waitingAheadIn = sql(`SELECT count(*) FROM tickets WHERE state = 'waiting' AND line_key < ? AND ${IN_SCOPE}`);
const SHOWN_SQL = "SELECT id FROM tickets WHERE id IN (SELECT value FROM json_each(+?)) AND state = 'waiting' AND line_key <= +?";
const shownOf = sql(`${SHOWN_SQL} ORDER BY line_key`);
const shownOfIn = sql(`${SHOWN_SQL} AND ${IN_SCOPE} ORDER BY line_key`);
const waitingByLine = sql<{ id: number; groupId: number | null }>("SELECT id, group_id AS groupId FROM tickets WHERE state = 'waiting' ORDER BY line_key LIMIT +?");
const tabsOfSupporter = sql<ViewRow>(`${VIEW_SQL} WHERE t.state = 'claimed'
    AND (t.supporter_id = +? OR t.id IN (SELECT ticket_id FROM ticket_helpers WHERE supporter_id = +?)) ORDER BY t.claimed_at, t.id LIMIT 200`);
const waitingOfSameVisitor = sql<{ id: number }>(`SELECT o.id FROM tickets t JOIN tickets o ON o.visitor_key = t.visitor_key
  WHERE t.id = +? AND o.state = 'waiting' ORDER BY o.line_key LIMIT +?`);
const MORE_SQL = `SELECT t.id, (SELECT count(*) FROM tickets o WHERE o.visitor_key = t.visitor_key AND o.state = 'waiting') - 1 AS more
  FROM tickets t WHERE t.state = 'waiting' AND t.visitor_key IS NOT NULL`;
const moreOfSameVisitor = sql<{ id: number; more: number }>(`${MORE_SQL} ORDER BY t.line_key LIMIT +?`);
const moreOfSameVisitorIn = sql<{ id: number; more: number }>(`${MORE_SQL} AND ${IN_SCOPE_T} ORDER BY t.line_key LIMIT +?`);
const claimed = sql<ViewRow>(`${VIEW_SQL} WHERE t.state = 'claimed' ORDER BY t.claimed_at, t.id LIMIT +?`);

type ViewRow = Omit<TicketView, 'away' | 'visitorOnline' | 'offline' | 'ratingDeclined'> & { away: number; visitorOnline: number; offline: number; ratingDeclined: number };
const fromRow = (row: ViewRow | undefined): TicketView | undefined => row && {
  ...row, away: Boolean(row.away), visitorOnline: Boolean(row.visitorOnline), offline: Boolean(row.offline), ratingDeclined: Boolean(row.ratingDeclined),
};

/** One ticket as pages show it. Runs for nearly every request and event, so it skips the query builder. */
export function ticketView(db: Db, id: number): TicketView | undefined {
  return fromRow(ticketWithId.get(db, id));
}

/** How long a key sent by mail opens its ticket: a mailbox is read for years, and forwarded. */
export const TICKET_LINK_DAYS = 30;

/**
 * The ticket behind a visitor token (or a key sent by mail, for TICKET_LINK_DAYS); a wrong or
 * forged token is simply not found, an expired mail key says so.
 */
export function ticketByToken(deps: Deps, token: string | undefined): TicketView {
  if (!token || token.length > 100) throw new NotFound(new Text('ticket.notFound'));
  const hash = hashToken(token);
  const own = fromRow(ticketWithToken.get(deps.db, hash));
  if (own) return own;
  const link = ticketLink.get(deps.db, hash);
  if (link && link.createdAt <= deps.clock.now() - TICKET_LINK_DAYS * 24 * 3600_000) throw new NotFound(new Text('ticket.linkExpired', { days: TICKET_LINK_DAYS }));
  const view = link && ticketView(deps.db, link.ticketId);
  if (!view) throw new NotFound(new Text('ticket.notFound'));
  return view;
}

/**
 * A new key to a ticket's page for a link in a mail (inside the caller's change); returns the key.
 * Only its hash is stored.
 */
export function newTicketLink(tx: Db, ticketId: number, now: number): string {
  const token = randomToken();
  insertTicketLink.run(tx, hashToken(token), ticketId, now);
  return token;
}

export function ticketById(db: Db, id: number | null): TicketView {
  const view = id === null ? undefined : ticketView(db, id);
  if (!view) throw new NotFound(new Text('desk.noSuchTicket'));
  return view;
}

/** The desk shows this many waiting tickets; the rest are counted. */
export const LINE_SHOWN = 500;

/**
 * The first `limit` waiting tickets in arrival order, how many wait in all, and for each shown
 * ticket how many more of the same visitor's requests wait ("and 1 more from Vera").
 */
export function listLine(db: Db, scope: LineScope = null, limit = LINE_SHOWN): { tickets: TicketView[]; total: number; more: Map<number, number> } {
  const rows = scope ? firstWaitingIn.all(db, ...bound(scope), limit) : firstWaiting.all(db, limit);
  const sameVisitor = scope ? moreOfSameVisitorIn.all(db, ...bound(scope), limit) : moreOfSameVisitor.all(db, limit);
  const more = new Map(sameVisitor.filter((r) => r.more > 0).map((r) => [r.id, r.more]));
  return { tickets: rows.map((row) => fromRow(row)!), total: waitingCount(db, scope), more };
}

/**
 * Which of these tickets the first `shown` places of the scope's lines hold (many ids at once:
 * a restart reconnects every visitor, and most of them wait further back).
 */
export function shownAmong(db: Db, ids: readonly number[], scope: LineScope, shown = LINE_SHOWN): number[] {
  const last = ticketAtPlace(db, shown, scope)?.lineKey ?? Number.MAX_SAFE_INTEGER;
  return (scope ? shownOfIn.values(db, JSON.stringify(ids), last, ...bound(scope)) : shownOf.values(db, JSON.stringify(ids), last)) as number[];
}

/** A scope as the line queries take it: its groups' ids as JSON, twice (see IN_SCOPE). */
const bound = (scope: readonly number[]): [string, string] => {
  const json = JSON.stringify(scope);
  return [json, json];
};

/** Whether a reader with this scope sees the ticket's line (its group's, or as its second wave). */
export function inScope(scope: LineScope, ticket: { groupId: number | null; waveGroupId: number | null }): boolean {
  if (scope === null) return true;
  return (ticket.groupId !== null && scope.includes(ticket.groupId)) || (ticket.waveGroupId !== null && scope.includes(ticket.waveGroupId));
}

/** The waiting tickets of the visitor who opened this one (it among them), oldest first; a few at most. */
export function waitingOfVisitor(db: Db, ticketId: number): number[] {
  return waitingOfSameVisitor.values(db, ticketId, 10) as number[];
}

/** How many tickets wait in the lines of the scope (every line: null). */
export function waitingCount(db: Db, scope: LineScope = null): number {
  return (scope ? countWaitingIn.value(db, ...bound(scope)) : countWaiting.value(db)) as number;
}

/** The waiting ticket at a place (1-based) in the lines of the scope taken together, if any. */
export function ticketAtPlace(db: Db, place: number, scope: LineScope = null): TicketView | undefined {
  return fromRow(scope ? waitingAtOffsetIn.get(db, ...bound(scope), place - 1) : waitingAtOffset.get(db, place - 1));
}

/**
 * Place in line, counting from 1: in the ticket's own group's line, or in the lines of `scope`
 * taken together (a desk's). Arrival order is id order (ids are given out in commit order,
 * unlike clock times, which can step back), kept in line_key, which a hand-over "to the front"
 * lowers. Away visitors ahead still count: they keep their place.
 */
export function placeInLine(db: Db, ticket: { lineKey: number; groupId: number | null }, scope: LineScope = ticket.groupId === null ? null : [ticket.groupId]): number {
  return 1 + ((scope ? waitingAheadIn.value(db, ticket.lineKey, ...bound(scope)) : waitingAhead.value(db, ticket.lineKey)) as number);
}

/** Places are pushed live to the first this-many waiting visitors; those further back see theirs on reload. */
export const LIVE_PLACES_MAX = 50_000;

/**
 * Every waiting ticket's place in its group's line and how many wait there, computed once per
 * line change and shared by all visitor pages.
 */
export function placesInLine(db: Db): Map<number, { place: number; total: number }> {
  const lengths = new Map<number | null, number>();
  const places = new Map<number, { place: number; total: number }>();
  const rows = waitingByLine.all(db, LIVE_PLACES_MAX);
  for (const { id, groupId } of rows) {
    const place = (lengths.get(groupId) ?? 0) + 1;
    lengths.set(groupId, place);
    places.set(id, { place, total: 0 });
  }
  for (const { id, groupId } of rows) places.get(id)!.total = lengths.get(groupId)!;
  return places;
}

/** The tickets a supporter has open as tabs (held or invited into), oldest claim first. */
export function tabsOf(db: Db, supporterId: number): TicketView[] {
  const rows = tabsOfSupporter.all(db, supporterId, supporterId);
  return rows.map((row) => fromRow(row)!);
}

/** Chats in progress across the team, for supervisors, oldest claim first. */
export function claimedTickets(db: Db, limit = 200): TicketView[] {
  const rows = claimed.all(db, limit);
  return rows.map((row) => fromRow(row)!);
}
