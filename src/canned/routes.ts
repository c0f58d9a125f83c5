import { Hono, type Context } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { DomainError, Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { render } from '../lib/render.ts';
import { formFields, isHtmx, type AppEnv } from '../lib/web.ts';
import { requireSupporter } from '../supporters/auth.ts';
import { PLACEHOLDERS } from './placeholders.ts';
import { addCannedReply, deleteCannedReply, listCannedReplies, NameTaken, updateCannedReply, type Actor } from './replies.ts';
import { suggestionsFor } from './suggest.ts';

// Fixed texts only: the no-JS redirect names one by key, so nobody can make this page say anything else.
const DONE = { added: 'Reply added.', saved: 'Changes saved.', deleted: 'Reply deleted.' } as const;
type Done = keyof typeof DONE;

/** The /canned page (everyone manages their own replies; admins the shared ones) and the message box's suggestions. */
export function cannedRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const signedIn = requireSupporter(deps);

  const page = (c: Context<AppEnv>, extra: Record<string, unknown> = {}) => {
    const me = c.get('supporter');
    return render('canned/page', { me, csrf: c.get('csrf'), ...listCannedReplies(deps, me), placeholders: PLACEHOLDERS, ...extra });
  };

  /** Runs one change; success goes back to the list, a refusal re-renders it with the error beside the form. */
  const change = async (c: Context<AppEnv>, formKey: string, done: Done, action: (me: Actor, form: Record<string, string>) => unknown) => {
    const form = await formFields(c);
    try {
      action(c.get('supporter'), form);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof Invalid ? error.fields : error instanceof NameTaken ? { name: error.message } : {};
      const inline = Object.keys(errors).length > 0;
      const failed = { form: formKey, values: form, errors, message: inline ? 'Please fix the fields below.' : error.message };
      return c.html(page(c, { failed }), error.status);
    }
    if (!isHtmx(c)) return c.redirect(`/canned?done=${done}`, 303);
    return c.html(page(c, { notice: { kind: 'ok', message: DONE[done] } }));
  };

  app.get('/canned', signedIn, (c) => {
    const done = c.req.query('done');
    const notice = done && Object.hasOwn(DONE, done) ? { kind: 'ok', message: DONE[done as Done] } : undefined;
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
    const suggestions = suggestionsFor(deps, c.get('supporter'), ticketId, c.req.query('q') ?? '');
    c.header('Cache-Control', 'no-store');
    return c.html(render('canned/_suggestions', { ticketId, suggestions }));
  });

  return app;
}
