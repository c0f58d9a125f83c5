import type { Deps } from '../lib/deps.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { queueMail, withoutRisk } from './outbox.ts';
import { serviceName, ticketPageLink, visitorMailbox } from './recipients.ts';
import { renderMail, visitorClock } from './templates.ts';
import { t } from '../i18n/index.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import type { WithinReaction } from '../realtime/within.ts';

const replyToMail = sql<Row>(`SELECT m.ticket_id AS ticketId, m.author, m.body, s.name AS supporterName,
      t.visitor_name AS name, t.visitor_email AS email, t.visitor_timezone AS timezone, t.visitor_language AS languageTag,
      t.visitor_online AS online, t.away
    FROM messages m JOIN tickets t ON t.id = m.ticket_id LEFT JOIN supporters s ON s.id = m.supporter_id
    WHERE m.id = +? AND NOT EXISTS (SELECT 1 FROM attachments WHERE message_id = m.id)`);
const recentReplyMail = sql(`SELECT 1 FROM mail_outbox WHERE ticket_id = +? AND kind = 'reply' AND created_at > ? LIMIT 1`);

/** At most one "you have a reply" mail per ticket in this window; later replies are behind its link. */
export const REPLY_MAIL_EVERY_MS = 10 * 60_000;

type Row = {
  ticketId: number; author: string; body: string; supporterName: string | null;
  name: string; email: string | null; timezone: string | null; languageTag: string | null; online: number; away: number;
};

/**
 * Follows every new line of a conversation, inside its change. A note or an invited colleague's
 * copy of a line names no ticket to route by, and is never mailed.
 */
export const mailReplyWhenAway: WithinReaction<'message.posted'> = (deps, tx, event) => {
  if (event.ticketId !== null) queueReplyMail(deps, tx, event.data.messageId, deps.clock.now());
};

/**
 * After a supporter's message, inside its change: a visitor who is not on their page (gone, or
 * stepped away) and left an address gets the reply and a link back, at most once per ticket every
 * ten minutes. Notes, visitor and system lines, and files, never cause a mail. Returns the outbox
 * id or null.
 */
export function queueReplyMail(deps: Deps, tx: Db, messageId: number, now: number): number | null {
  return withoutRisk(tx, 'reply', () => replyMail(deps, tx, messageId, now));
}

function replyMail(deps: Deps, tx: Db, messageId: number, now: number): number | null {
  const row = replyToMail.get(tx, messageId);
  if (!row || row.author !== 'supporter' || (row.online && !row.away)) return null;
  const to = visitorMailbox(row);
  if (!to) return null;
  const recent = recentReplyMail.get(tx, row.ticketId, now - REPLY_MAIL_EVERY_MS);
  if (recent) return null;
  const service = serviceName(deps.config, tx);
  const lang = ticketLanguage(tx, row.ticketId);
  const supporter = cleanLine(row.supporterName ?? '') || t(lang, 'system.yourSupporter');
  const parts = renderMail('reply', {
    name: row.name, service, supporter, body: row.body, time: visitorClock(row.timezone, lang, row.languageTag).time(now),
    link: ticketPageLink(deps.config, tx, row.ticketId, now),
  }, lang);
  return queueMail(tx, { kind: 'reply', ticketId: row.ticketId, to, subject: cleanLine(t(lang, 'mail.replySubject', { supporter })), ...parts, now });
}
