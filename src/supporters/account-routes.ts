import type { AppContext } from '../http/env.ts';
import { takesUpload } from '../http/declared.ts';
import { formFields, uploadedFile } from '../http/forms.ts';
import { storedPicture } from '../http/responses.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { anyone, table } from '../http/table.ts';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Forbidden, Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { helpers, render } from '../lib/render.ts';
import { supporterGuards } from './guards.ts';
import { changeOwnPassword } from './own-password.ts';
import { photo, removePhoto, setPhoto } from './photos.ts';
import { getSupporter } from './accounts.ts';
import { sessionsOfSupporter, signOutElsewhere } from './sessions.ts';
import { auditBy } from '../audit/routes.ts';
import { spokenNames } from '../language/spoken.ts';
import { isRequired, newEnrolment, recoveryCodesLeft, renewRecoveryCodes, turnOff, turnOn } from './two-factor.ts';

/** A supporter's own account: their photo, their password and where they are signed in. Photos are served to anyone (visitors see them). */
export function accountRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);

  return [
    table('/account', [
      ['GET',  '/',                    supporter,              show],
      ['POST', '/photo',               supporter, takesUpload, upload],
      ['POST', '/photo/remove',        supporter,              remove],
      ['POST', '/password',            supporter,              changePassword],
      ['POST', '/sessions/end-others', supporter,              endOthers],
      ['POST', '/two-factor/setup',    supporter,              startTwoFactor],
      ['POST', '/two-factor/on',       supporter,              twoFactorOn],
      ['POST', '/two-factor/codes',    supporter,              newCodes],
      ['POST', '/two-factor/off',      supporter,              twoFactorOff],
    ]),
    table('/photos', [
      ['GET', '/:id/:version', anyone, serve],
    ]),
  ];

  function accountPage(c: AppContext, extra: Record<string, unknown> = {}, status: 200 | 400 | 403 = 200) {
    const me = getSupporter(deps.db, c.get('supporter').id);
    const sessions = sessionsOfSupporter(deps, c.get('supporter').id);
    const twoFactor = { on: Boolean(me?.twoFactor), codesLeft: recoveryCodesLeft(deps.db, c.get('supporter').id), required: isRequired(deps.db) };
    const spoken = { value: me?.languages ?? '', names: spokenNames(me?.languages ?? '', c.get('lang')) };
    return page(c, 'supporters/account', { photo: helpers.photo(me?.id, me?.photoVersion), sessions, twoFactor, spoken, ...extra }, status);
  }

  function show(c: AppContext) {
    return accountPage(c);
  }

  /** An upload or removal answers with the photo part redrawn (htmx), or the whole page. */
  function photoAnswer(c: AppContext, notice: { kind: 'ok' | 'error'; message: string }, status: 200 | 400 = 200) {
    if (!isHtmx(c)) return accountPage(c, { photoNotice: notice }, status);
    const me = getSupporter(deps.db, c.get('supporter').id);
    // An htmx answer other than 2xx is not swapped by default; a refusal is still shown in place.
    return c.html(render('supporters/_photo', { me, csrf: c.get('csrf'), lang: c.get('lang'), photo: helpers.photo(me?.id, me?.photoVersion), photoNotice: notice }), 200);
  }

  async function upload(c: AppContext) {
    const lang = c.get('lang');
    try {
      await setPhoto(deps, c.get('supporter').id, await uploadedFile(c, new Text('admin.account.photoChoose')));
      return photoAnswer(c, { kind: 'ok', message: t(lang, 'admin.account.photoSaved') });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return photoAnswer(c, { kind: 'error', message: error.say(lang) }, 400);
    }
  }

  function remove(c: AppContext) {
    removePhoto(deps, c.get('supporter').id);
    return photoAnswer(c, { kind: 'ok', message: t(c.get('lang'), 'admin.account.photoRemoved') });
  }

  async function changePassword(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    const me = c.get('supporter');
    try {
      await changeOwnPassword(deps, me.id, me.sessionId, form);
      auditBy(deps, c, { action: 'passwordChanged', target: me.name });
      return accountPage(c, { passwordNotice: { kind: 'ok', message: t(lang, 'admin.account.passwordChanged') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return accountPage(c, { passwordNotice: { kind: 'error', message: t(lang, 'admin.form.fixBelow') }, errors: error.fieldsIn(lang) }, 400);
    }
  }

  function endOthers(c: AppContext) {
    const me = c.get('supporter');
    const count = signOutElsewhere(deps, me.id, me.sessionId);
    auditBy(deps, c, { action: 'signOutElsewhere', target: me.name, detail: `${count} sessions` });
    return accountPage(c, { sessionsNotice: { kind: 'ok', message: t(c.get('lang'), 'admin.account.signedOutElsewhere', { count }) } });
  }

  /** Starts setting up two-factor sign-in: a new secret and its QR code, kept by the page until a code confirms it. */
  async function startTwoFactor(c: AppContext) {
    return accountPage(c, { enrolment: await newEnrolment(deps, c.get('supporter').email) });
  }

  /** A code from the app confirms the secret: it is on, and the recovery codes are shown (this once). */
  async function twoFactorOn(c: AppContext) {
    const form = await formFields(c);
    const me = c.get('supporter');
    try {
      const codes = turnOn(deps, me.id, form);
      auditBy(deps, c, { action: 'twoFactorOn', target: me.name });
      return accountPage(c, { recoveryCodes: codes, twoFactorNotice: { kind: 'ok', message: t(c.get('lang'), 'admin.twoFactor.nowOn') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      // The same secret again (the app may already hold it); a forged one gets a new one.
      return accountPage(c, { enrolment: await newEnrolment(deps, me.email, form.secret), errors: error.fieldsIn(c.get('lang')) }, 400);
    }
  }

  async function newCodes(c: AppContext) {
    const form = await formFields(c);
    const me = c.get('supporter');
    try {
      const codes = renewRecoveryCodes(deps, me.id, form.code);
      auditBy(deps, c, { action: 'recoveryCodesRenewed', target: me.name });
      return accountPage(c, { recoveryCodes: codes });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return accountPage(c, { twoFactorNotice: { kind: 'error', message: error.say(c.get('lang')) } }, 400);
    }
  }

  async function twoFactorOff(c: AppContext) {
    const form = await formFields(c);
    const me = c.get('supporter');
    const lang = c.get('lang');
    try {
      await turnOff(deps, me.id, form);
      auditBy(deps, c, { action: 'twoFactorOff', target: me.name });
      return accountPage(c, { twoFactorNotice: { kind: 'ok', message: t(lang, 'admin.twoFactor.nowOff') } });
    } catch (error) {
      if (!(error instanceof Invalid) && !(error instanceof Forbidden)) throw error;
      return accountPage(c, { twoFactorNotice: { kind: 'error', message: error.say(lang) } }, error instanceof Forbidden ? 403 : 400);
    }
  }

  /** A photo, by supporter and version: the address changes with every new photo. */
  function serve(c: AppContext) {
    c.header('Content-Disposition', 'inline');
    return storedPicture(c, photo(deps.db, parseId(c.req.param('id')) ?? -1, parseId(c.req.param('version')) ?? -1));
  }
}
