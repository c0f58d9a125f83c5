import type { Db } from '../lib/db.ts';
import { Invalid } from '../lib/errors.ts';
import { cleanLine, cleanText } from '../lib/input.ts';
import { emailProblem, isPlainAddress, mailbox, nameProblem } from './addresses.ts';
import { queueMail } from './outbox.ts';
import { renderMail } from './templates.ts';
import { t, Text, type Lang } from '../i18n/index.ts';

/**
 * A message left through the offline form, for the team's address (TEAM_EMAIL), queued inside the
 * change that stores it, in the team's language (TEAM_LANGUAGE). Replying to it answers the visitor: Reply-To is their address, taken from
 * the ticket when the mail is sent. Returns null when no team address is set; throws Invalid for a
 * name or address that could pose as a header.
 *
 * @example
 * commit(deps, (tx) => { const id = storeOffline(tx); queueOfflineMail(tx, { ticketId: id, name, email, message, now, teamEmail }); });
 */
export function queueOfflineMail(tx: Db, m: { ticketId: number | null; name: string; email: string | null; message: string; now: number; teamEmail: string; lang?: Lang }): number | null {
  const lang = m.lang ?? 'en';
  if (!m.teamEmail || !isPlainAddress(m.teamEmail)) return null;
  const problem = nameProblem(m.name) ?? emailProblem(m.email);
  if (problem) throw new Invalid(problem);
  if (m.email && !isPlainAddress(m.email)) throw new Invalid(new Text('input.emailInvalid'));
  const name = cleanLine(m.name) || t(lang, 'mail.aVisitor');
  const parts = renderMail('offline', { name, email: m.email || null, message: cleanText(m.message), ticketId: m.ticketId }, lang);
  return queueMail(tx, {
    kind: 'offline', ticketId: m.ticketId, to: mailbox('', m.teamEmail), subject: cleanLine(t(lang, 'mail.offlineSubject', { name })), ...parts, now: m.now,
  });
}
