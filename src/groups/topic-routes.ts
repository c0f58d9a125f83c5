import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { t, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError, Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { auditBy } from '../audit/routes.ts';
import { groupName, listGroups } from './groups.ts';
import { createTopic, deleteTopic, topicById, updateTopic, type Topic } from './topics.ts';

/**
 * The admin's topics ("What is it about?"): added from the groups page (whose list shows them),
 * each edited, hidden or deleted on a page of its own. The routes are in routes.ts.
 */
export function topicHandlers(deps: Deps, groupsPage: (c: AppContext, extra: Record<string, unknown>, status: 200 | 400 | 409) => Response) {
  return { showTopic, add, save, remove };


  function topicPage(c: AppContext, topic: Topic, extra: Record<string, unknown> = {}, status: 200 | 400 | 409 = 200) {
    const values = { name_en: topic.names.en ?? '', name_da: topic.names.da ?? '', name_ru: topic.names.ru ?? '', group: String(topic.groupId), position: String(topic.position), hidden: topic.hidden ? 'on' : '' };
    return page(c, 'groups/topic', { topic: { ...topic, label: groupName(topic, c.get('lang')) }, values, lines: lineChoices(deps, c.get('lang')), ...extra }, status);
  }

  /** How the audit log names a topic. */
  function label(topic: Topic) {
    return `topic ${groupName(topic, 'en')}`;
  }

  function showTopic(c: AppContext) {
    return topicPage(c, topicById(deps.db, parseId(c.req.param('id'))));
  }

  async function add(c: AppContext) {
    const form = await formFields(c);
    try {
      const topic = createTopic(deps, form);
      auditBy(deps, c, { action: 'settingsChanged', target: label(topic), detail: 'added' });
      return groupsPage(c, { notice: { kind: 'ok', message: t(c.get('lang'), 'admin.topics.added', { name: groupName(topic, c.get('lang')) }) } }, 200);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof Invalid ? error.fieldsIn(c.get('lang')) : {};
      return groupsPage(c, { topicValues: form, topicErrors: errors, topicMessage: error.say(c.get('lang')) }, error instanceof Invalid ? 400 : 409);
    }
  }

  async function save(c: AppContext) {
    const topic = topicById(deps.db, parseId(c.req.param('id')));
    const form = await formFields(c);
    try {
      const saved = updateTopic(deps, topic.id, form);
      auditBy(deps, c, { action: 'settingsChanged', target: label(saved), detail: saved.hidden ? 'saved, hidden' : 'saved' });
      return topicPage(c, saved, { notice: { kind: 'ok', message: t(c.get('lang'), 'admin.groups.saved', { name: groupName(saved, c.get('lang')) }) } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return topicPage(c, topic, { values: form, errors: error.fieldsIn(c.get('lang')), message: error.say(c.get('lang')) }, 400);
    }
  }

  function remove(c: AppContext) {
    const topic = topicById(deps.db, parseId(c.req.param('id')));
    try {
      deleteTopic(deps, topic.id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return topicPage(c, topic, { message: error.say(c.get('lang')) }, 409);
    }
    auditBy(deps, c, { action: 'settingsChanged', target: label(topic), detail: 'deleted' });
    return groupsPage(c, { notice: { kind: 'ok', message: t(c.get('lang'), 'admin.groups.deleted', { name: groupName(topic, c.get('lang')) }) } }, 200);
  }
}

/** The line groups a topic can lead to, named in the reader's language. */
export function lineChoices(deps: Deps, lang: Lang) {
  return listGroups(deps.db).filter((g) => g.kind === 'line').map((g) => ({ id: g.id, label: groupName(g, lang) }));
}
