import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError } from '../lib/errors.ts';
import { getSupporter } from '../supporters/accounts.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { backFromBreak, reasonChoices, takeBreak } from './breaks.ts';

/** "Take a break" and "Back from break", from the status menu under the supporter's name on the desk. */
export function breakRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);

  return [table('/desk', [
    ['POST', '/break',            supporter, startBreak],
    ['POST', '/back-from-break',  supporter, endBreak],
  ])];

  async function startBreak(c: AppContext) {
    const form = await formFields(c);
    try {
      takeBreak(deps, c.get('supporter').id, form.reason);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      return answer(c, error.say(c.get('lang')), error.status === 409 ? 409 : 400);
    }
    return answer(c);
  }

  function endBreak(c: AppContext) {
    backFromBreak(deps, c.get('supporter').id);
    return answer(c);
  }

  /** The status menu as it is now (htmx), with a refusal beside it; the desk without script. */
  function answer(c: AppContext, breakNotice?: string, status: 200 | 400 | 409 = 200) {
    if (!isHtmx(c)) return breakNotice ? c.text(breakNotice, status) : redirect(c, '/desk');
    const me = getSupporter(deps.db, c.get('supporter').id)!;
    return page(c, 'desk/_me', { me, csrf: '', breakNotice, reasons: reasonChoices(deps.db, c.get('lang')) }, status);
  }
}
