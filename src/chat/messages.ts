import { sql, type Db } from '../lib/sql.ts';
import { say, Text } from '../i18n/index.ts';
import { storeText } from './system-lines.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { commitTogether } from '../realtime/group-commit.ts';
import type { Author } from './schema.ts';
import { helpersOf, inChat } from '../handover/participants.ts';
import { MESSAGE_FILES_SQL, parseAttachments, type AttachmentView } from '../files/view.ts';

export const MESSAGE_MAX = 4000;
/** A ticket holds at most this many messages; past it the conversation should be a new ticket. */
export const MESSAGES_PER_TICKET_MAX = 5000;

export interface MessageView {
  id: number;
  ticketId: number;
  author: Author;
  authorName: string;
  isProblem: boolean;
  body: string;
  /** For a line Lineup wrote: its key and values (see system-lines.ts). */
  systemText: string | null;
  createdAt: number;
  /** Files sent with this message (see src/files/). */
  attachments: AttachmentView[];
}

type Row = { id: number; ticketId: number; author: Author; supporterName: string | null; visitorName: string; isProblem: number; body: string; systemText: string | null; createdAt: number; files: string | null };

const VIEW_SQL = `
  SELECT m.id, m.ticket_id AS ticketId, m.author, s.name AS supporterName, t.visitor_name AS visitorName,
         m.is_problem AS isProblem, m.body, m.system_text AS systemText, m.created_at AS createdAt, ${MESSAGE_FILES_SQL} AS files
  FROM messages m JOIN tickets t ON t.id = m.ticket_id LEFT JOIN supporters s ON s.id = m.supporter_id`;

const conversation = sql<Row>(`${VIEW_SQL} WHERE m.ticket_id = +? AND m.id <= +? AND (? OR m.author != 'note') ORDER BY m.id DESC LIMIT +?`);
const countOfMessages = sql('SELECT count(*) AS n FROM messages WHERE ticket_id = ?');
const messageWithId = sql<Row>(`${VIEW_SQL} WHERE m.id = +?`);
const ticketState = sql<{ state: string; supporterId: number | null }>('SELECT state, supporter_id AS supporterId FROM tickets WHERE id = ?');
const messageWithNonce = sql<{ id: number }>('SELECT id FROM messages WHERE ticket_id = ? AND client_nonce = ?');
const insertMessageRow = sql(`INSERT INTO messages (ticket_id, author, supporter_id, body, system_text, client_nonce, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`);
const lastMessage = sql('SELECT coalesce(max(id), 0) AS id FROM messages WHERE ticket_id = +?');

function toView(row: Row): MessageView {
  // Supporters are never deleted (messages refer to them), so a supporter's name is always there.
  // A note without a supporter is a line Lineup wrote for supporters (addStaffLine).
  const authorName = row.author === 'visitor' ? row.visitorName : row.author === 'system' ? 'Lineup' : (row.supporterName ?? 'Lineup');
  return { id: row.id, ticketId: row.ticketId, author: row.author, authorName, isProblem: Boolean(row.isProblem), body: row.body, systemText: row.systemText, createdAt: row.createdAt,
    attachments: parseAttachments(row.files) };
}

/**
 * A ticket's conversation in order (its newest messages, when it is longer than a ticket may
 * grow through people's messages); `upTo` cuts it at a message id (what a page had at an event).
 * Private notes are left out unless a supporter's page asks for them.
 */
export function listMessages(db: Db, ticketId: number, options: { upTo?: number; withNotes?: boolean } = {}): MessageView[] {
  const rows = conversation.all(db, ticketId, options.upTo ?? Number.MAX_SAFE_INTEGER, options.withNotes ? 1 : 0, MESSAGES_PER_TICKET_MAX);
  return rows.reverse().map(toView);
}

/** How many messages a ticket holds. */
export function messageCount(db: Db, ticketId: number): number {
  return (countOfMessages.get(db, ticketId) as { n: number }).n;
}

/** One message as pages show it (rendered once per message for every page that shows it). */
export function messageView(db: Db, id: number): MessageView | undefined {
  const row = messageWithId.get(db, id);
  return row && toView(row);
}

/** Who writes: the visitor, or a supporter (a private note when `note` is set: supporters only see it). */
export type Sender = { kind: 'visitor' } | { kind: 'supporter'; supporterId: number; note?: boolean };

/**
 * Stores a message and returns once it is committed to disk; only then is it pushed to the pages
 * of the ticket. A visitor may write while waiting; a supporter only in a ticket they hold.
 */
export function postMessage(deps: Deps, ticketId: number, sender: Sender, rawBody: unknown, rawNonce?: unknown): MessageView {
  const id = commit(deps, messageChange(deps, ticketId, sender, rawBody, rawNonce));
  return messageView(deps.db, id)!;
}

/**
 * The same, sharing one transaction and one disk sync with the other messages of this turn of
 * the event loop: what the routes use, so hundreds of messages a second cost a few syncs.
 */
export async function postMessageTogether(deps: Deps, ticketId: number, sender: Sender, rawBody: unknown, rawNonce?: unknown): Promise<number> {
  return commitTogether(deps, messageChange(deps, ticketId, sender, rawBody, rawNonce));
}

/** Checks a message (throwing before any write) and returns the change that stores it. */
function messageChange(deps: Deps, ticketId: number, sender: Sender, rawBody: unknown, rawNonce: unknown) {
  const nonce = typeof rawNonce === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(rawNonce) ? rawNonce : null;
  const body = cleanText(rawBody);
  if (!body) throw new Invalid(new Text('message.empty'), { body: new Text('message.empty') });
  if ([...body].length > MESSAGE_MAX) {
    throw new Invalid(new Text('message.tooLong', { max: MESSAGE_MAX }), { body: new Text('message.tooLong', { max: MESSAGE_MAX }) });
  }
  // Every message takes this path: its statements are compiled once, not built per call.
  return (tx: Db, emit: Emit): number => {
    const ticket = ticketState.get(deps.db, ticketId);
    if (!ticket) throw new NotFound(new Text('desk.noSuchTicket'));
    if (ticket.state === 'closed' || ticket.state === 'abandoned') throw new Conflict(new Text('ticket.closedForMessages'));
    if (sender.kind === 'supporter' && !inChat(tx, { id: ticketId, ...ticket }, sender.supporterId)) {
      throw new Forbidden(new Text('desk.onlyInTicket'));
    }
    if (nonce) {
      // The same form sent again (a retry after a lost answer): it is already stored, once.
      const earlier = messageWithNonce.get(deps.db, ticketId, nonce);
      if (earlier) return earlier.id;
    }
    if (messageCount(tx, ticketId) >= MESSAGES_PER_TICKET_MAX) throw new Conflict(new Text('ticket.tooLong'));
    return insertMessage(tx, emit, {
      ticketId, assignee: ticket.supporterId, author: sender.kind === 'supporter' && sender.note ? 'note' : sender.kind,
      supporterId: sender.kind === 'supporter' ? sender.supporterId : null, body, nonce, at: deps.clock.now(),
    });
  };
}

/**
 * Adds a line written by Lineup itself ("Ann joined the chat") inside a larger change. It is
 * stored in the ticket's language (the visitor's), as the visitor read it: transcripts and search
 * keep the words that were shown. A Text is also kept as its key and values, so a supporter reads
 * the line in their own language (system-lines.ts).
 */
export function addSystemMessage(tx: Db, emit: Emit, ticketId: number, assignee: number | null, body: string | Text, at: number): number {
  return insertMessage(tx, emit, {
    ticketId, assignee, author: 'system', supporterId: null, body: say(ticketLanguage(tx, ticketId), body), nonce: null, at,
    systemText: body instanceof Text ? storeText(body) : null,
  });
}

/**
 * Adds a line Lineup writes for supporters only (an offer and its answer) inside a larger change:
 * a private note without an author, stored like a system line so each reader gets their language.
 */
export function addStaffLine(tx: Db, emit: Emit, ticketId: number, assignee: number | null, body: Text, at: number): number {
  return insertMessage(tx, emit, { ticketId, assignee, author: 'note', supporterId: null, body: say('en', body), nonce: null, at, systemText: storeText(body) });
}

/** Adds a supporter's private note inside a larger change (a hand-over note, for instance). */
export function addNote(tx: Db, emit: Emit, ticketId: number, assignee: number | null, supporterId: number, body: string, at: number): number {
  return insertMessage(tx, emit, { ticketId, assignee, author: 'note', supporterId, body, nonce: null, at });
}

/**
 * Adds a message inside a larger change (for instance a file sent with a caption); routed like
 * any other message. Returns its id.
 */
export function addMessage(tx: Db, emit: Emit, m: NewMessage): number {
  return insertMessage(tx, emit, m);
}

export interface NewMessage { ticketId: number; assignee: number | null; author: Author; supporterId: number | null; body: string; nonce: string | null; at: number; systemText?: string | null }

function insertMessage(tx: Db, emit: Emit, m: NewMessage): number {
  const row = insertMessageRow.get(tx, m.ticketId, m.author, m.supporterId, m.body, m.systemText ?? null, m.nonce, m.at) as { id: number };
  // Routed to the ticket's visitor pages and to the desk of whoever holds the ticket now. A note
  // names its ticket only in its data, so no visitor page's route (by ticket id) ever matches it.
  if (m.author === 'note') emit({ topic: 'ticket', type: 'message.posted', supporterId: m.assignee, data: { messageId: row.id, ticketId: m.ticketId } });
  else emit({ topic: 'ticket', type: 'message.posted', ticketId: m.ticketId, supporterId: m.assignee, data: { messageId: row.id } });
  // Invited colleagues get their own copy, addressed to their desk alone.
  for (const helper of helpersOf(tx, m.ticketId)) {
    if (helper !== m.assignee) emit({ topic: 'ticket', type: 'message.posted', supporterId: helper, data: { messageId: row.id, ticketId: m.ticketId } });
  }
  return row.id;
}

export function lastMessageId(db: Db, ticketId: number): number {
  return (lastMessage.get(db, ticketId) as { id: number }).id;
}
