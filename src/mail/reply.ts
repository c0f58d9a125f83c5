import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { cleanLine } from '../lib/input.ts';
import { connectionOf, statement } from '../lib/statements.ts';
import { queueMail, withoutRisk } from './outbox.ts';
import { serviceName, ticketPageLink, visitorMailbox } from './recipients.ts';
import { renderMail, visitorClock } from './templates.ts';
import { t } from '../i18n/index.ts';
import { ticketLanguage } from '../i18n/ticket-language.ts';

/** At most one "you have a reply" mail per ticket in this window; later replies are behind its link. */
export const REPLY_MAIL_EVERY_MS = 10 * 60_000;

type Row = {
  ticketId: number; author: string; body: string; supporterName: string | null;
  name: string; email: string | null; timezone: string | null; online: number; away: number;
};

/**
 * After a supporter's message, inside its change: a visitor who is not on their page (gone, or
 * stepped away) and left an address gets the reply and a link back, at most once per ticket every
 * ten minutes. Notes, visitor and system lines never cause a mail. Returns the outbox id or null.
 */
export function queueReplyMail(deps: Deps, tx: Db, messageId: number, now: number): number | null {
  return withoutRisk(tx, 'reply', () => replyMail(deps, tx, messageId, now));
}

function replyMail(deps: Deps, tx: Db, messageId: number, now: number): number | null {
  const row = statement(connectionOf(tx), `SELECT m.ticket_id AS ticketId, m.author, m.body, s.name AS supporterName,
      t.visitor_name AS name, t.visitor_email AS email, t.visitor_timezone AS timezone, t.visitor_online AS online, t.away
    FROM messages m JOIN tickets t ON t.id = m.ticket_id LEFT JOIN supporters s ON s.id = m.supporter_id WHERE m.id = +?`)
    .get(messageId) as Row | undefined;
  if (!row || row.author !== 'supporter' || (row.online && !row.away)) return null;
  const to = visitorMailbox(row);
  if (!to) return null;
  const recent = statement(connectionOf(tx), `SELECT 1 FROM mail_outbox WHERE ticket_id = ? AND kind = 'reply' AND created_at > ? LIMIT 1`)
    .get(row.ticketId, now - REPLY_MAIL_EVERY_MS);
  if (recent) return null;
  const service = serviceName(deps.config);
  const lang = ticketLanguage(tx, row.ticketId);
  const supporter = cleanLine(row.supporterName ?? '') || t(lang, 'system.yourSupporter');
  const parts = renderMail('reply', {
    name: row.name, service, supporter, body: row.body, time: visitorClock(row.timezone, lang).time(now),
    link: ticketPageLink(deps.config, tx, row.ticketId, now),
  }, lang);
  return queueMail(tx, { kind: 'reply', ticketId: row.ticketId, to, subject: cleanLine(t(lang, 'mail.replySubject', { supporter })), ...parts, now });
}
