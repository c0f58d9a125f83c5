import fs from 'node:fs/promises';
import path from 'node:path';
import { addMessage, MESSAGE_MAX, MESSAGES_PER_TICKET_MAX, messageCount } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, DomainError, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { randomToken } from '../lib/ids.ts';
import { cleanText } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { inChat } from '../handover/participants.ts';
import { commit } from '../realtime/events.ts';
import { FILE_MAX_BYTES, FILES_PER_TICKET_MAX, megabytes } from './limits.ts';
import { cleanFileName } from './names.ts';
import { sniffMime } from './sniff.ts';
import { Text } from '../i18n/index.ts';

/** Who sends a file: the ticket's visitor, or a supporter in the ticket (its holder or an invited colleague). */
export type FileSender = { kind: 'visitor' } | { kind: 'supporter'; supporterId: number };

export interface Upload {
  name: unknown;
  bytes: Uint8Array;
  caption?: unknown;
  nonce?: unknown;
}

/**
 * Sends a file into a conversation: a message (the caption, or the file's name) and its
 * attachment, in one commit. The bytes are on disk, under a random name, before the commit; if
 * the commit fails they are removed again. Returns the message's id.
 *
 * @example
 * await sendFile(deps, ticket.id, { kind: 'visitor' }, { name: 'screen.png', bytes })
 */
export async function sendFile(deps: Deps, ticketId: number, sender: FileSender, upload: Upload): Promise<number> {
  const { bytes } = upload;
  if (bytes.length === 0) throw new Invalid(new Text('files.emptyFile'));
  if (bytes.length > FILE_MAX_BYTES) throw new DomainError(413, new Text('files.bodyTooLarge', { size: megabytes(FILE_MAX_BYTES) }));
  const caption = cleanText(upload.caption);
  if ([...caption].length > MESSAGE_MAX) throw new Invalid(new Text('files.captionTooLong', { max: MESSAGE_MAX }));
  const nonce = typeof upload.nonce === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(upload.nonce) ? upload.nonce : null;
  const name = cleanFileName(upload.name);
  const mime = await sniffMime(bytes);
  // Checked before the bytes are written, and again inside the commit (things may change meanwhile).
  checkSender(deps.db, ticketId, sender);
  const held = filesOfTicket.get(deps.db, ticketId) as { n: number };
  if (held.n >= FILES_PER_TICKET_MAX) throw new Conflict(new Text('files.tooMany', { max: FILES_PER_TICKET_MAX }));

  const storedName = randomToken();
  const file = path.join(deps.config.filesDir, storedName);
  await writeDurably(deps.config.filesDir, file, bytes);
  let result: { id: number; stored: boolean };
  try {
    result = commit(deps, (tx, emit) => {
      const ticket = checkSender(tx, ticketId, sender);
      if (nonce) {
        // The same upload sent again (a retry after a lost answer): it is stored once.
        const earlier = messageWithNonce.get(tx, ticketId, nonce);
        if (earlier) return { id: earlier.id, stored: false };
      }
      const files = filesOfTicket.get(tx, ticketId) as { n: number };
      if (files.n >= FILES_PER_TICKET_MAX) throw new Conflict(new Text('files.tooMany', { max: FILES_PER_TICKET_MAX }));
      if (messageCount(tx, ticketId) >= MESSAGES_PER_TICKET_MAX) throw new Conflict(new Text('ticket.tooLong'));
      const at = deps.clock.now();
      const messageId = addMessage(tx, emit, {
        ticketId, assignee: ticket.supporterId, author: sender.kind, supporterId: sender.kind === 'supporter' ? sender.supporterId : null,
        body: caption || name, nonce, at,
      });
      insertAttachment.run(tx, ticketId, messageId, storedName, name, mime, bytes.length, at);
      return { id: messageId, stored: true };
    });
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
  if (!result.stored) await fs.rm(file, { force: true });
  return result.id;
}

/** The rules for writing in a ticket, as for messages: open, and (for supporters) held by them or shared with them. */
function checkSender(db: Db, ticketId: number, sender: FileSender): { state: string; supporterId: number | null } {
  const ticket = ticketState.get(db, ticketId);
  if (!ticket) throw new NotFound(new Text('files.noSuchTicket'));
  if (ticket.state === 'closed' || ticket.state === 'abandoned') throw new Conflict(new Text('files.ticketClosed'));
  if (sender.kind === 'supporter' && !inChat(db, { id: ticketId, ...ticket }, sender.supporterId)) {
    throw new Forbidden(new Text('files.onlySupporters'));
  }
  return ticket;
}

/** Writes the bytes and makes them (and their name in the folder) durable before anything refers to them. */
async function writeDurably(dir: string, file: string, bytes: Uint8Array): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(file, { force: true });
    throw error;
  }
  await handle.close();
  const folder = await fs.open(dir, 'r');
  try { await folder.sync(); } finally { await folder.close(); }
}

/** A stored file and where its bytes are. */
export interface StoredFile {
  id: number;
  ticketId: number;
  name: string;
  mime: string;
  size: number;
  path: string;
}

type FileRow = { id: number; ticketId: number; name: string; mime: string; size: number; storedName: string };
const FILE_SQL = `SELECT a.id, a.ticket_id AS ticketId, a.original_name AS name, a.mime, a.size, a.stored_name AS storedName
  FROM attachments a JOIN messages m ON m.id = a.message_id`;

const filesOfTicket = sql('SELECT count(*) AS n FROM attachments WHERE ticket_id = ?');
const messageWithNonce = sql<{ id: number }>('SELECT id FROM messages WHERE ticket_id = ? AND client_nonce = ?');
const insertAttachment = sql(`INSERT INTO attachments (ticket_id, message_id, stored_name, original_name, mime, size, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`);
const ticketState = sql<{ state: string; supporterId: number | null }>('SELECT state, supporter_id AS supporterId FROM tickets WHERE id = ?');
const visitorFileRow = sql<FileRow>(`${FILE_SQL} WHERE a.id = +? AND a.ticket_id = +? AND m.author != 'note'`);
const fileRow = sql<FileRow>(`${FILE_SQL} WHERE a.id = +?`);

/**
 * A file of one ticket, as its visitor may fetch it: only files sent in that ticket, never one
 * attached to a private note. Anything else is simply not found.
 */
export function visitorFile(deps: Deps, ticketId: number, id: number | null): StoredFile {
  const row = id === null ? undefined
    : visitorFileRow.get(deps.db, id, ticketId);
  return stored(deps, row);
}

/** Any file, for a signed-in supporter (like transcripts, every conversation is open to the team). */
export function supporterFile(deps: Deps, id: number | null): StoredFile {
  const row = id === null ? undefined : fileRow.get(deps.db, id);
  return stored(deps, row);
}

function stored(deps: Deps, row: FileRow | undefined): StoredFile {
  if (!row) throw new NotFound(new Text('files.noSuchFile'));
  const { storedName, ...file } = row;
  return { ...file, path: path.join(deps.config.filesDir, storedName) };
}
