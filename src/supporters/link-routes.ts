import { clientAddress } from '../http/address.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { anyone, table } from '../http/table.ts';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound, TooManyRequests } from '../lib/errors.ts';
import { WindowLimit } from '../lib/rate-limit.ts';
import { cleanLine } from '../lib/input.ts';
import { log } from '../lib/log.ts';
import { accountLabel, auditNow } from '../audit/audit.ts';
import { openLink, requestReset, setPasswordWithLink } from './account-links.ts';

/** "Forgot your password?" asks per address at most this often (each answer may send a mail). */
const FORGOT_PER_ADDRESS = { count: 10, windowMs: 15 * 60_000 };

/**
 * The pages a one-time link by e-mail leads to: "Forgot your password?" and choosing a password
 * (after a reset, or to accept an invitation). Nobody is signed in on them.
 */
export function linkRoutes(deps: Deps) {
  const forgotten = new WindowLimit(deps.clock, FORGOT_PER_ADDRESS);

  return table('/', [
    ['GET',  '/forgot-password',      anyone, showForgot],
    ['POST', '/forgot-password',      anyone, forgot],
    ['GET',  '/set-password/:token',  anyone, showSetPassword],
    ['POST', '/set-password/:token',  anyone, setPassword],
  ]);

  function showForgot(c: AppContext) {
    return page(c, 'supporters/forgot');
  }

  /** The same answer whether or not the address has an account: the form does not tell who works here. */
  async function forgot(c: AppContext) {
    const form = await formFields(c);
    const email = cleanLine(form.email).toLowerCase().slice(0, 254);
    const lang = c.get('lang');
    if (!email) return page(c, 'supporters/forgot', { message: t(lang, 'admin.links.enterEmail') }, 400);
    const wait = forgotten.take(clientAddress(c));
    if (wait) throw new TooManyRequests(new Text('admin.login.tooMany'), wait);
    const mailed = requestReset(deps, email, lang);
    if (mailed) auditNow(deps, { actor: null, action: 'passwordLinkSent', target: accountLabel(mailed), detail: 'asked for on the sign-in page', address: clientAddress(c) });
    return page(c, 'supporters/forgot', { sent: email });
  }

  function showSetPassword(c: AppContext) {
    const link = openLink(deps, c.req.param('token') ?? '');
    if (!link) throw new NotFound(new Text('admin.links.gone'));
    return page(c, 'supporters/set-password', { purpose: link.purpose, name: link.supporter.name, email: link.supporter.email });
  }

  async function setPassword(c: AppContext) {
    const token = c.req.param('token') ?? '';
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const { purpose, supporter } = await setPasswordWithLink(deps, token, form);
      auditNow(deps, { actor: { id: supporter.id, name: supporter.name }, action: purpose === 'invite' ? 'invitationAccepted' : 'passwordReset', target: accountLabel(supporter), detail: 'from a link by e-mail', address: clientAddress(c) });
      log.info({ supporterId: supporter.id, purpose }, 'password set from a link');
      // Signed in by typing it once more: the sign-in page (and later a second factor) stays the only way in.
      return page(c, 'supporters/login', { email: supporter.email, notice: t(lang, purpose === 'invite' ? 'admin.links.welcomeDone' : 'admin.links.resetDone') });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const link = openLink(deps, token);
      if (!link) throw new NotFound(new Text('admin.links.gone'));
      return page(c, 'supporters/set-password', { purpose: link.purpose, name: link.supporter.name, email: link.supporter.email, errors: error.fieldsIn(lang) }, 400);
    }
  }
}
