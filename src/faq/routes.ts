import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { noStore, redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { listTopics } from '../groups/topics.ts';
import { groupName } from '../groups/groups.ts';
import { listSites } from '../widget/sites.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { auditBy } from '../audit/routes.ts';
import { FAQ_STATES, type FaqState } from './schema.ts';
import { addVersion, authorsMayPublish, draftFromTranscripts, entryPage, listEntries, moveEntry, saveEntry, setAuthorsMayPublish } from './entries.ts';

/** The team's FAQ entries: made from transcripts, edited, reviewed, published (every signed-in supporter; publishing as the entry says). */
export function faqRoutes(deps: Deps) {
  const { supporter, admin } = supporterGuards(deps);

  return [table('/desk/faq', [
    ['GET',  '/',             supporter, noStore, list],
    ['POST', '/',             supporter, make],
    ['POST', '/settings',     admin,     saveSettings],
    ['GET',  '/:id',          supporter, noStore, edit],
    ['POST', '/:id',          supporter, save],
    ['POST', '/:id/move',     supporter, move],
    ['POST', '/:id/version',  supporter, version],
  ])];

  function editor(c: AppContext) {
    const me = c.get('supporter')!;
    return { id: me.id, role: me.role };
  }

  function list(c: AppContext, notice?: object) {
    const asked = c.req.query('state');
    const state = (FAQ_STATES as readonly string[]).includes(asked ?? '') ? (asked as FaqState) : null;
    return page(c, 'faq/entries', { entries: listEntries(deps.db, state), state, authorsPublish: authorsMayPublish(deps.db), notice });
  }

  /** "Make an FAQ entry" from a transcript (or several: from=12,15): a draft, then its page. */
  async function make(c: AppContext) {
    const form = await formFields(c);
    const ids = String(form.from ?? '').split(',').map((x) => parseId(x.trim())).filter((x): x is number => x !== null);
    const id = draftFromTranscripts(deps, ids, editor(c));
    return redirect(c, `/desk/faq/${id}`);
  }

  function editPage(c: AppContext, id: number | null, extra: Record<string, unknown> = {}, status: 200 | 400 = 200) {
    const lang = c.get('lang');
    return page(c, 'faq/edit', {
      ...entryPage(deps.db, id), authorsPublish: authorsMayPublish(deps.db),
      topics: listTopics(deps.db).map((x) => ({ id: x.id, name: groupName(x, lang) })), sites: listSites(deps.db).map((s) => ({ id: s.id, name: s.name })),
      ...extra,
    }, status);
  }

  function edit(c: AppContext) {
    return editPage(c, parseId(c.req.param('id')));
  }

  async function save(c: AppContext) {
    const id = parseId(c.req.param('id'));
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      saveEntry(deps, id, editor(c), form);
      return editPage(c, id, { notice: { kind: 'ok', message: t(lang, 'desk.faq.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return editPage(c, id, { values: form, errors: error.fieldsIn(lang), message: error.say(lang) }, 400);
    }
  }

  async function move(c: AppContext) {
    const id = parseId(c.req.param('id'));
    const to = String((await formFields(c)).to ?? '');
    const entry = moveEntry(deps, id, editor(c), to);
    return editPage(c, entry.id, { notice: { kind: 'ok', message: t(c.get('lang'), `desk.faq.moved.${entry.state}`) } });
  }

  async function version(c: AppContext) {
    const id = addVersion(deps, parseId(c.req.param('id')), editor(c), (await formFields(c)).language);
    return redirect(c, `/desk/faq/${id}`);
  }

  async function saveSettings(c: AppContext) {
    const on = (await formFields(c)).authors_publish === '1';
    setAuthorsMayPublish(deps.db, on);
    auditBy(deps, c, { action: 'settingsChanged', target: 'FAQ publishing', detail: on ? 'authors may publish' : 'supervisors and admins publish' });
    return list(c, { kind: 'ok', message: t(c.get('lang'), 'desk.faq.settingsSaved') });
  }
}
