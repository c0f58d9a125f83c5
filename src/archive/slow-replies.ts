import { sql, type Db } from '../lib/sql.ts';
import { normsFor, type Norms } from '../sla/norms.ts';
import { replyDelays } from '../reports/reply-times.ts';

/** Replies slower than this are highlighted when the reply norm is off. */
export const SLOW_REPLY_DEFAULT_MINUTES = 5;

/** How long a reply may take before the archive and transcripts call it slow: the group's reply norm, in seconds. */
export function slowAfterSeconds(norms: Norms): number {
  return (norms.reply || SLOW_REPLY_DEFAULT_MINUTES) * 60;
}

const claimOf = sql<{ firstClaimedAt: number | null; groupId: number | null }>('SELECT first_claimed_at AS firstClaimedAt, group_id AS groupId FROM tickets WHERE id = ?');
const linesOf = sql<{ id: number; author: string; createdAt: number }>(`SELECT id, author, created_at AS createdAt FROM messages
  WHERE ticket_id = +? AND author IN ('visitor', 'supporter') ORDER BY id LIMIT 20000`);

/** A transcript's replies that took longer than its group's reply norm: message id to seconds. */
export function slowRepliesOf(db: Db, ticketId: number): Map<number, number> {
  const ticket = claimOf.get(db, ticketId);
  if (!ticket || ticket.firstClaimedAt === null) return new Map();
  const limit = slowAfterSeconds(normsFor(db, ticket.groupId));
  const lines = linesOf.all(db, ticketId);
  return new Map(replyDelays(lines, ticket.firstClaimedAt).filter((d) => d.seconds > limit).map((d) => [lines[d.index]!.id, d.seconds]));
}
