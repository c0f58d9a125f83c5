import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import { t, type Key } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError, Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { PLACEHOLDERS } from './placeholders.ts';
import { addCannedReply, deleteCannedReply, listCannedReplies, NameTaken, updateCannedReply, type Actor } from './replies.ts';
import { suggestionsFor } from './suggest.ts';

// Fixed texts only: the no-JS redirect names one by key, so nobody can make this page say anything else.
const DONE = { added: 'teamwork.canned.added', saved: 'teamwork.canned.saved', deleted: 'teamwork.canned.deleted' } as const satisfies Record<string, Key>;
type Done = keyof typeof DONE;

/**
 * The /canned page (everyone manages their own replies; admins the shared ones, as the domain
 * decides) and the message box's suggestions.
 */
export function cannedRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);

  return [
    table('/canned', [
      ['GET',  '/',           supporter, showReplies],
      ['POST', '/',           supporter, add],
      ['POST', '/:id',        supporter, save],
      ['POST', '/:id/delete', supporter, remove],
    ]),
    table('/desk', [
      // Live search from the message box: a listbox fragment, with each reply filled in for this ticket.
      ['GET', '/tickets/:id/canned', supporter, suggest],
    ]),
  ];

  function repliesPage(c: AppContext, extra: Record<string, unknown> = {}, status: DomainError['status'] | 200 = 200) {
    return page(c, 'canned/page', { ...listCannedReplies(deps.db, c.get('supporter')), placeholders: PLACEHOLDERS, ...extra }, status);
  }

  /** Runs one change; success goes back to the list, a refusal re-renders it with the error beside the form. */
  async function change(c: AppContext, formKey: string, done: Done, action: (me: Actor, form: Record<string, string>) => unknown) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      action(c.get('supporter'), form);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof Invalid ? error.fieldsIn(lang) : error instanceof NameTaken ? { name: error.say(lang) } : {};
      const inline = Object.keys(errors).length > 0;
      const failed = { form: formKey, values: form, errors, message: inline ? t(lang, 'teamwork.canned.fixFields') : error.say(lang) };
      return repliesPage(c, { failed }, error.status);
    }
    if (!isHtmx(c)) return c.redirect(`/canned?done=${done}`, 303);
    return repliesPage(c, { notice: { kind: 'ok', message: t(lang, DONE[done]) } });
  }

  function showReplies(c: AppContext) {
    const done = c.req.query('done');
    const notice = done && Object.hasOwn(DONE, done) ? { kind: 'ok', message: t(c.get('lang'), DONE[done as Done]) } : undefined;
    return repliesPage(c, { notice });
  }

  function add(c: AppContext) {
    return change(c, 'new', 'added', (me, form) => addCannedReply(deps, me, form));
  }

  function save(c: AppContext) {
    const id = parseId(c.req.param('id'));
    return change(c, String(id), 'saved', (me, form) => updateCannedReply(deps, me, id, { name: form.name, body: form.body }));
  }

  function remove(c: AppContext) {
    const id = parseId(c.req.param('id'));
    return change(c, String(id), 'deleted', (me) => deleteCannedReply(deps, me, id));
  }

  function suggest(c: AppContext) {
    const ticketId = parseId(c.req.param('id'));
    const suggestions = suggestionsFor(deps, c.get('supporter'), ticketId, c.req.query('q') ?? '');
    c.header('Cache-Control', 'no-store');
    return page(c, 'canned/_suggestions', { ticketId, suggestions });
  }
}
