import { Hono, type Context } from 'hono';
import { t, type Key, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError, Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { render } from '../lib/render.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import type { AppEnv } from '../http/env.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { PLACEHOLDERS } from './placeholders.ts';
import { addCannedReply, deleteCannedReply, listCannedReplies, NameTaken, updateCannedReply, type Actor } from './replies.ts';
import { suggestionsFor } from './suggest.ts';

// Fixed texts only: the no-JS redirect names one by key, so nobody can make this page say anything else.
const DONE = { added: 'teamwork.canned.added', saved: 'teamwork.canned.saved', deleted: 'teamwork.canned.deleted' } as const satisfies Record<string, Key>;
type Done = keyof typeof DONE;

/** "3 canned replies." with the plural form the language needs (Russian has three). */
function countKey(lang: Lang, count: number): Key {
  const form = new Intl.PluralRules(lang).select(count);
  return form === 'one' ? 'teamwork.canned.countOne' : form === 'few' ? 'teamwork.canned.countFew' : 'teamwork.canned.countMany';
}

/** The /canned page (everyone manages their own replies; admins the shared ones) and the message box's suggestions. */
export function cannedRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const signedIn = requireSupporter(deps);

  const page = (c: Context<AppEnv>, extra: Record<string, unknown> = {}) => {
    const me = c.get('supporter');
    return render('canned/page', { me, csrf: c.get('csrf'), lang: c.get('lang'), ...listCannedReplies(deps, me), placeholders: PLACEHOLDERS, ...extra });
  };

  /** Runs one change; success goes back to the list, a refusal re-renders it with the error beside the form. */
  const change = async (c: Context<AppEnv>, formKey: string, done: Done, action: (me: Actor, form: Record<string, string>) => unknown) => {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      action(c.get('supporter'), form);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof Invalid ? error.fieldsIn(lang) : error instanceof NameTaken ? { name: error.say(lang) } : {};
      const inline = Object.keys(errors).length > 0;
      const failed = { form: formKey, values: form, errors, message: inline ? t(lang, 'teamwork.canned.fixFields') : error.say(lang) };
      return c.html(page(c, { failed }), error.status);
    }
    if (!isHtmx(c)) return c.redirect(`/canned?done=${done}`, 303);
    return c.html(page(c, { notice: { kind: 'ok', message: t(lang, DONE[done]) } }));
  };

  app.get('/canned', signedIn, (c) => {
    const done = c.req.query('done');
    const notice = done && Object.hasOwn(DONE, done) ? { kind: 'ok', message: t(c.get('lang'), DONE[done as Done]) } : undefined;
    return c.html(page(c, { notice }));
  });

  app.post('/canned', signedIn, (c) => change(c, 'new', 'added', (me, form) => addCannedReply(deps, me, form)));

  app.post('/canned/:id', signedIn, (c) => {
    const id = parseId(c.req.param('id'));
    return change(c, String(id), 'saved', (me, form) => updateCannedReply(deps, me, id, { name: form.name, body: form.body }));
  });

  app.post('/canned/:id/delete', signedIn, (c) => {
    const id = parseId(c.req.param('id'));
    return change(c, String(id), 'deleted', (me) => deleteCannedReply(deps, me, id));
  });

  // Live search from the message box: a listbox fragment, with each reply filled in for this ticket.
  app.get('/desk/tickets/:id/canned', signedIn, (c) => {
    const ticketId = parseId(c.req.param('id'));
    const lang = c.get('lang');
    const suggestions = suggestionsFor(deps, c.get('supporter'), ticketId, c.req.query('q') ?? '');
    c.header('Cache-Control', 'no-store');
    return c.html(render('canned/_suggestions', { ticketId, suggestions, lang, countKey: countKey(lang, suggestions.length) }));
  });

  return app;
}
