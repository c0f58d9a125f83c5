import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import { t, Text, type Key } from '../i18n/index.ts';
import { sql, type Db } from '../lib/sql.ts';
import { isPlainAddress, mailbox, type Mailbox } from './addresses.ts';
import type { MailTransport } from './transport.ts';
import { log } from '../lib/log.ts';

/** A mail to queue, fully rendered: the outbox never needs the change that caused it again. */
export interface NewMail {
  /**
   * 'account': a link to choose a password (its text is forgotten once sent: it holds a one-time key);
   * 'alert': service norms broken, to a supervisor (src/sla/alert-mail.ts); 'complaint': an answer to a visitor's complaint.
   */
  kind: 'transcript' | 'reply' | 'offline' | 'account' | 'alert' | 'complaint' | 'summary';
  ticketId: number | null;
  to: Mailbox;
  subject: string;
  text: string;
  html: string;
  now: number;
  /** When it may go out (default: at once). */
  sendAt?: number;
}

export interface OutboxRow {
  id: number;
  kind: string;
  ticketId: number | null;
  toAddress: string;
  toName: string;
  subject: string;
  text: string;
  html: string;
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** After the n-th failed attempt the next one waits BACKOFF_MINUTES[n-1]; after the last, the mail is failed. */
export const BACKOFF_MINUTES = [1, 5, 15, 60, 120, 240, 480] as const;
export const MAX_ATTEMPTS = BACKOFF_MINUTES.length + 1;
/** Mails sent per round: a long outbox drains over several rounds, never in one long burst. */
export const BATCH = 20;
/** A mail being sent is leased for this long, so a crash mid-send retries it and nobody sends it twice meanwhile. */
const LEASE_MS = 5 * 60_000;

// queueMail only has the transaction's connection: the sender running on it (if any) is found here.
const listeners = new WeakMap<Db, () => void>();

/** Lets a sender hear about freshly queued mail on this connection; returns how to stop listening. */
export function whenMailQueued(db: Db, kick: () => void): () => void {
  listeners.set(db, kick);
  return () => { if (listeners.get(db) === kick) listeners.delete(db); };
}

const kickSender = (db: Db) => listeners.get(db)?.();

const COLUMNS = `id, kind, ticket_id AS ticketId, to_address AS toAddress, to_name AS toName, subject, text, html, state,
  attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt, sent_at AS sentAt`;

const insertMail = sql(`INSERT INTO mail_outbox (kind, ticket_id, to_address, to_name, subject, text, html,
    state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING id`);
const dueMail = sql<OutboxRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= +?
    ORDER BY next_attempt_at, id LIMIT +?`);
const lease = sql(`UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND state = 'queued' AND next_attempt_at <= ?`);
const markSent = sql(`UPDATE mail_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?`);
// A sent account mail keeps who and when, not its one-time link: a copy of the database must not open an account.
const forgetLink = sql(`UPDATE mail_outbox SET text = '', html = '' WHERE id = ? AND kind = 'account'`);
const markAttempt = sql(`UPDATE mail_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`);
const ticketVisitor = sql<{ name: string; address: string | null }>('SELECT visitor_name AS name, visitor_email AS address FROM tickets WHERE id = ?');
const requeue = sql(`UPDATE mail_outbox SET state = 'queued', next_attempt_at = ? WHERE id = ? AND state != 'sent'`);
const mailWithId = sql<OutboxRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE id = +?`);
const newestMail = sql<OutboxRow>(`SELECT ${COLUMNS} FROM mail_outbox ORDER BY id DESC LIMIT +?`);
const mailOfTicketRows = sql<OutboxRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE ticket_id = +? ORDER BY id LIMIT 100`);

/**
 * Queues a mail inside the caller's transaction: it exists exactly when the change that caused it
 * was committed, and a failing mail server can never lose it. The sender picks it up within a second.
 *
 * @example
 * commit(deps, (tx) => { closeIt(tx); queueMail(tx, { kind: 'transcript', ticketId, to, subject, text, html, now }); });
 */
export function queueMail(tx: Db, mail: NewMail): number {
  const row = insertMail.get(tx, mail.kind, mail.ticketId, mail.to.address, mail.to.name, mail.subject, mail.text, mail.html, mail.sendAt ?? mail.now, mail.now) as { id: number };
  kickSender(tx);
  return row.id;
}

const rewrite = sql(`UPDATE mail_outbox SET subject = ?, text = ?, html = ? WHERE id = ? AND state = 'queued' AND attempts = 0 AND next_attempt_at > ?`);

/**
 * Rewrites a queued mail that has not been tried yet and is not due (a digest that grows until it
 * goes out); false when it is too late for that (being sent, or sent).
 */
export function rewriteQueuedMail(tx: Db, id: number, mail: Pick<NewMail, 'subject' | 'text' | 'html' | 'now'>): boolean {
  return rewrite.run(tx, mail.subject, mail.text, mail.html, id, mail.now).changes === 1;
}

/**
 * Runs a mail's making (reading, rendering, queueing) in a savepoint of the caller's change: if
 * it fails, only the mail is undone and the change itself (a close, a message) still commits.
 */
export function withoutRisk<T>(tx: Db, what: string, make: () => T): T | null {
  try {
    return tx.transaction(make)();
  } catch (error) {
    log.error({ err: error, mail: what }, 'could not queue a mail');
    return null;
  }
}

/**
 * Sends what is due (at most `BATCH`), one at a time. Each mail is leased before it is sent and
 * settled after: sent, or retried later with backoff and a short reason people can read.
 * Returns how many were sent and how many failed this round.
 */
export async function deliverDue(deps: Deps, transport: MailTransport, limit = BATCH): Promise<{ sent: number; failed: number }> {
  const now = deps.clock.now();
  const due = dueMail.all(deps.db, now, limit);
  let sent = 0;
  let failed = 0;
  for (const mail of due) {
    const leased = lease.run(deps.db, deps.clock.now() + LEASE_MS, mail.id, now).changes === 1;
    if (!leased) continue; // another round (or process) has it
    try {
      await transport.send({ ...mail, replyTo: replyToFor(deps, mail) });
      deps.db.transaction(() => {
        markSent.run(deps.db, deps.clock.now(), mail.id);
        forgetLink.run(deps.db, mail.id);
      })();
      sent++;
    } catch (error) {
      const reason = safeReason(error);
      const attempts = mail.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      const wait = BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length) - 1]! * 60_000;
      markAttempt.run(deps.db, giveUp ? 'failed' : 'queued', attempts, deps.clock.now() + wait, reason, mail.id);
      // The log gets the kind of failure, never the error itself (it could quote the server or the URL).
      log.warn({ mail: { id: mail.id, kind: mail.kind, attempts }, reason }, 'mail not sent');
      failed++;
    }
  }
  return { sent, failed };
}

/** An offline message is answered by replying to the visitor who left it (their address is on the ticket). */
function replyToFor(deps: Deps, mail: OutboxRow): Mailbox | undefined {
  if (mail.kind !== 'offline' || mail.ticketId === null) return undefined;
  const visitor = ticketVisitor.get(deps.db, mail.ticketId);
  // Through mailbox(), like every other header value, though intake already refused unsafe names.
  return visitor?.address && isPlainAddress(visitor.address) ? mailbox(visitor.name, visitor.address) : undefined;
}

/**
 * What went wrong, in words a supporter can act on. Built only from the error's code and the
 * server's numeric reply code: never its message, which could quote the SMTP URL or a password.
 * Stored (and logged) in English; `reasonText` says it again in the reader's language.
 */
export function safeReason(error: unknown): string {
  return String(reasonOf(error));
}

function reasonOf(error: unknown): Text {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const status = typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600 ? e.responseCode : null;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') return new Text('admin.mail.reasonSignIn');
  if (status && status >= 500) return new Text('admin.mail.reasonRefused', { status });
  if (status) return new Text('admin.mail.reasonBusy', { status });
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') return new Text('admin.mail.reasonTls');
  if (e.code === 'EMAILFILE') return new Text('admin.mail.reasonFile');
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROXY'].includes(String(e.code))) {
    return new Text('admin.mail.reasonUnreachable');
  }
  return new Text('admin.mail.reasonOther');
}

const REASONS = ['admin.mail.reasonSignIn', 'admin.mail.reasonRefused', 'admin.mail.reasonBusy', 'admin.mail.reasonTls',
  'admin.mail.reasonFile', 'admin.mail.reasonUnreachable', 'admin.mail.reasonOther'] as const satisfies readonly Key[];
// Each reason's English as a pattern, its status code captured: a stored reason is read back exactly.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const READ_BACK = REASONS.map((key) => ({
  key, pattern: new RegExp(`^${escapeRegExp(t('en', key)).replace(escapeRegExp('{status}'), '(?<status>\\d{3})')}$`),
}));

/**
 * A stored reason as a Text, so the outbox page can show it in the reader's language; anything
 * that is not one of safeReason's (an older row) is shown as it was stored.
 *
 * @example
 * reasonText('The mail server refused the message (550).').in('da') // 'Mailserveren afviste beskeden (550).'
 */
export function reasonText(stored: string): string | Text {
  for (const { key, pattern } of READ_BACK) {
    const match = pattern.exec(stored);
    if (match) return new Text(key, { ...match.groups });
  }
  return stored;
}

/**
 * "Send again now": a failed or waiting mail is due at once (a failed one gets one more attempt).
 * A mail already sent is left alone.
 */
export function sendAgainNow(deps: Deps, id: number | null): OutboxRow {
  const mail = id === null ? undefined : mailById(deps.db, id);
  if (!mail) throw new NotFound(new Text('admin.mail.notFound'));
  if (mail.state === 'sent') return mail;
  requeue.run(deps.db, deps.clock.now(), mail.id);
  kickSender(deps.db);
  return mailById(deps.db, mail.id)!;
}

export function mailById(db: Db, id: number): OutboxRow | undefined {
  return mailWithId.get(db, id);
}

/** The admin list shows this many of the newest mails. */
export const RECENT_SHOWN = 200;

export function recentMail(db: Db, limit = RECENT_SHOWN): OutboxRow[] {
  return newestMail.all(db, limit);
}

export function mailOfTicket(db: Db, ticketId: number): OutboxRow[] {
  return mailOfTicketRows.all(db, ticketId);
}

/** Mail waiting longer than this to go out makes /healthz say so: the mail server is likely unreachable. */
export const OUTBOX_STUCK_MS = 60 * 60_000;
const oldestQueued = sql<{ at: number | null }>(`SELECT min(created_at) AS at FROM
  (SELECT created_at FROM mail_outbox WHERE state = 'queued' ORDER BY next_attempt_at LIMIT 1000)`);

/** What is wrong with the outbox, for /healthz, or null: mail queued for over an hour. A bounded read. */
export function outboxProblem(deps: Deps): string | null {
  const at = oldestQueued.get(deps.db)?.at ?? null;
  const waited = at === null ? 0 : deps.clock.now() - at;
  return waited > OUTBOX_STUCK_MS ? `the oldest mail has waited ${Math.round(waited / 60_000)} minutes to go out` : null;
}
