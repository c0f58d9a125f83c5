import { Hono, type Context } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { DomainError } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { escapeHtml } from '../lib/render.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { redirect } from '../http/responses.ts';
import type { AppEnv } from '../http/env.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { customFieldRows, updateComment, updateCustomFields } from './annotations.ts';
import { blockVisitor } from './blocks.ts';

/**
 * The details panel's forms: the holder of a ticket edits the comment and custom fields and can
 * block the visitor. Success is answered with 204; the stream re-renders the panel.
 */
export function visitorDetailsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const signedIn = requireSupporter(deps);
  const ticketId = (c: Context<AppEnv>) => parseId(c.req.param('id'));

  app.post('/desk/tickets/:id/comment', signedIn, async (c) => {
    const form = await formFields(c);
    return answer(c, () => updateComment(deps, ticketId(c), c.get('supporter').id, form.comment));
  });

  app.post('/desk/tickets/:id/fields', signedIn, async (c) => {
    const form = await formFields(c);
    return answer(c, () => updateCustomFields(deps, ticketId(c), c.get('supporter').id, customFieldRows(form)));
  });

  app.post('/desk/tickets/:id/block', signedIn, async (c) => {
    const form = await formFields(c);
    return answer(c, () => blockVisitor(deps, ticketId(c), c.get('supporter').id, { alsoIp: form.ip === '1', reason: form.reason }));
  });

  return app;
}

/**
 * htmx gets 204 or the refusal as text beside the form, in the supporter's language; a plain form
 * post goes back to the tab or to the error page.
 */
function answer(c: Context<AppEnv>, change: () => void) {
  try {
    change();
  } catch (error) {
    if (!(error instanceof DomainError) || !isHtmx(c)) throw error;
    return c.html(escapeHtml(error.say(c.get('lang'))), error.status);
  }
  return isHtmx(c) ? c.body(null, 204) : redirect(c, `/desk#ticket-${parseId(c.req.param('id')) ?? ''}`);
}
