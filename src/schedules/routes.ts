import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import { t, Text, type Key, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { getSupporter, type PublicSupporter } from '../supporters/accounts.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { auditBy } from '../audit/routes.ts';
import { teamTimezone } from '../hours/hours.ts';
import { weekdayName } from '../hours/when.ts';
import { addException, intervalsText, removeException, saveWeek, upcomingExceptions, weekOfSupporter } from './shifts.ts';

/** What the Shifts section of an admin's supporter page shows (also drawn by the supporter routes). */
export function shiftsSection(deps: Deps, supporter: PublicSupporter, lang: Lang) {
  return {
    supporter, zone: teamTimezone(deps.db),
    week: weekOfSupporter(deps.db, supporter.id).map((day) => ({ weekday: day.weekday, name: weekdayName(lang, day.weekday), text: intervalsText(day.intervals) })),
    daysOff: upcomingExceptions(deps.db, supporter.id, deps.clock.now()),
  };
}

/** An admin's changes to a supporter's weekly shifts and days off; each answer is the section again. */
export function shiftRoutes(deps: Deps) {
  const { admin } = supporterGuards(deps);

  return [table('/admin/supporters', [
    ['POST', '/:id/shifts',                    admin, saveShifts],
    ['POST', '/:id/days-off',                  admin, addDayOff],
    ['POST', '/:id/days-off/:day/delete',      admin, removeDayOff],
  ])];

  function target(c: AppContext): PublicSupporter {
    const supporter = getSupporter(deps.db, parseId(c.req.param('id')) ?? 0);
    if (!supporter || supporter.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    return supporter;
  }

  /** The section (htmx) or the page it is on (a plain form), with a notice or the marked fields. */
  function answer(c: AppContext, supporter: PublicSupporter, extra: Record<string, unknown>, status: 200 | 400 = 200) {
    if (!isHtmx(c)) return status === 200 ? c.redirect(`/admin/supporters/${supporter.id}`, 303) : c.text(String(extra.message ?? ''), 400);
    return page(c, 'supporters/_shifts', { ...shiftsSection(deps, supporter, c.get('lang')), ...extra }, status);
  }

  function ok(c: AppContext, key: Key) {
    return { notice: { kind: 'ok', message: t(c.get('lang'), key) } };
  }

  async function saveShifts(c: AppContext) {
    const supporter = target(c);
    const form = await formFields(c);
    try {
      const week = saveWeek(deps, supporter.id, form);
      auditBy(deps, c, { action: 'supporterEdited', target: supporter.name, detail: `shifts: ${week.map((d) => intervalsText(d.intervals) || '-').join(' | ')}` });
      return answer(c, supporter, ok(c, 'admin.shifts.saved'));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return answer(c, supporter, { values: form, errors: error.fieldsIn(c.get('lang')), message: error.say(c.get('lang')) }, 400);
    }
  }

  async function addDayOff(c: AppContext) {
    const supporter = target(c);
    const form = await formFields(c);
    try {
      addException(deps, supporter.id, form);
      auditBy(deps, c, { action: 'supporterEdited', target: supporter.name, detail: `day off: ${String(form.day)} ${String(form.kind)}` });
      return answer(c, supporter, ok(c, 'admin.shifts.daySaved'));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const fields = error.fieldsIn(c.get('lang'));
      const notice = Object.keys(fields).length ? {} : { notice: { kind: 'error', message: error.say(c.get('lang')) } };
      return answer(c, supporter, { dayValues: form, dayErrors: fields, message: error.say(c.get('lang')), ...notice }, 400);
    }
  }

  async function removeDayOff(c: AppContext) {
    const supporter = target(c);
    await formFields(c);
    removeException(deps, supporter.id, c.req.param('day'));
    auditBy(deps, c, { action: 'supporterEdited', target: supporter.name, detail: `day off removed: ${c.req.param('day')}` });
    return answer(c, supporter, ok(c, 'admin.shifts.dayRemoved'));
  }
}
