import { Hono, type Context } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { render } from '../lib/render.ts';
import { formFields } from '../http/forms.ts';
import type { AppEnv } from '../http/env.ts';
import { t, type Lang } from '../i18n/index.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { addClosedDate, hhmm, loadHours, openingState, removeClosedDate, saveHours, WEEKDAYS } from './hours.ts';
import { weekdayName } from './when.ts';

/** A weekday's name as a row heading: capitalised, whatever the language does in a sentence. */
const dayHeading = (lang: Lang, weekday: number) => {
  const name = weekdayName(lang, weekday);
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
};

/** Admins set the opening hours, the time zone and closed dates. */
export function hoursRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const admin = requireSupporter(deps, ['admin']);

  const formValues = () => {
    const hours = loadHours(deps.db);
    const values: Record<string, string> = { timezone: hours.timezone };
    for (const d of hours.days) { values[`opens${d.weekday}`] = hhmm(d.opensAt); values[`closes${d.weekday}`] = hhmm(d.closesAt); }
    return values;
  };
  const page = (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: object } = {}) => {
    const hours = loadHours(deps.db);
    const lang = c.get('lang');
    return render('hours/admin', {
      me: c.get('supporter'), csrf: c.get('csrf'), hours, lang, state: openingState(hours, deps.clock.now()),
      weekdays: WEEKDAYS.map((weekday) => dayHeading(lang, weekday)),
      values: extra.values ?? formValues(), errors: extra.errors ?? {}, message: extra.message, notice: extra.notice,
    });
  };
  const ok = (message: string) => ({ notice: { kind: 'ok', message } });

  app.get('/admin/hours', admin, (c) => c.html(page(c)));

  app.post('/admin/hours', admin, async (c) => {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      saveHours(deps, form);
      return c.html(page(c, ok(t(lang, 'admin.hours.saved'))));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.slice(0, 64)]));
      return c.html(page(c, { values, errors: error.fieldsIn(lang), message: t(lang, 'admin.form.fixMarked') }), 400);
    }
  });

  app.post('/admin/hours/closed', admin, async (c) => {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      addClosedDate(deps, form.day, form.note);
      return c.html(page(c, ok(t(lang, 'admin.hours.closedAdded', { day: form.day ?? '' }))));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return c.html(page(c, { message: error.say(lang) }), 400);
    }
  });

  app.post('/admin/hours/closed/remove', admin, async (c) => {
    removeClosedDate(deps, (await formFields(c)).day);
    return c.html(page(c, ok(t(c.get('lang'), 'admin.hours.closedRemoved'))));
  });

  return app;
}
