import { Hono, type Context } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { render } from '../lib/render.ts';
import type { AppEnv } from '../http/env.ts';
import { say, t, type Lang } from '../i18n/index.ts';
import { ticketById } from '../line/tickets.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { mailOfTicket, reasonText, recentMail, sendAgainNow, RECENT_SHOWN, type OutboxRow } from './outbox.ts';

/** Mails as a page shows them: the stored (English) reason said in the reader's language. */
const shown = (mails: OutboxRow[], lang: Lang) => mails.map((m) => ({ ...m, reason: m.lastError ? say(lang, reasonText(m.lastError)) : null }));

/**
 * What became of Lineup's mail: the outbox for admins and supervisors (with "Send again now"),
 * and each transcript's own mail for every supporter. Reasons are the short safe ones the outbox stores.
 */
export function mailRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const watchers = requireSupporter(deps, ['admin', 'supervisor']);

  const page = (c: Context<AppEnv>, notice?: { kind: string; message: string }) => render('mail/admin', {
    me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), mails: shown(recentMail(deps.db), c.get('lang')),
    shown: RECENT_SHOWN, now: deps.clock.now(), notice,
  });

  app.get('/admin/mail', watchers, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(page(c));
  });

  app.post('/admin/mail/:id/send', watchers, (c) => {
    const mail = sendAgainNow(deps, parseId(c.req.param('id')));
    const message = t(c.get('lang'), mail.state === 'sent' ? 'admin.mail.alreadySent' : 'admin.mail.sendingAgain', { address: mail.toAddress });
    return c.html(page(c, { kind: 'ok', message }));
  });

  // The transcript page loads this block: one line per mail of that ticket.
  app.get('/transcripts/:id/mail', requireSupporter(deps), (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    c.header('Cache-Control', 'no-store');
    return c.html(render('mail/_ticket_mail', { lang: c.get('lang'), mails: shown(mailOfTicket(deps.db, ticket.id), c.get('lang')) }));
  });

  return app;
}
