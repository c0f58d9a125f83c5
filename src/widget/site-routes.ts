import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { t } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { INVITE_STATS_DAYS, recentInviteStats } from './invites.ts';
import { addSite, listSites, regenerateSecret, siteById, siteTopics, updateSite, SITE_LIMITS, type Site } from './sites.ts';
import { offeredTopics } from '../groups/topics.ts';
import { auditBy } from '../audit/routes.ts';

/** The admin's sites: the list, each site's settings, snippet, secret and invitation counts (routes in routes.ts). */
export function siteHandlers(deps: Deps) {
  const sitesPage = (c: AppContext, extra: Record<string, unknown> = {}, status: 200 | 400 = 200) =>
    page(c, 'widget/sites', { sites: listSites(deps.db), limits: SITE_LIMITS, topics: offeredTopics(deps.db, c.get('lang')), ...extra }, status);
  const sitePage = (c: AppContext, site: Site, extra: Record<string, unknown> = {}, status: 200 | 400 = 200) => page(c, 'widget/site', {
    site, limits: SITE_LIMITS, stats: recentInviteStats(deps, site.id), statsDays: INVITE_STATS_DAYS, topics: offeredTopics(deps.db, c.get('lang')),
    snippet: `<script src="${deps.config.publicUrl}/widget.js" data-site="${site.key}" async></script>`, ...extra,
  }, status);
  const formValues = (site: Site) => ({
    name: site.name, origins: site.origins.join(' '), invite_after_seconds: site.inviteAfterSeconds ?? '', invite_pattern: site.invitePattern, invite_greeting: site.inviteGreeting,
    widget_name: site.widgetName, widget_accent: site.widgetAccent, widget_greeting: site.widgetGreeting,
    // The topics boxes: ticked for those the widget asks about here.
    topics_form: '1', ...Object.fromEntries(siteTopics(deps.db, site, 'en').map((topic) => [`topic_${topic.id}`, 'on'])),
  });

  return {
    showSites(c: AppContext) {
      return sitesPage(c);
    },

    async addSite(c: AppContext) {
      const form = await formFields(c);
      const lang = c.get('lang');
      try {
        const site = addSite(deps, form, lang);
        auditBy(deps, c, { action: 'settingsChanged', target: `site ${site.name}`, detail: 'added' });
        return c.redirect(`/admin/sites/${site.id}?added=1`, 303);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return sitesPage(c, { values: form, errors: error.fieldsIn(lang), message: t(lang, 'admin.form.fixMarked') }, 400);
      }
    },

    showSite(c: AppContext) {
      const site = siteById(deps.db, parseId(c.req.param('id')));
      const notice = c.req.query('added') !== undefined ? { kind: 'ok', message: t(c.get('lang'), 'admin.site.added', { name: site.name }) } : undefined;
      return sitePage(c, site, { values: formValues(site), notice });
    },

    async saveSite(c: AppContext) {
      const site = siteById(deps.db, parseId(c.req.param('id')));
      const form = await formFields(c);
      const lang = c.get('lang');
      try {
        const saved = updateSite(deps, site.id, form, lang);
        auditBy(deps, c, { action: 'settingsChanged', target: `site ${saved.name}`, detail: 'saved' });
        return sitePage(c, saved, { values: formValues(saved), notice: { kind: 'ok', message: t(lang, 'admin.site.saved') } });
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return sitePage(c, site, { values: form, errors: error.fieldsIn(lang), message: t(lang, 'admin.form.fixMarked') }, 400);
      }
    },

    newSecret(c: AppContext) {
      const site = regenerateSecret(deps, parseId(c.req.param('id')));
      auditBy(deps, c, { action: 'settingsChanged', target: `site ${site.name}`, detail: 'new secret' });
      const notice = { kind: 'ok', message: t(c.get('lang'), 'admin.site.secretMade') };
      return sitePage(c, site, { values: formValues(site), notice });
    },
  };
}
