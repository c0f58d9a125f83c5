import { clientAddress } from '../http/address.ts';
import { clearCookie, readCookie } from '../http/cookies.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { anyone, table } from '../http/table.ts';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyRequests } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { addSupporter, deleteSupporter, getSupporter, hasSupporters, listSupporters, setSupporterEnabled, updateSupporter, type PublicSupporter } from './accounts.ts';
import { SESSION_COOKIE, supporterGuards } from './guards.ts';
import { signIn } from './login.ts';
import { inviteSupporter, sendLinkByAdmin } from './account-links.ts';
import { endSession, supporterForSession } from './sessions.ts';
import { signInAs, startSecondStep } from './sign-in-routes.ts';
import { isRequired, resetByAdmin, setRequired } from './two-factor.ts';
import { presenceGraceMs, setPresenceGrace, type Presence } from '../presence/presence.ts';
import { ABANDON, REJOIN, setSettingMinutes, settingMs } from '../line/abandon.ts';
import { log } from '../lib/log.ts';
import { accountLabel, auditNow } from '../audit/audit.ts';
import { auditBy } from '../audit/routes.ts';
import { spokenNames } from '../language/spoken.ts';
import { groupsCapacity } from '../groups/capacity.ts';
import { shiftsSection } from '../schedules/routes.ts';

/** Sign-in, sign-out, the first-run page and the admin's supporter list. */
export function supporterRoutes(deps: Deps, { presence }: { presence: Presence }) {
  const { admin } = supporterGuards(deps);

  return [
    table('/', [
      ['GET',  '/login',  anyone, showLogin],
      ['POST', '/login',  anyone, logIn],
      ['POST', '/logout', anyone, logOut],
      ['GET',  '/setup',  anyone, showSetup],
      ['POST', '/setup',  anyone, setUp],
    ]),
    table('/admin', [
      ['GET',  '/supporters',                             admin, showSupporters],
      ['POST', '/supporters',                             admin, add],
      ['GET',  '/supporters/:id',                         admin, showEdit],
      ['POST', '/supporters/:id',                         admin, saveEdit],
      ['POST', '/supporters/:id/:action{enable|disable}', admin, enableOrDisable],
      ['POST', '/supporters/:id/delete',                  admin, remove],
      ['POST', '/supporters/:id/send-link',               admin, sendLink],
      ['POST', '/supporters/:id/two-factor-off',          admin, resetTwoFactor],
      ['POST', '/two-factor',                             admin, saveTwoFactorRequired],
      ['POST', '/leaving',                                admin, saveLeaving],
    ]),
  ];

  function showLogin(c: AppContext) {
    if (!hasSupporters(deps.db)) return c.redirect('/setup', 303);
    if (supporterForSession(deps, readCookie(c, deps.config, SESSION_COOKIE))) return c.redirect('/desk', 303);
    return page(c, 'supporters/login');
  }

  async function logIn(c: AppContext) {
    const form = await formFields(c);
    try {
      const supporter = await signIn(deps, { email: form.email, password: form.password, address: clientAddress(c) });
      // The password was right; with two-factor sign-in on (or required and not yet set up) a second step is due first.
      if (supporter.twoFactor || isRequired(deps.db)) return startSecondStep(deps, c, supporter);
      signInAs(deps, c, supporter.id);
      log.info({ supporterId: supporter.id, address: clientAddress(c) }, 'signed in');
      auditNow(deps, { actor: supporter, action: 'signIn', target: supporter.name, address: clientAddress(c) });
      return c.redirect('/desk', 303);
    } catch (error) {
      if (!(error instanceof Invalid) && !(error instanceof TooManyRequests)) throw error;
      const status = error instanceof Invalid ? 400 : 429;
      // Neither the e-mail nor the password typed is logged: either could be the other.
      log.info({ address: clientAddress(c), status }, 'sign-in refused');
      // Not what was typed (either box could hold the password): only that it failed, and why.
      auditNow(deps, { actor: null, action: 'signInFailed', detail: status === 429 ? 'too many attempts' : 'refused', address: clientAddress(c) });
      return page(c, 'supporters/login', { message: error.say(c.get('lang')), email: form.email }, status);
    }
  }

  function logOut(c: AppContext) {
    const supporterId = endSession(deps, readCookie(c, deps.config, SESSION_COOKIE));
    // Signing out is leaving: held tickets go back as soon as this session's pages have closed.
    if (supporterId !== null) presence.signOut(supporterId);
    if (supporterId !== null) {
      log.info({ supporterId }, 'signed out');
      const who = getSupporter(deps.db, supporterId);
      auditNow(deps, { actor: who ? { id: who.id, name: who.name } : null, action: 'signOut', target: who?.name ?? '', address: clientAddress(c) });
    }
    clearCookie(c, deps.config, SESSION_COOKIE);
    return c.redirect('/login', 303);
  }

  function showSetup(c: AppContext) {
    if (hasSupporters(deps.db)) return c.redirect('/login', 303);
    return page(c, 'supporters/setup');
  }

  async function setUp(c: AppContext) {
    const form = await formFields(c);
    try {
      const supporter = await addSupporter(deps, { ...form, role: 'admin' }, { onlyIfFirst: true });
      auditNow(deps, { actor: supporter, action: 'supporterAdded', target: accountLabel(supporter), detail: 'admin, first run', address: clientAddress(c) });
      signInAs(deps, c, supporter.id);
      return c.redirect('/desk', 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const lang = c.get('lang');
      return page(c, 'supporters/setup', { message: t(lang, 'admin.form.fixBelow'), errors: error.fieldsIn(lang), values: form }, 400);
    }
  }

  function supportersPage(c: AppContext, extra: Record<string, unknown> = {}, status: 200 | 400 | 403 | 409 = 200) {
    const leaving = {
      grace: String(presenceGraceMs(deps.db) / 1000),
      abandon: String(settingMs(deps.db, ABANDON) / 60_000),
      rejoin: String(settingMs(deps.db, REJOIN) / 60_000),
    };
    return page(c, 'supporters/admin', { supporters: listSupporters(deps.db), leaving, twoFactorRequired: isRequired(deps.db), ...extra }, status);
  }

  function showSupporters(c: AppContext) {
    return supportersPage(c);
  }

  /** Adds a supporter with a password typed now, or (the default) invites them by e-mail to choose their own. */
  async function add(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    const me = c.get('supporter');
    try {
      // The form always says which; a request without the choice invites unless it brings a password.
      const inviting = form.access === 'invite' || (form.access !== 'password' && !form.password);
      const added = inviting ? inviteSupporter(deps, form, lang, me) : await addSupporter(deps, form);
      auditBy(deps, c, { action: inviting ? 'supporterInvited' : 'supporterAdded', target: accountLabel(added), detail: added.role });
      const said = inviting ? t(lang, 'admin.supporters.invited', { name: added.name, email: added.email }) : t(lang, 'admin.supporters.added', { name: added.name });
      return supportersPage(c, { notice: { kind: 'ok', message: said } });
    } catch (error) {
      if (error instanceof Conflict) return supportersPage(c, { message: error.say(lang), values: form }, 409);
      if (!(error instanceof Invalid)) throw error;
      return supportersPage(c, { message: t(lang, 'admin.form.fixBelow'), errors: error.fieldsIn(lang), values: form }, 400);
    }
  }

  /** A one-time link by e-mail: a password reset, or the invitation again for someone who has not accepted it. */
  function sendLink(c: AppContext) {
    const lang = c.get('lang');
    try {
      const { supporter, purpose } = sendLinkByAdmin(deps, parseId(c.req.param('id')), lang, c.get('supporter'));
      auditBy(deps, c, { action: purpose === 'invite' ? 'supporterInvited' : 'passwordLinkSent', target: accountLabel(supporter), detail: purpose === 'invite' ? 'invitation sent again' : '' });
      const message = t(lang, purpose === 'invite' ? 'admin.links.inviteSent' : 'admin.links.resetSent', { email: supporter.email });
      return editPage(c, supporter, { notice: { kind: 'ok', message } });
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      return editPage(c, accountToEdit(parseId(c.req.param('id'))), { notice: { kind: 'error', message: error.say(lang) } }, 409);
    }
  }

  /** A supporter an admin may open: one that exists and is not deleted (else 404). */
  function accountToEdit(id: number | null): PublicSupporter {
    const supporter = id === null ? undefined : getSupporter(deps.db, id);
    if (!supporter || supporter.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    return supporter;
  }

  function editPage(c: AppContext, supporter: PublicSupporter, extra: Record<string, unknown> = {}, status: 200 | 400 | 403 | 409 = 200) {
    const spoken = { value: supporter.languages, names: spokenNames(supporter.languages, c.get('lang')) };
    return page(c, 'supporters/edit', {
      supporter, values: { name: supporter.name, email: supporter.email, role: supporter.role }, spoken, groupsLimit: groupsCapacity(deps.db, supporter.id),
      shifts: shiftsSection(deps, supporter, c.get('lang')), ...extra,
    }, status);
  }

  function showEdit(c: AppContext) {
    return editPage(c, accountToEdit(parseId(c.req.param('id'))));
  }

  async function saveEdit(c: AppContext) {
    const id = parseId(c.req.param('id'));
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const { before, after } = updateSupporter(deps, id, form);
      const changes = [
        before.name !== after.name ? `name: ${before.name} → ${after.name}` : '',
        before.email !== after.email ? `e-mail: ${before.email} → ${after.email}` : '',
        before.role !== after.role ? `role: ${before.role} → ${after.role}` : '',
      ].filter(Boolean).join('; ');
      if (changes) auditBy(deps, c, { action: 'supporterEdited', target: accountLabel(after), detail: changes });
      return editPage(c, after, { notice: { kind: 'ok', message: t(lang, 'admin.supporters.saved', { name: after.name }) } });
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFound) throw error;
      const errors = error instanceof Invalid ? error.fieldsIn(lang) : {};
      const message = error instanceof Invalid ? t(lang, 'admin.form.fixBelow') : error.say(lang);
      return editPage(c, accountToEdit(id), { values: form, errors, notice: { kind: 'error', message } }, error.status as 400 | 403 | 409);
    }
  }

  /** Deleting asks for a ticked box first: it cannot be undone. */
  async function remove(c: AppContext) {
    const id = parseId(c.req.param('id'));
    const form = await formFields(c);
    const lang = c.get('lang');
    if (form.confirm !== 'yes') {
      return editPage(c, accountToEdit(id), { notice: { kind: 'error', message: t(lang, 'admin.supporters.confirmDelete') } }, 400);
    }
    const gone = deleteSupporter(deps, c.get('supporter').id, id);
    auditBy(deps, c, { action: 'supporterDeleted', target: accountLabel(gone) });
    return supportersPage(c, { notice: { kind: 'ok', message: t(lang, 'admin.supporters.deleted', { name: gone.name }) } });
  }

  function enableOrDisable(c: AppContext) {
    const id = parseId(c.req.param('id'));
    const enabled = c.req.param('action') === 'enable';
    const changed = setSupporterEnabled(deps, c.get('supporter').id, id ?? -1, enabled);
    auditBy(deps, c, { action: enabled ? 'supporterEnabled' : 'supporterDisabled', target: accountLabel(changed) });
    const message = t(c.get('lang'), enabled ? 'admin.supporters.enabledAgain' : 'admin.supporters.disabledNow', { name: changed.name });
    return supportersPage(c, { notice: { kind: 'ok', message } });
  }

  /** For a supporter who lost their phone and their recovery codes: they sign in with the password alone (and set it up again if required). */
  function resetTwoFactor(c: AppContext) {
    const supporter = accountToEdit(parseId(c.req.param('id')));
    resetByAdmin(deps, supporter.id);
    auditBy(deps, c, { action: 'twoFactorReset', target: accountLabel(supporter) });
    return editPage(c, accountToEdit(supporter.id), { notice: { kind: 'ok', message: t(c.get('lang'), 'admin.twoFactor.resetDone', { name: supporter.name }) } });
  }

  async function saveTwoFactorRequired(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    const required = form.required === '1';
    try {
      const ended = setRequired(deps, c.get('supporter').id, required);
      auditBy(deps, c, { action: 'settingsChanged', target: 'two-factor sign-in', detail: required ? `required for everyone; ${ended} sessions without it ended` : 'optional' });
      return supportersPage(c, { notice: { kind: 'ok', message: t(lang, required ? 'admin.twoFactor.requiredNow' : 'admin.twoFactor.optionalNow', { count: ended }) } });
    } catch (error) {
      if (!(error instanceof Forbidden)) throw error;
      return supportersPage(c, { notice: { kind: 'error', message: error.say(lang) } }, 403);
    }
  }

  /** The three settings of people leaving, saved together: one out of range saves none. */
  async function saveLeaving(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      deps.db.transaction(() => {
        setPresenceGrace(deps.db, form.grace);
        setSettingMinutes(deps.db, ABANDON, form.abandon, 'abandon');
        setSettingMinutes(deps.db, REJOIN, form.rejoin, 'rejoin');
      })();
      const saved = { grace: presenceGraceMs(deps.db) / 1000, abandon: settingMs(deps.db, ABANDON) / 60_000, rejoin: settingMs(deps.db, REJOIN) / 60_000 };
      auditBy(deps, c, { action: 'settingsChanged', target: 'people leaving', detail: `grace ${saved.grace} s, abandoned after ${saved.abandon} min, rejoin within ${saved.rejoin} min` });
      return supportersPage(c, { notice: { kind: 'ok', message: t(lang, 'admin.leaving.saved', saved) } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return supportersPage(c, { leavingErrors: error.fieldsIn(lang), leavingValues: form }, 400);
    }
  }

}
