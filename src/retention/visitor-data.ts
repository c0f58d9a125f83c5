import fs from 'node:fs/promises';
import path from 'node:path';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid, NotFound } from '../lib/errors.ts';
import { checkEmail, cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { PURGE_BATCH, removeTickets } from './purge.ts';

/*
 * One visitor's data on request: found by the e-mail address they gave or by their browser's
 * visitor key, exported as one JSON document, or erased completely (as retention erases).
 */

/** Tickets one request may cover; a visitor with more is an automated client, handled by an operator. */
const MAX_TICKETS = 5000;
/** File bytes put into an export at most; past that, files are listed without their content. */
const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** By the address they gave, or by their browser: its visitor key, or found through one of their conversations' numbers. */
export interface VisitorQuery { email?: string; key?: string; ticketId?: number }

const byEmail = sql<{ id: number; state: string }>(`SELECT id, state FROM tickets WHERE visitor_email IS NOT NULL AND lower(visitor_email) = lower(+?) ORDER BY id LIMIT ${MAX_TICKETS}`);
const byKey = sql<{ id: number; state: string }>(`SELECT id, state FROM tickets WHERE visitor_key = +? ORDER BY id LIMIT ${MAX_TICKETS}`);

/**
 * Reads and checks what the admin typed: an e-mail address, or (in `key`) a visitor key or the
 * number of one of the visitor's conversations (#123), which stands for every conversation from
 * that browser. The key itself is never shown to supporters: it identifies a browser.
 */
export function visitorQueryOf(form: Record<string, string>): VisitorQuery {
  const email = cleanLine(form.email);
  const key = cleanLine(form.key);
  const fields: Record<string, Text> = {};
  if (!email && !key) throw new Invalid(new Text('admin.retention.emailOrKey'), { email: new Text('admin.retention.emailOrKey') });
  if (email) checkEmail(fields, 'email', email, true);
  const ticket = /^#?([1-9][0-9]{0,14})$/.exec(key);
  if (key && !ticket && !/^[A-Za-z0-9_-]{16,128}$/.test(key)) fields.key = new Text('admin.retention.badKey');
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  return email ? { email } : ticket ? { ticketId: Number(ticket[1]) } : { key };
}

const browserOf = sql<{ id: number; state: string; key: string | null }>('SELECT id, state, visitor_key AS key FROM tickets WHERE id = ?');

/** The visitor's tickets (ids and states), oldest first. */
export function visitorTickets(db: Db, q: VisitorQuery): Array<{ id: number; state: string }> {
  if (q.email) return byEmail.all(db, q.email);
  if (q.key) return byKey.all(db, q.key);
  const ticket = browserOf.get(db, q.ticketId);
  if (!ticket) return [];
  return ticket.key ? byKey.all(db, ticket.key) : [{ id: ticket.id, state: ticket.state }];
}

const ticketData = sql<Record<string, unknown>>(`SELECT id, state, created_at AS createdAt, closed_at AS closedAt, visitor_name AS name,
    visitor_email AS email, problem, visitor_language AS language, visitor_languages AS languages, visitor_timezone AS timezone,
    visitor_screen AS screen, visitor_agent AS browser, visitor_ip AS address, came_from AS cameFrom, current_page AS page,
    comment, custom_fields AS customFields, rating, rating_comment AS ratingComment, visitor_key AS visitorKey
  FROM tickets WHERE id = ?`);
/** What the visitor said and was told (supporters' private notes are the team's, not the visitor's). */
const said = sql<{ at: number; author: string; name: string | null; body: string }>(`SELECT m.created_at AS at, m.author, s.name, m.body
  FROM messages m LEFT JOIN supporters s ON s.id = m.supporter_id WHERE m.ticket_id = +? AND m.author IN ('visitor', 'supporter', 'system') ORDER BY m.id LIMIT 100000`);
const filesOf = sql<{ name: string; mime: string; size: number; storedName: string; at: number }>(`SELECT original_name AS name, mime, size,
    stored_name AS storedName, created_at AS at FROM attachments WHERE ticket_id = +? ORDER BY id LIMIT 10000`);
const visitorRow = sql<{ key: string; firstSeenAt: number }>('SELECT key, first_seen_at AS firstSeenAt FROM visitors WHERE key = ?');

/** Everything Lineup keeps about the visitor, as one JSON-ready object (file contents base64, up to a limit). */
export async function exportVisitor(deps: Deps, q: VisitorQuery): Promise<Record<string, unknown>> {
  const tickets = visitorTickets(deps.db, q);
  if (!tickets.length) throw new NotFound(new Text('admin.retention.nothingFound'));
  let budget = MAX_FILE_BYTES;
  const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
  const out = [];
  const keys = new Set<string>();
  for (const { id } of tickets) {
    const t = ticketData.get(deps.db, id)!;
    if (typeof t.visitorKey === 'string') keys.add(t.visitorKey);
    const files = [];
    for (const f of filesOf.all(deps.db, id)) {
      const fits = f.size <= budget;
      const content = fits ? await fs.readFile(path.join(deps.config.filesDir, f.storedName)).then((b) => b.toString('base64'), () => null) : null;
      if (content !== null) budget -= f.size;
      files.push({ name: f.name, type: f.mime, size: f.size, at: iso(f.at), contentBase64: content });
    }
    out.push({
      ...t, visitorKey: undefined, createdAt: iso(t.createdAt), closedAt: iso(t.closedAt), customFields: JSON.parse(String(t.customFields || '{}')),
      messages: said.all(deps.db, id).map((m) => ({ at: iso(m.at), from: m.author === 'supporter' ? m.name : m.author, text: m.body })), files,
    });
  }
  return {
    exportedAt: new Date(deps.clock.now()).toISOString(), request: q,
    browsers: [...keys].map((key) => visitorRow.get(deps.db, key)).filter(Boolean).map((v) => ({ visitorKey: v!.key, firstSeenAt: iso(v!.firstSeenAt) })),
    conversations: out,
  };
}

const forgetBrowser = sql('DELETE FROM visitors WHERE key = ?');
const keysOf = sql<{ key: string }>('SELECT DISTINCT visitor_key AS key FROM tickets WHERE id = ? AND visitor_key IS NOT NULL');

/**
 * Erases the visitor's conversations and their browser's record completely. Refused while one of
 * their conversations is still open (waiting or held): it ends first, then it can go.
 */
export async function eraseVisitor(deps: Deps, q: VisitorQuery): Promise<number> {
  const tickets = visitorTickets(deps.db, q);
  if (!tickets.length) throw new NotFound(new Text('admin.retention.nothingFound'));
  if (tickets.some((t) => t.state === 'waiting' || t.state === 'claimed')) throw new Conflict(new Text('admin.retention.stillOpen'));
  const keys = new Set<string>(q.key ? [q.key] : []);
  for (const t of tickets) for (const k of keysOf.all(deps.db, t.id)) keys.add(k.key);
  let removed = 0;
  for (let i = 0; i < tickets.length; i += PURGE_BATCH) removed += await removeTickets(deps, tickets.slice(i, i + PURGE_BATCH).map((t) => t.id));
  for (const key of keys) forgetBrowser.run(deps.db, key);
  return removed;
}
