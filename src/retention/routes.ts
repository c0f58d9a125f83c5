import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { page } from '../http/page.ts';
import { noStore } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { auditBy } from '../audit/routes.ts';
import { lastPurgeOf } from './purge.ts';
import { retention, RETENTION_LIMITS, saveRetention } from './settings.ts';
import { eraseVisitor, exportVisitor, visitorQueryOf, visitorTickets, type VisitorQuery } from './visitor-data.ts';

/** Who a request was about, for the audit log (never a whole visitor key). */
const whom = (q: VisitorQuery) => q.email ?? (q.ticketId ? `the visitor of conversation ${q.ticketId}` : `visitor key ${q.key!.slice(0, 8)}…`);
/** The lookup as the page's hidden fields carry it on to export and erase. */
const asFields = (q: VisitorQuery): Record<string, string> => (q.email ? { email: q.email } : { key: q.ticketId ? `#${q.ticketId}` : q.key! });

type RetentionPage = { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: object; found?: { query: Record<string, string>; count: number } };

/** Admins choose how long conversations are kept, and export or erase one visitor's data. */
export function retentionRoutes(deps: Deps) {
  const { admin } = supporterGuards(deps);

  return [table('/admin', [
    ['GET',  '/retention',              admin, noStore, show],
    ['POST', '/retention',              admin, save],
    ['POST', '/retention/visitor',      admin, find],
    ['POST', '/retention/visitor.json', admin, exportJson],
    ['POST', '/retention/erase',        admin, erase],
  ])];

  function retentionPage(c: AppContext, extra: RetentionPage = {}, status: 200 | 400 | 404 | 409 = 200) {
    const r = retention(deps.db);
    const values = extra.values ?? { keep: r.keep, count: r.keep === 'forever' ? '' : String(r.count) };
    return page(c, 'retention/admin', { values, errors: extra.errors ?? {}, message: extra.message, notice: extra.notice, found: extra.found,
      last: lastPurgeOf(deps.db), limits: RETENTION_LIMITS }, status);
  }

  function show(c: AppContext) {
    return retentionPage(c);
  }

  async function save(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const chosen = saveRetention(deps, form);
      auditBy(deps, c, { action: 'settingsChanged', target: 'retention', detail: chosen.keep === 'forever' ? 'forever' : `${chosen.count} ${chosen.keep}` });
      return retentionPage(c, { notice: { kind: 'ok', message: t(lang, 'admin.retention.saved') } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return retentionPage(c, { values: { keep: (form.keep ?? '').slice(0, 10), count: (form.count ?? '').slice(0, 10) }, errors: error.fieldsIn(lang), message: error.say(lang) }, 400);
    }
  }

  /** Looks the visitor up first, so the admin sees what an export or an erasure would cover. */
  async function find(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const query = visitorQueryOf(form);
      return retentionPage(c, { found: { query: asFields(query), count: visitorTickets(deps.db, query).length } });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return retentionPage(c, { errors: error.fieldsIn(lang), message: error.say(lang) }, 400);
    }
  }

  async function exportJson(c: AppContext) {
    const query = visitorQueryOf(await formFields(c));
    const data = await exportVisitor(deps, query);
    auditBy(deps, c, { action: 'visitorDataExported', target: whom(query) });
    c.header('Content-Disposition', 'attachment; filename="lineup-visitor-data.json"');
    return c.json(data);
  }

  async function erase(c: AppContext) {
    const form = await formFields(c);
    const lang = c.get('lang');
    const query = visitorQueryOf(form);
    if (form.confirm !== 'yes') {
      return retentionPage(c, { found: { query: asFields(query), count: visitorTickets(deps.db, query).length }, message: t(lang, 'admin.retention.confirmFirst') }, 400);
    }
    const removed = await eraseVisitor(deps, query);
    auditBy(deps, c, { action: 'visitorDataErased', target: whom(query), detail: `${removed} conversations` });
    return retentionPage(c, { notice: { kind: 'ok', message: t(lang, 'admin.retention.erased', { count: removed }) } });
  }
}
