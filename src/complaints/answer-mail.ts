import type { Deps } from '../lib/deps.ts';
import type { Db } from '../lib/sql.ts';
import { t } from '../i18n/index.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import { queueMail } from '../mail/outbox.ts';
import { serviceName, ticketPageLink, visitorMailbox } from '../mail/recipients.ts';
import { renderMail } from '../mail/templates.ts';
import { Conflict } from '../lib/errors.ts';
import { Text } from '../i18n/index.ts';

/** The supervisor's answer to a complaint, mailed to the visitor in their language with a link back to the conversation. */
export function mailAnswer(deps: Deps, tx: Db, complaint: { ticketId: number; visitorName: string; visitorEmail: string | null; body: string }, answer: string, now: number): void {
  const to = visitorMailbox({ name: complaint.visitorName, email: complaint.visitorEmail });
  if (!to) throw new Conflict(new Text('complaint.noAddress'));
  const lang = ticketLanguage(tx, complaint.ticketId);
  const service = serviceName(deps.config, tx);
  const subject = t(lang, 'complaint.mailSubject', { service });
  const parts = renderMail('complaint-answer', {
    name: complaint.visitorName, service, subject, complaint: complaint.body, answer, link: ticketPageLink(deps.config, tx, complaint.ticketId, now),
  }, lang);
  queueMail(tx, { kind: 'complaint', ticketId: complaint.ticketId, to, subject, ...parts, now });
}
