import { readCookie } from '../http/cookies.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { rememberLanguage } from '../http/language.ts';
import { redirect } from '../http/responses.ts';
import { anyone, table } from '../http/table.ts';
import { isLanguage, Text, type Lang } from '../i18n/index.ts';
import { setTicketLanguage } from '../line/ticket-language.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { ticketGuards } from '../line/guards.ts';
import { SESSION_COOKIE } from '../supporters/guards.ts';
import { supporterForSession } from '../supporters/sessions.ts';

// Where a switch may send the visitor back to: the intake, or a widget's ticket page. Nothing else
// (never another site: an open redirect would lend Lineup's name to a phishing link).
const INTAKE_BACK = /^\/(\?new=1)?$/;
const WIDGET_TICKET_BACK = /^\/w\/[A-Za-z0-9_-]{16}\/t\/[A-Za-z0-9_-]{1,100}$/;
// A supporter goes back to the staff page they switched on: a fixed list of Lineup's own pages, a
// transcript or a site by number, and a search (its query only in URL-encoded characters, so no
// `/`, `\` or `:` can turn it into another site's address).
const STAFF_BACK = /^\/(?:desk|canned|account|login|setup|forgot-password|admin\/(?:supporters|groups|hours|sites|blocks|mail|audit|branding)|admin\/(?:sites|groups|topics)\/\d{1,12}|transcripts\/\d{1,12}|search(?:\?[\w%.~!*'()&=+-]{0,600})?)$/;

function chosen(form: Record<string, string>): Lang {
  if (!isLanguage(form.lang)) throw new Invalid(new Text('language.unknown'), { lang: new Text('language.unknown') });
  return form.lang;
}

/** The language switcher's answers: remember the choice, and on a ticket page, tell the ticket. */
export function languageRoutes(deps: Deps) {
  const { visitor } = ticketGuards(deps);

  return [
    table('/', [
      ['POST', '/language', anyone, switchLanguage],
    ]),
    table('/t/:token', [
      ['POST', '/language', visitor, switchTicketLanguage],
    ]),
  ];

  async function switchLanguage(c: AppContext) {
    const form = await formFields(c);
    const lang = chosen(form);
    rememberLanguage(c, deps.config, lang);
    c.set('nothingStored', true);
    const back = form.back ?? '';
    if (INTAKE_BACK.test(back) || STAFF_BACK.test(back)) return redirect(c, back);
    // Anything else (another site, a path not on the lists): the signed-in supporter's desk, else the intake.
    return redirect(c, supporterForSession(deps, readCookie(c, deps.config, SESSION_COOKIE)) ? '/desk' : '/');
  }

  async function switchTicketLanguage(c: AppContext) {
    const form = await formFields(c);
    const lang = chosen(form);
    setTicketLanguage(deps, c.get('ticket').id, lang);
    rememberLanguage(c, deps.config, lang);
    // The widget's frame has no cookies: its ticket page reads the ticket's language.
    const back = WIDGET_TICKET_BACK.test(form.back ?? '') ? form.back! : `/t/${encodeURIComponent(c.req.param('token') ?? '')}`;
    return redirect(c, back);
  }
}
