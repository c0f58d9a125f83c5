import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import { t, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { addClosedDate, hhmm, loadHours, openingState, removeClosedDate, saveHours, WEEKDAYS } from './hours.ts';
import { weekdayName } from './when.ts';
import { auditBy } from '../audit/routes.ts';

/** A weekday's name as a row heading: capitalised, whatever the language does in a sentence. */
const dayHeading = (lang: Lang, weekday: number) => {
  const name = weekdayName(lang, weekday);
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
};

type HoursPage = { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: object };

/** Admins set the opening hours, the time zone and closed dates. */
export function hoursRoutes(deps: Deps) {
  const { admin } = supporterGuards(deps);

  return [table('/admin', [
    ['GET',  '/hours',               admin, showHours],
    ['POST', '/hours',               admin, save],
    ['POST', '/hours/closed',        admin, addClosed],
    ['POST', '/hours/closed/remove', admin, removeClosed],
  ])];

  function formValues() {
    const hours = loadHours(deps.db);
    const values: Record<string, string> = { timezone: hours.timezone };
    for (const d of hours.days) { values[`opens${d.weekday}`] = hhmm(d.opensAt); values[`closes${d.weekday}`] = hhmm(d.closesAt); }
    return values;
  }

  function hoursPage(c: AppContext, extra: HoursPage = {}, status: 200 | 400 = 200) {
    const hours = loadHours(deps.db);
    return page(c, 'hours/admin', {
      hours, state: openingState(hours, deps.clock.now()),
      weekdays: WEEKDAYS.map((weekday) => dayHeading(c.get('lang'), weekday)),
      values: extra.values ?? formValues(), errors: extra.errors ?? {}, message: extra.message, notice: extra.notice,
    }, status);
  }

  function ok(message: string) {
    return { notice: { kind: 'ok', message } };
  }

  function showHours(c: AppContext) {
    return hoursPage(c);
  }

  async function save(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      saveHours(deps, form);
      auditBy(deps, c, { action: 'settingsChanged', target: 'opening hours' });
      return hoursPage(c, ok(t(lang, 'admin.hours.saved')));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.slice(0, 64)]));
      return hoursPage(c, { values, errors: error.fieldsIn(lang), message: t(lang, 'admin.form.fixMarked') }, 400);
    }
  }

  async function addClosed(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      addClosedDate(deps, form.day, form.note);
      auditBy(deps, c, { action: 'settingsChanged', target: 'closed dates', detail: `closed on ${form.day ?? ''}` });
      return hoursPage(c, ok(t(lang, 'admin.hours.closedAdded', { day: form.day ?? '' })));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return hoursPage(c, { message: error.say(lang) }, 400);
    }
  }

  async function removeClosed(c: AppContext) {
    const day = (await formFields(c)).day;
    removeClosedDate(deps, day);
    auditBy(deps, c, { action: 'settingsChanged', target: 'closed dates', detail: `open again on ${(day ?? '').slice(0, 10)}` });
    return hoursPage(c, ok(t(c.get('lang'), 'admin.hours.closedRemoved')));
  }
}
