import type { Deps } from '../lib/deps.ts';
import { openTicket, type TicketView } from '../line/tickets.ts';
import { addMessage, addSystemMessage, MESSAGE_MAX } from '../chat/messages.ts';
import { checkEmail, cleanLine, cleanText, throwIfInvalid } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { queueOfflineMail } from '../mail/offline.ts';
import type { VisitorContext } from '../visitor/context.ts';
import { Conflict, TooManyRequests } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { refreshReport } from '../reports/recording.ts';

const offlineFromAddress = sql('SELECT count(*) FROM tickets WHERE closed_at > ? AND offline = 1 AND visitor_ip = ?');

/** Messages one address may leave per hour (each is mailed to the team). */
export const OFFLINE_PER_ADDRESS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

/**
 * A visitor leaves a message while nobody can chat (outside hours, or nobody available): it is
 * kept as a ticket of its own, never in the live line, and mailed to the team's address in the
 * same change, so a mail server that is down delays it but never loses it.
 */
export function leaveMessage(deps: Deps, form: Record<string, string>, visitor?: VisitorContext, extra?: (tx: Db, ticketId: number, now: number) => void) {
  // Each message becomes a mail to the team: one address may leave only a few an hour.
  if (visitor?.ip) {
    const recent = offlineFromAddress.value(deps.db, deps.clock.now() - HOUR_MS, visitor.ip) as number;
    if (recent >= OFFLINE_PER_ADDRESS_PER_HOUR) {
      throw new TooManyRequests(new Text('offline.tooMany'), 3600);
    }
  }
  return openTicket(deps, form, visitor, {
    offline: true,
    extra: (tx, ticketId, now) => {
      extra?.(tx, ticketId, now);
      refreshReport(tx, ticketId);
      queueOfflineMail(tx, { ticketId, name: form.name ?? '', email: form.email ?? null, message: form.problem ?? '', now, teamEmail: deps.config.teamEmail, lang: deps.config.teamLanguage });
    },
  });
}

const visitorWords = sql<{ body: string }>("SELECT body FROM messages WHERE ticket_id = +? AND author = 'visitor' ORDER BY id LIMIT 200");
const toOffline = sql(`UPDATE tickets SET state = 'closed', offline = 1, closed_at = ?, away = 0, visitor_email = ?
  WHERE id = ? AND state = 'waiting'`);

/**
 * Nobody is available, and a waiting visitor chooses to leave a message instead: the ticket
 * leaves the line and becomes a message for the team, answered by e-mail, with everything they
 * wrote (and what was still in their message box) mailed to the team's address in the same change.
 */
export function turnIntoMessage(deps: Deps, ticket: TicketView, input: { email?: unknown; body?: unknown }): void {
  const fields: Record<string, Text> = {};
  const email = cleanLine(input.email) || ticket.visitorEmail || '';
  checkEmail(fields, 'email', email, true);
  if (!email && !fields.email) fields.email = new Text('input.emailForAnswer');
  const more = cleanText(input.body);
  if ([...more].length > MESSAGE_MAX) fields.body = new Text('message.tooLong', { max: MESSAGE_MAX });
  throwIfInvalid(fields);
  if (ticket.state !== 'waiting') throw new Conflict(new Text('ticket.alreadyPicked'));
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    if (toOffline.run(tx, now, email, ticket.id).changes !== 1) throw new Conflict(new Text('ticket.alreadyPicked'));
    if (more) addMessage(tx, emit, { ticketId: ticket.id, assignee: null, author: 'visitor', supporterId: null, body: more, nonce: null, at: now });
    addSystemMessage(tx, emit, ticket.id, null, new Text('system.leftMessage', { name: ticket.visitorName }), now);
    const words = visitorWords.all(tx, ticket.id).map((m) => m.body).join('\n\n');
    queueOfflineMail(tx, { ticketId: ticket.id, name: ticket.visitorName, email, message: words, now, teamEmail: deps.config.teamEmail, lang: deps.config.teamLanguage });
    emit({ topic: 'line', type: 'ticket.left', ticketId: ticket.id });
  });
}
