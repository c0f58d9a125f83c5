import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { redirect } from '../http/responses.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { escapeHtml } from '../lib/render.ts';
import { customFieldRows, updateComment, updateCustomFields } from './annotations.ts';
import { blockVisitor } from './blocks.ts';
import { auditBy } from '../audit/routes.ts';

/**
 * The details panel's forms (routes in routes.ts): the holder of a ticket edits the comment and
 * custom fields and can block the visitor. Success is answered with 204; the stream re-renders
 * the panel. The ticket is the domain's to check (its holder only), so no guard looks it up.
 */
export function detailsHandlers(deps: Deps) {
  const ticketId = (c: AppContext) => parseId(c.req.param('id'));
  return {
    async saveComment(c: AppContext) {
      const form = await formFields(c);
      return answer(c, () => updateComment(deps, ticketId(c), c.get('supporter').id, form.comment));
    },

    async saveFields(c: AppContext) {
      const form = await formFields(c);
      return answer(c, () => updateCustomFields(deps, ticketId(c), c.get('supporter').id, customFieldRows(form)));
    },

    async blockVisitor(c: AppContext) {
      const form = await formFields(c);
      return answer(c, () => {
        blockVisitor(deps, ticketId(c), c.get('supporter').id, { alsoIp: form.ip === '1', reason: form.reason });
        auditBy(deps, c, { action: 'visitorBlocked', target: `ticket ${ticketId(c)}`, detail: form.ip === '1' ? 'browser and IP address' : 'browser' });
      });
    },
  };
}

/**
 * htmx gets 204 or the refusal as text beside the form, in the supporter's language; a plain form
 * post goes back to the tab or to the error page.
 */
function answer(c: AppContext, change: () => void) {
  try {
    change();
  } catch (error) {
    if (!(error instanceof DomainError) || !isHtmx(c)) throw error;
    return c.html(escapeHtml(error.say(c.get('lang'))), error.status);
  }
  return isHtmx(c) ? c.body(null, 204) : redirect(c, `/desk#ticket-${parseId(c.req.param('id')) ?? ''}`);
}
