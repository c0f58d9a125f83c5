import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t, type Key } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { escapeHtml } from '../lib/render.ts';
import { ticketGuards } from '../line/guards.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { answerComplaint, complaintById, fileComplaint, resolveComplaint, takeComplaint } from './complaints.ts';

/** A visitor's complaint from their ticket page, and the supervisors' handling of it from the desk. */
export function complaintRoutes(deps: Deps) {
  const { visitor } = ticketGuards(deps);
  const { supervisor } = supporterGuards(deps);

  return [
    table('/t/:token', [
      ['POST', '/complaint', visitor, complain],
    ]),
    table('/desk/complaints', [
      ['POST', '/:id/take',    supervisor, take],
      ['POST', '/:id/answer',  supervisor, answer],
      ['POST', '/:id/resolve', supervisor, resolve],
    ]),
  ];

  /** The answer is the section again: thanks, or the form with what was written and why it was refused. */
  async function complain(c: AppContext) {
    const ticket = c.get('ticket');
    const form = await formFields(c);
    const base = `/t/${encodeURIComponent(c.req.param('token') ?? '')}`;
    const lang = ticketLanguage(deps.db, ticket.id);
    try {
      fileComplaint(deps, ticket, form.complaint);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      if (!isHtmx(c)) return c.text(error.say(lang), error.status);
      return page(c, 'ticket/_complaint', { base, value: form.complaint ?? '', error: error.say(lang), lang }, error.status);
    }
    if (!isHtmx(c)) return redirect(c, `${base}#complain`);
    return page(c, 'ticket/_complaint', { base, sent: true, lang });
  }

  function take(c: AppContext) {
    return act(c, (id, me) => takeComplaint(deps, id, me), 'desk.complaints.took');
  }

  async function answer(c: AppContext) {
    const form = await formFields(c);
    return act(c, (id, me) => answerComplaint(deps, id, me, form.answer), 'desk.complaints.answerSent');
  }

  function resolve(c: AppContext) {
    return act(c, (id, me) => resolveComplaint(deps, id, me), 'desk.complaints.resolved');
  }

  /** A desk action on a complaint, answered in the desk's notice area (a refusal in the supervisor's language). */
  function act(c: AppContext, action: (id: number, me: number) => void, done: Key) {
    const id = parseId(c.req.param('id')) ?? 0;
    const complaint = complaintById(deps.db, id);
    action(complaint.id, c.get('supporter').id);
    if (!isHtmx(c)) return redirect(c, '/desk');
    return c.html(`<p class="notice notice--ok">${escapeHtml(t(c.get('lang'), done, { name: complaint.visitorName }))}</p>`);
  }
}
