import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { noStore } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { say, t, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { ticketGuards } from '../line/guards.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { mailOfTicket, reasonText, recentMail, sendAgainNow, RECENT_SHOWN, type OutboxRow } from './outbox.ts';

/** Mails as a page shows them: the stored (English) reason said in the reader's language. */
const shown = (mails: OutboxRow[], lang: Lang) => mails.map((m) => ({ ...m, reason: m.lastError ? say(lang, reasonText(m.lastError)) : null }));

/**
 * What became of Lineup's mail: the outbox for admins and supervisors (with "Send again now"),
 * and each transcript's own mail for every supporter. Reasons are the short safe ones the outbox stores.
 */
export function mailRoutes(deps: Deps) {
  const { supporter, supervisor } = supporterGuards(deps);
  const { ticket } = ticketGuards(deps);

  return [
    table('/admin', [
      ['GET',  '/mail',          supervisor, noStore, showOutbox],
      ['POST', '/mail/:id/send', supervisor,          sendAgain],
    ]),
    table('/transcripts', [
      // The transcript page loads this block: one line per mail of that ticket.
      ['GET', '/:id/mail', supporter, ticket, noStore, showTicketMail],
    ]),
  ];

  function outboxPage(c: AppContext, notice?: { kind: string; message: string }) {
    return page(c, 'mail/admin', { mails: shown(recentMail(deps.db), c.get('lang')), shown: RECENT_SHOWN, now: deps.clock.now(), notice });
  }

  function showOutbox(c: AppContext) {
    return outboxPage(c);
  }

  function sendAgain(c: AppContext) {
    const mail = sendAgainNow(deps, parseId(c.req.param('id')));
    const message = t(c.get('lang'), mail.state === 'sent' ? 'admin.mail.alreadySent' : 'admin.mail.sendingAgain', { address: mail.toAddress });
    return outboxPage(c, { kind: 'ok', message });
  }

  function showTicketMail(c: AppContext) {
    return page(c, 'mail/_ticket_mail', { mails: shown(mailOfTicket(deps.db, c.get('ticket').id), c.get('lang')) });
  }
}
