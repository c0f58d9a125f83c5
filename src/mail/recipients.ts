import type { Config } from '../config.ts';
import type { Db } from '../lib/db.ts';
import { sql } from '../lib/sql.ts';
import { newTicketLink } from '../line/tickets.ts';
import { teamName } from '../branding/brand.ts';
import { isPlainAddress, mailbox, parseMailFrom, type Mailbox } from './addresses.ts';

/** The visitor's mailbox, or null when they gave no address (or one that cannot go into a header). */
export function visitorMailbox(visitor: { name: string; email: string | null }): Mailbox | null {
  if (!visitor.email || !isPlainAddress(visitor.email)) return null;
  return mailbox(visitor.name, visitor.email);
}

const staffWhoRead = sql<{ id: number; name: string; email: string }>(`SELECT id, name, email FROM supporters
  WHERE role != 'supporter' AND enabled = 1 AND deleted_at IS NULL AND email != '' ORDER BY id LIMIT 500`);

/** The supervisors and admins who get the team's mails about the service (norm alerts, the daily summary). */
export function supervisorsToMail(db: Db): Array<{ id: number; name: string; email: string }> {
  return staffWhoRead.all(db);
}

/** How the service names itself to visitors and in mail: the team's name (Branding), else the name in MAIL_FROM. */
export const serviceName = (config: Config, db: Db): string => teamName(db, parseMailFrom(config.mailFrom).name);

/**
 * A link back to the ticket page for a mail, made inside the caller's change. The visitor's own
 * token is never stored, so the mail gets a key of its own (stored hashed).
 */
export function ticketPageLink(config: Config, tx: Db, ticketId: number, now: number): string {
  return `${config.publicUrl}/t/${newTicketLink(tx, ticketId, now)}`;
}
