import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import { t, Text, type Key, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { DomainError, Invalid, NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { auditBy } from '../audit/routes.ts';
import { getSupporter, listSupporters } from '../supporters/accounts.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { disableGroup, enableGroup } from './disable.ts';
import { createGroup, deleteGroup, GROUP_LIMITS, groupById, groupName, lastDayOf, listGroups, updateGroup, type Group } from './groups.ts';
import { memberCountByGroup, membersOf, setMembers } from './members.ts';
import { lineChoices, topicHandlers } from './topic-routes.ts';
import { groupsCapacity, setOwnCapacity } from './capacity.ts';
import { offerFormValues } from '../offers/settings.ts';
import { restartGroupOffers } from '../offers/routing.ts';
import { saveTeamNorms, teamNorms, type Norms } from '../sla/norms.ts';
import { dailySummaryOn, setDailySummary } from '../supervision/daily-summary.ts';
import { isHtmx } from '../http/htmx.ts';
import { listTopics } from './topics.ts';
import { breakReasons, reasonsAsText, saveBreakReasons } from '../presence/breaks.ts';

/** The admin's groups: the list with a form for a new one, and each group's settings, members, disabling and deletion. */
export function groupRoutes(deps: Deps) {
  const { admin } = supporterGuards(deps);
  const topics = topicHandlers(deps, listPage);

  return [table('/admin', [
    ['GET',  '/groups',             admin, showGroups],
    ['POST', '/groups',             admin, add],
    ['GET',  '/groups/:id',         admin, showGroup],
    ['POST', '/groups/:id',         admin, save],
    ['POST', '/groups/:id/members', admin, saveMembers],
    ['POST', '/groups/:id/disable', admin, disable],
    ['POST', '/groups/:id/enable',  admin, enable],
    ['POST', '/groups/:id/delete',  admin, remove],
    ['POST', '/topics',             admin, topics.add],
    ['GET',  '/topics/:id',         admin, topics.showTopic],
    ['POST', '/topics/:id',         admin, topics.save],
    ['POST', '/topics/:id/delete',  admin, topics.remove],
    ['POST', '/breaks',             admin, saveBreaks],
    ['POST', '/norms',              admin, saveNorms],
    ['POST', '/supporters/:id/capacity', admin, saveCapacity],
  ])];

  /** Each group with its name in the reader's language. */
  function labelled(c: AppContext, groups: Group[]) {
    return groups.map((g) => ({ ...g, label: groupName(g, c.get('lang')) }));
  }

  /** The groups and, below them, the topics that lead to them. */
  function listPage(c: AppContext, extra: Record<string, unknown> = {}, status: 200 | 400 | 409 = 200) {
    const lang = c.get('lang');
    const groups = labelled(c, listGroups(deps.db));
    const names = new Map(groups.map((g) => [g.id, g.label]));
    return page(c, 'groups/list', {
      groups, counts: memberCountByGroup(deps.db), now: deps.clock.now(), limits: GROUP_LIMITS, values: {}, overflows: overflowChoices(c),
      topics: listTopics(deps.db).map((topic) => ({ ...topic, label: groupName(topic, lang), groupLabel: names.get(topic.groupId) ?? '' })),
      lines: lineChoices(deps, lang), topicValues: {}, breakValues: reasonsAsText(breakReasons(deps.db)),
      teamNorms: teamNorms(deps.db), normValues: normValues(teamNorms(deps.db)), ...extra,
    }, status);
  }

  function groupPage(c: AppContext, group: Group, extra: Record<string, unknown> = {}, status: 200 | 400 | 409 = 200) {
    const members = new Set(membersOf(deps.db, group.id).map((m) => m.id));
    return page(c, 'groups/edit', {
      group: labelled(c, [group])[0], values: formValues(group), limits: GROUP_LIMITS, now: deps.clock.now(), members,
      overflows: overflowChoices(c).filter((g) => g.id !== group.id), teamNorms: teamNorms(deps.db),
      team: listSupporters(deps.db).filter((s) => s.enabled || members.has(s.id)),
      others: labelled(c, listGroups(deps.db).filter((g) => g.id !== group.id && g.enabled && g.kind !== 'overflow')),
      ...extra,
    }, status);
  }

  function normValues(norms: Norms): Record<string, string> {
    return { sla_claim: String(norms.claim), sla_first_reply: String(norms.first_reply), sla_reply: String(norms.reply), daily_summary: dailySummaryOn(deps.db) ? '1' : '' };
  }

  /** The groups that can be another group's second wave. */
  function overflowChoices(c: AppContext) {
    return labelled(c, listGroups(deps.db).filter((g) => g.kind === 'overflow'));
  }

  function formValues(group: Group): Record<string, string> {
    return {
      name_en: group.names.en ?? '', name_da: group.names.da ?? '', name_ru: group.names.ru ?? '', kind: group.kind, position: String(group.position),
      transfer_place: group.transferPlace, ends_on: group.endsAt === null ? '' : lastDayOf(deps.db, group.endsAt), capacity: String(group.capacity),
      ...offerFormValues(group),
      sla_claim: group.slaClaim === null ? '' : String(group.slaClaim), sla_first_reply: group.slaFirstReply === null ? '' : String(group.slaFirstReply),
      sla_reply: group.slaReply === null ? '' : String(group.slaReply), sla_alert_members: group.slaAlertMembers ? '1' : '',
    };
  }

  function notice(lang: Lang, key: Key, group: Group) {
    return { kind: 'ok', message: t(lang, key, { name: groupName(group, lang) }) };
  }

  /** How the audit log names a group. */
  function label(group: Group) {
    return `group ${groupName(group, 'en')}`;
  }

  function showGroups(c: AppContext) {
    return listPage(c);
  }

  /** The reasons for a break (one per line, in each language), below the topics. */
  async function saveBreaks(c: AppContext) {
    const form = await formFields(c);
    try {
      const reasons = saveBreakReasons(deps, form);
      auditBy(deps, c, { action: 'settingsChanged', target: 'break reasons', detail: reasons.map((r) => groupName({ names: r }, 'en')).join(', ') });
      return listPage(c, { notice: { kind: 'ok', message: t(c.get('lang'), 'admin.breaks.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return listPage(c, { breakValues: form, breakErrors: error.fieldsIn(c.get('lang')) }, 400);
    }
  }

  /** The team's service norms (each group without its own follows them). */
  async function saveNorms(c: AppContext) {
    const form = await formFields(c);
    try {
      const norms = saveTeamNorms(deps, form);
      setDailySummary(deps.db, form.daily_summary === '1');
      auditBy(deps, c, { action: 'settingsChanged', target: 'service norms', detail: `claim ${norms.claim}, first reply ${norms.first_reply}, reply ${norms.reply} min; daily summary ${form.daily_summary === '1' ? 'on' : 'off'}` });
      return listPage(c, { normsNotice: { kind: 'ok', message: t(c.get('lang'), 'admin.sla.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return listPage(c, { normValues: form, normErrors: error.fieldsIn(c.get('lang')) }, 400);
    }
  }

  /** A supporter's own limit of chats at once, from their page (the answer is that page's section). */
  async function saveCapacity(c: AppContext) {
    const target = getSupporter(deps.db, parseId(c.req.param('id')) ?? 0);
    if (!target || target.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    const form = await formFields(c);
    const lang = c.get('lang');
    const section = (data: Record<string, unknown>, status: 200 | 400 = 200) =>
      page(c, 'supporters/_capacity', { csrf: '', supporter: target, groupsLimit: groupsCapacity(deps.db, target.id), ...data }, status);
    try {
      const value = setOwnCapacity(deps, target.id, form.capacity);
      auditBy(deps, c, { action: 'supporterEdited', target: target.name, detail: `chats at once: ${value ?? 'groups default'}` });
      if (!isHtmx(c)) return c.redirect(`/admin/supporters/${target.id}`, 303);
      return section({ value: value === null ? '' : String(value), notice: { kind: 'ok', message: t(lang, 'admin.capacity.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      if (!isHtmx(c)) return c.text(error.say(lang), 400);
      return section({ value: form.capacity ?? '', error: error.say(lang) }, 400);
    }
  }

  async function add(c: AppContext) {
    const form = await formFields(c);
    try {
      const group = createGroup(deps, form);
      auditBy(deps, c, { action: 'settingsChanged', target: label(group), detail: 'added' });
      return c.redirect(`/admin/groups/${group.id}?added=1`, 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return listPage(c, { values: form, errors: error.fieldsIn(c.get('lang')), message: error.say(c.get('lang')) }, 400);
    }
  }

  function showGroup(c: AppContext) {
    const group = groupById(deps.db, parseId(c.req.param('id')));
    return groupPage(c, group, c.req.query('added') !== undefined ? { notice: notice(c.get('lang'), 'admin.groups.added', group) } : {});
  }

  async function save(c: AppContext) {
    const group = groupById(deps.db, parseId(c.req.param('id')));
    const form = await formFields(c);
    try {
      const saved = updateGroup(deps, group.id, form);
      restartGroupOffers(deps, saved.id);
      auditBy(deps, c, { action: 'settingsChanged', target: label(saved), detail: 'saved' });
      return groupPage(c, saved, { notice: notice(c.get('lang'), 'admin.groups.saved', saved) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof Invalid ? error.fieldsIn(c.get('lang')) : {};
      return groupPage(c, group, { values: form, errors, message: error.say(c.get('lang')) }, error instanceof Invalid ? 400 : 409);
    }
  }

  async function saveMembers(c: AppContext) {
    const group = groupById(deps.db, parseId(c.req.param('id')));
    const form = await formFields(c);
    // One checkbox per supporter, named member_<id>.
    const ids = Object.keys(form).filter((key) => /^member_\d{1,12}$/.test(key)).map((key) => key.slice('member_'.length));
    const { added, removed } = setMembers(deps, group.id, ids);
    if (added.length || removed.length) auditBy(deps, c, { action: 'settingsChanged', target: label(group), detail: `members: +${added.join(',') || '-'} -${removed.join(',') || '-'}` });
    return groupPage(c, group, { notice: notice(c.get('lang'), 'admin.groups.membersSaved', group) });
  }

  async function disable(c: AppContext) {
    const group = groupById(deps.db, parseId(c.req.param('id')));
    const form = await formFields(c);
    const hard = form.how === 'hard';
    try {
      const moved = disableGroup(deps, group.id, hard ? form.move_to : null);
      auditBy(deps, c, { action: 'settingsChanged', target: label(group), detail: hard ? `disabled, ${moved} waiting moved` : 'disabled' });
      return groupPage(c, groupById(deps.db, group.id), { notice: { kind: 'ok', message: t(c.get('lang'), hard ? 'admin.groups.disabledMoved' : 'admin.groups.disabled', { name: groupName(group, c.get('lang')), count: moved }) } });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return groupPage(c, group, { message: error.say(c.get('lang')) }, error.status === 400 ? 400 : 409);
    }
  }

  function enable(c: AppContext) {
    const group = enableGroup(deps, parseId(c.req.param('id')));
    auditBy(deps, c, { action: 'settingsChanged', target: label(group), detail: 'enabled' });
    return groupPage(c, group, { notice: notice(c.get('lang'), 'admin.groups.enabled', group) });
  }

  async function remove(c: AppContext) {
    const group = groupById(deps.db, parseId(c.req.param('id')));
    const form = await formFields(c);
    try {
      if (form.confirm !== 'yes') throw new Invalid(t(c.get('lang'), 'admin.groups.confirmDelete'));
      deleteGroup(deps, group.id);
      auditBy(deps, c, { action: 'settingsChanged', target: label(group), detail: 'deleted' });
      return listPage(c, { notice: notice(c.get('lang'), 'admin.groups.deleted', group) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return groupPage(c, group, { message: error.say(c.get('lang')) }, error instanceof Invalid ? 400 : 409);
    }
  }
}
