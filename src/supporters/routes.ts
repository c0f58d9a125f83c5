import { Hono, type Context } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid, TooManyRequests } from '../lib/errors.ts';
import { t } from '../i18n/index.ts';
import { parseId } from '../lib/ids.ts';
import { render } from '../lib/render.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import { clientAddress } from '../http/address.ts';
import { formFields } from '../http/forms.ts';
import type { AppEnv } from '../http/env.ts';
import { addSupporter, hasSupporters, listSupporters, setSupporterEnabled } from './accounts.ts';
import { requireSupporter, SESSION_COOKIE } from './guards.ts';
import { signIn } from './login.ts';
import { endSession, SESSION_TTL_MS, startSession, supporterForSession } from './sessions.ts';

/** Sign-in, sign-out, the first-run page and the admin's supporter list. */
export function supporterRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const admin = requireSupporter(deps, ['admin']);

  const signInAs = (c: Context<AppEnv>, supporterId: number) => {
    endSession(deps, readCookie(c, deps.config, SESSION_COOKIE));
    writeCookie(c, deps.config, SESSION_COOKIE, startSession(deps, supporterId), SESSION_TTL_MS / 1000);
  };

  app.get('/login', (c) => {
    if (!hasSupporters(deps)) return c.redirect('/setup', 303);
    if (supporterForSession(deps, readCookie(c, deps.config, SESSION_COOKIE))) return c.redirect('/desk', 303);
    return c.html(render('supporters/login', { csrf: c.get('csrf'), lang: c.get('lang') }));
  });

  app.post('/login', async (c) => {
    const form = await formFields(c);
    try {
      const supporter = await signIn(deps, { email: form.email, password: form.password, address: clientAddress(c) });
      signInAs(c, supporter.id);
      return c.redirect('/desk', 303);
    } catch (error) {
      if (!(error instanceof Invalid) && !(error instanceof TooManyRequests)) throw error;
      const status = error instanceof Invalid ? 400 : 429;
      const lang = c.get('lang');
      return c.html(render('supporters/login', { csrf: c.get('csrf'), lang, message: error.say(lang), email: form.email }), status);
    }
  });

  app.post('/logout', (c) => {
    endSession(deps, readCookie(c, deps.config, SESSION_COOKIE));
    clearCookie(c, deps.config, SESSION_COOKIE);
    return c.redirect('/login', 303);
  });

  app.get('/setup', (c) => {
    if (hasSupporters(deps)) return c.redirect('/login', 303);
    return c.html(render('supporters/setup', { csrf: c.get('csrf'), lang: c.get('lang') }));
  });

  app.post('/setup', async (c) => {
    const form = await formFields(c);
    try {
      const supporter = await addSupporter(deps, { ...form, role: 'admin' }, { onlyIfFirst: true });
      signInAs(c, supporter.id);
      return c.redirect('/desk', 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const lang = c.get('lang');
      return c.html(render('supporters/setup', { csrf: c.get('csrf'), lang, message: t(lang, 'admin.form.fixBelow'), errors: error.fieldsIn(lang), values: form }), 400);
    }
  });

  const adminPage = (c: Context<AppEnv>, extra: Record<string, unknown> = {}) =>
    render('supporters/admin', { me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), supporters: listSupporters(deps), ...extra });

  app.get('/admin/supporters', admin, (c) => c.html(adminPage(c)));

  app.post('/admin/supporters', admin, async (c) => {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const added = await addSupporter(deps, form);
      return c.html(adminPage(c, { notice: { kind: 'ok', message: t(lang, 'admin.supporters.added', { name: added.name }) } }));
    } catch (error) {
      if (error instanceof Conflict) return c.html(adminPage(c, { message: error.say(lang), values: form }), 409);
      if (!(error instanceof Invalid)) throw error;
      return c.html(adminPage(c, { message: t(lang, 'admin.form.fixBelow'), errors: error.fieldsIn(lang), values: form }), 400);
    }
  });

  app.post('/admin/supporters/:id/:action{enable|disable}', admin, (c) => {
    const id = parseId(c.req.param('id'));
    const enabled = c.req.param('action') === 'enable';
    const changed = setSupporterEnabled(deps, c.get('supporter').id, id ?? -1, enabled);
    const message = t(c.get('lang'), enabled ? 'admin.supporters.enabledAgain' : 'admin.supporters.disabledNow', { name: changed.name });
    return c.html(adminPage(c, { notice: { kind: 'ok', message } }));
  });

  return app;
}
