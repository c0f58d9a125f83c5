import type { MiddlewareHandler } from 'hono';
import type { AppContext, AppEnv } from '../http/env.ts';
import { takesUpload } from '../http/declared.ts';
import { formFields, uploadedFile } from '../http/forms.ts';
import { storedPicture } from '../http/responses.ts';
import { page } from '../http/page.ts';
import { isHtmx } from '../http/htmx.ts';
import { render } from '../lib/render.ts';
import { anyone, table } from '../http/table.ts';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { auditBy } from '../audit/routes.ts';
import { accentCss, accentProblem, currentBrand, logo, removeLogo, saveBrand, setLogo, type Brand } from './brand.ts';

declare module '../http/env.ts' {
  /** `c.get('brand')` on every request (see brandForPages). */
  interface PageBrand extends Brand {}
}

/** Puts the team's look on every request for pages to show (read from memory: see currentBrand). */
export function brandForPages(deps: Deps): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    c.set('brand', currentBrand(deps.db));
    return next();
  };
}

/** The admin's branding page, and the stylesheet and logo every visitor page links to. */
export function brandingRoutes(deps: Deps) {
  const { admin } = supporterGuards(deps);

  return [
    table('/admin', [
      ['GET',  '/branding',             admin,              show],
      ['POST', '/branding',             admin,              save],
      ['POST', '/branding/logo',        admin, takesUpload, uploadLogo],
      ['POST', '/branding/logo/remove', admin,              dropLogo],
    ]),
    table('/brand', [
      ['GET', '/css/:file{[0-9a-f]{6}\\.css}', anyone, css],
      ['GET', '/logo/:version',        anyone, serveLogo],
    ]),
  ];

  function brandingPage(c: AppContext, extra: Record<string, unknown> = {}, status: 200 | 400 = 200) {
    const brand = currentBrand(deps.db);
    const values = { team_name: brand.teamName, accent: brand.accent,
      ...Object.fromEntries(Object.entries(brand.notices).flatMap(([lang, n]) => [[`info_${lang}`, n.info], [`status_${lang}`, n.status]])) };
    return page(c, 'branding/admin', { values, ...extra }, status);
  }

  function show(c: AppContext) {
    return brandingPage(c);
  }

  async function save(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const brand = saveBrand(deps, form);
      auditBy(deps, c, { action: 'settingsChanged', target: 'branding', detail: `team name "${brand.teamName}", accent ${brand.accent || 'default'}` });
      return brandingPage(c, { notice: { kind: 'ok', message: t(lang, 'admin.branding.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return brandingPage(c, { values: form, errors: error.fieldsIn(lang), notice: { kind: 'error', message: t(lang, 'admin.form.fixBelow') } }, 400);
    }
  }

  /** An upload or removal answers with the logo part redrawn (htmx: even a refusal is shown in place), or the whole page. */
  function logoAnswer(c: AppContext, logoNotice: { kind: 'ok' | 'error'; message: string }, status: 200 | 400 = 200) {
    if (!isHtmx(c)) return brandingPage(c, { logoNotice }, status);
    return c.html(render('branding/_logo', { brand: currentBrand(deps.db), csrf: c.get('csrf'), lang: c.get('lang'), logoNotice }), 200);
  }

  async function uploadLogo(c: AppContext) {
    const lang = c.get('lang');
    try {
      await setLogo(deps, await uploadedFile(c, new Text('admin.branding.logoChoose')));
      auditBy(deps, c, { action: 'settingsChanged', target: 'branding', detail: 'new logo' });
      return logoAnswer(c, { kind: 'ok', message: t(lang, 'admin.branding.logoSaved') });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return logoAnswer(c, { kind: 'error', message: error.say(lang) }, 400);
    }
  }

  function dropLogo(c: AppContext) {
    removeLogo(deps);
    auditBy(deps, c, { action: 'settingsChanged', target: 'branding', detail: 'logo removed' });
    return logoAnswer(c, { kind: 'ok', message: t(c.get('lang'), 'admin.branding.logoRemoved') });
  }

  /**
   * An accent as a stylesheet (a page's policy allows no inline style), named by the colour itself
   * so it is cached for good; only a colour that passes the contrast check is one.
   */
  function css(c: AppContext) {
    const accent = `#${(c.req.param('file') ?? '').slice(0, 6)}`;
    if (accentProblem(accent)) throw new NotFound(new Text('admin.branding.accentNone'));
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(accentCss(accent), 200, { 'Content-Type': 'text/css; charset=utf-8' });
  }

  /** The logo at its address (the brand's version). */
  function serveLogo(c: AppContext) {
    return storedPicture(c, logo(deps.db, parseId(c.req.param('version')) ?? -1));
  }
}
