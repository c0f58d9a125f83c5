import { listMessages } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { queueMail, withoutRisk } from './outbox.ts';
import { serviceName, ticketPageLink, visitorMailbox } from './recipients.ts';
import { renderMail, visitorClock } from './templates.ts';
import { t } from '../i18n/index.ts';
import { forReader } from '../chat/system-lines.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import type { WithinReaction } from '../realtime/within.ts';

const transcriptTicket = sql<{ name: string; email: string | null; timezone: string | null; languageTag: string | null; resolution: string | null; createdAt: number }>(`SELECT visitor_name AS name, visitor_email AS email, visitor_timezone AS timezone,
    visitor_language AS languageTag, resolution, created_at AS createdAt FROM tickets WHERE id = ?`);

/**
 * On close, inside the closing change (it follows 'ticket.closed'): a visitor who left an address
 * gets the conversation (their lines, the supporters' and Lineup's; never private notes), the
 * resolution and a link back.
 */
export const mailTranscript: WithinReaction<'ticket.closed'> = (deps, tx, event) => {
  queueTranscriptMail(deps, tx, event.ticketId, deps.clock.now());
};

/** Queues the transcript mail; returns the outbox id, or null when there is nobody to write to. */
export function queueTranscriptMail(deps: Deps, tx: Db, ticketId: number, now: number): number | null {
  return withoutRisk(tx, 'transcript', () => transcriptMail(deps, tx, ticketId, now));
}

function transcriptMail(deps: Deps, tx: Db, ticketId: number, now: number): number | null {
  const ticket = transcriptTicket.get(tx, ticketId);
  const to = ticket && visitorMailbox(ticket);
  if (!ticket || !to) return null;
  const service = serviceName(deps.config, tx);
  // In the language the visitor used (see src/line/ticket-language.ts).
  const lang = ticketLanguage(tx, ticketId);
  const clock = visitorClock(ticket.timezone, lang, ticket.languageTag);
  // The same page's complaint form (views/ticket/_complaint.eta) is linked from the mail too.
  const link = ticketPageLink(deps.config, tx, ticketId, now);
  const parts = renderMail('transcript', {
    name: ticket.name, service, day: clock.day(ticket.createdAt), time: clock.time, resolution: ticket.resolution,
    // Without { withNotes: true }: private notes never reach the visitor.
    messages: listMessages(tx, ticketId).map((m) => forReader(m, lang)), link, complainLink: `${link}#complain`,
  }, lang);
  return queueMail(tx, { kind: 'transcript', ticketId, to, subject: cleanLine(t(lang, 'mail.transcriptSubject', { service })), ...parts, now });
}
