import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { auditBy } from '../audit/routes.ts';
import { getSupporter } from '../supporters/accounts.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { setSpokenLanguages, spokenNames } from './spoken.ts';

/** The languages a supporter speaks: set by themselves on their account page, or by an admin. */
export function spokenRoutes(deps: Deps) {
  const { supporter, admin } = supporterGuards(deps);

  return [table('/', [
    ['POST', '/account/languages',              supporter, saveOwn],
    ['POST', '/admin/supporters/:id/languages', admin,     saveTheirs],
  ])];

  async function saveOwn(c: AppContext) {
    return save(c, c.get('supporter').id, '/account', 'languages');
  }

  async function saveTheirs(c: AppContext) {
    const target = getSupporter(deps.db, parseId(c.req.param('id')) ?? 0);
    if (!target || target.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    return save(c, target.id, `/admin/supporters/${target.id}`, 'their-languages');
  }

  /** Saves and answers with the section redrawn (htmx), or back to the page it came from. */
  async function save(c: AppContext, supporterId: number, back: string, idPrefix: string) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const languages = setSpokenLanguages(deps, supporterId, form.languages);
      if (supporterId !== c.get('supporter').id) auditBy(deps, c, { action: 'supporterEdited', target: getSupporter(deps.db, supporterId)!.name, detail: `languages: ${languages}` });
      if (!isHtmx(c)) return redirect(c, back);
      return section(c, { action: `${back}/languages`, idPrefix, value: languages, names: spokenNames(languages, lang), notice: { kind: 'ok', message: t(lang, 'admin.languages.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      if (!isHtmx(c)) return c.text(error.say(lang), 400);
      return section(c, { action: `${back}/languages`, idPrefix, value: form.languages ?? '', error: error.say(lang) }, 400);
    }
  }

  function section(c: AppContext, data: Record<string, unknown>, status: 200 | 400 = 200) {
    return page(c, 'supporters/_languages', { csrf: '', ...data }, status);
  }
}
