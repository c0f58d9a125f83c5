import { clientAddress } from '../http/address.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { anyone, table } from '../http/table.ts';
import { t } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, TooManyRequests } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { accountLabel, auditNow } from '../audit/audit.ts';
import { getSupporter, type PublicSupporter } from './accounts.ts';
import { parseUserAgent, UNKNOWN } from '../visitor/agent.ts';
import { SESSION_COOKIE } from './guards.ts';
import { endSession, SESSION_TTL_MS, startSession } from './sessions.ts';
import { endStep, startStep, STEP_TTL_MS, stepFor, wrongTry } from './sign-in-steps.ts';
import { checkSecondFactor, newEnrolment, recoveryCodesLeft, turnOn } from './two-factor.ts';

/* Finishing a sign-in: the session it starts, and the second step (a code) when one is due. */

/** The browser and system a request comes from ("Firefox 140 · Windows"), for the list of sessions. */
export function deviceOf(c: AppContext): string {
  const agent = parseUserAgent(c.req.header('User-Agent'));
  return [agent.browser, agent.os].filter((part) => part && part !== UNKNOWN).join(' · ');
}

/** Starts a session for a supporter whose sign-in is complete; a session the browser had before ends. */
export function signInAs(deps: Deps, c: AppContext, supporterId: number, device = deviceOf(c)): void {
  endSession(deps, readCookie(c, deps.config, SESSION_COOKIE));
  writeCookie(c, deps.config, SESSION_COOKIE, startSession(deps, supporterId, device), SESSION_TTL_MS / 1000);
}

/** Holds a half-done sign-in (the password was right) for a few minutes; never a session. */
const STEP_COOKIE = 'lineup_signin';

/** Answers a right password when a second step is due: a code from the app, or setting the app up (required by the team). */
export async function startSecondStep(deps: Deps, c: AppContext, supporter: PublicSupporter) {
  const step = supporter.twoFactor ? 'code' : 'enroll';
  writeCookie(c, deps.config, STEP_COOKIE, startStep(deps, supporter.id, step, deviceOf(c)), STEP_TTL_MS / 1000);
  log.info({ supporterId: supporter.id, step }, 'password right, second step due');
  return stepPage(deps, c, step, supporter);
}

async function stepPage(deps: Deps, c: AppContext, step: 'code' | 'enroll', supporter: PublicSupporter, extra: { error?: string; secret?: unknown } = {}, status: 200 | 400 = 200) {
  const enrolment = step === 'enroll' ? await newEnrolment(deps, supporter.email, extra.secret) : null;
  return page(c, 'supporters/second-step', { step, enrolment, error: extra.error }, status);
}

/** The second step's answer: signed in, or told what was wrong; too many wrong tries, or too late, and the password is due again. */
export function signInRoutes(deps: Deps) {
  return table('/', [
    ['POST', '/login/code', anyone, secondStep],
  ]);

  function startOver(c: AppContext, key: string | undefined, message: string, status: 400 | 429 = 400) {
    if (key) endStep(deps, key);
    clearCookie(c, deps.config, STEP_COOKIE);
    return page(c, 'supporters/login', { message }, status);
  }

  async function secondStep(c: AppContext) {
    const lang = c.get('lang');
    const key = readCookie(c, deps.config, STEP_COOKIE);
    const step = stepFor(deps, key);
    const supporter = step && getSupporter(deps.db, step.supporterId);
    if (!key || !step || !supporter || !supporter.enabled || supporter.deletedAt !== null) return startOver(c, key, t(lang, 'admin.twoFactor.again'));
    const form = await formFields(c);
    const address = clientAddress(c);
    const refuse = (secret?: unknown) => {
      auditNow(deps, { actor: null, action: 'signInFailed', target: accountLabel(supporter), detail: 'wrong second-factor code', address });
      if (wrongTry(deps, key) === 0) return startOver(c, key, t(lang, 'admin.twoFactor.tooManyTries'));
      return stepPage(deps, c, step.step, supporter, { error: t(lang, 'admin.twoFactor.codeWrong'), secret }, 400);
    };
    if (step.step === 'code') {
      let how: 'app' | 'recovery' | null;
      try {
        how = checkSecondFactor(deps, supporter.id, form.code);
      } catch (error) {
        if (!(error instanceof TooManyRequests)) throw error;
        c.header('Retry-After', String(error.retryAfterSeconds));
        return startOver(c, key, error.say(lang), 429);
      }
      if (!how) return refuse();
      endStep(deps, key);
      clearCookie(c, deps.config, STEP_COOKIE);
      signInAs(deps, c, supporter.id, step.device);
      const detail = how === 'recovery' ? `with a recovery code (${recoveryCodesLeft(deps.db, supporter.id)} left)` : 'with two-factor';
      auditNow(deps, { actor: supporter, action: 'signIn', target: supporter.name, detail, address });
      log.info({ supporterId: supporter.id, address, secondFactor: how }, 'signed in');
      return c.redirect('/desk', 303);
    }
    // Required by the team and not set up yet: the app is set up here, before any session exists.
    try {
      const codes = turnOn(deps, supporter.id, form);
      endStep(deps, key);
      clearCookie(c, deps.config, STEP_COOKIE);
      signInAs(deps, c, supporter.id, step.device);
      auditNow(deps, { actor: supporter, action: 'twoFactorOn', target: supporter.name, detail: 'at sign-in, required by the team', address });
      auditNow(deps, { actor: supporter, action: 'signIn', target: supporter.name, detail: 'with two-factor', address });
      return page(c, 'supporters/recovery-codes', { codes, next: '/desk' });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return refuse(form.secret);
    }
  }
}
