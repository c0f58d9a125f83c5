import { stream } from 'hono/streaming';
import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { noStore } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { Text, isLanguage } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { localDay, teamTimezone } from '../hours/hours.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { conversationsCsv, reportCsv, TABLES, type TableName } from './exports.ts';
import { neighbours, periodOf } from './period.ts';
import type { Filters } from './query.ts';
import { buildReport, filterChoices } from './report.ts';

/** Reports for any period: every signed-in supporter (their own figures), supervisors and admins (everyone's). */
export function reportRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);

  return [table('/reports', [
    ['GET', '/',                  supporter, noStore, show],
    ['GET', '/export.csv',        supporter, noStore, exportTable],
    ['GET', '/conversations.csv', supporter, noStore, exportConversations],
  ])];

  /** The period and filters a request asks for; a filter that is not a real choice is refused, not ignored. */
  function askedFor(c: AppContext) {
    const q = c.req.query();
    const period = periodOf(q, localDay(deps.clock.now(), teamTimezone(deps.db)));
    const filters: Filters = {};
    const fields: Record<string, Text> = {};
    for (const key of ['group', 'supporter', 'site', 'topic'] as const) {
      if (!q[key]) continue;
      const id = parseId(q[key]);
      if (id === null) fields[key] = new Text('desk.reports.badFilter');
      else filters[`${key}Id`] = id;
    }
    if (q.language) {
      if (isLanguage(q.language)) filters.language = q.language;
      else fields.language = new Text('desk.reports.badFilter');
    }
    if (Object.keys(fields).length) throw new Invalid(new Text('desk.reports.badFilters'), fields);
    const me = c.get('supporter')!;
    return { period, filters, viewer: { id: me.id, role: me.role } };
  }

  function show(c: AppContext) {
    const { period, filters, viewer } = askedFor(c);
    const lang = c.get('lang');
    const report = buildReport(deps.db, period, filters, viewer, lang, deps.clock.now());
    return page(c, 'reports/page', { report, around: neighbours(period), choices: filterChoices(deps.db, lang, viewer), query: new URL(c.req.url).search });
  }

  function exportTable(c: AppContext) {
    const name = c.req.query('table') as TableName;
    if (!(TABLES as readonly string[]).includes(name)) throw new Invalid(new Text('desk.reports.badTable'));
    const { period, filters, viewer } = askedFor(c);
    const report = buildReport(deps.db, period, filters, viewer, c.get('lang'), deps.clock.now());
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="lineup-${name}-${period.from}-${period.to}.csv"`);
    return c.body(reportCsv(report, name));
  }

  /** A thousand conversations a write, so a year of them never holds the loop for long. */
  function exportConversations(c: AppContext) {
    const { period, filters, viewer } = askedFor(c);
    const mine: Filters = viewer.role === 'supporter' ? { ...filters, supporterId: viewer.id } : filters;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="lineup-conversations-${period.from}-${period.to}.csv"`);
    return stream(c, async (out) => {
      for (const chunk of conversationsCsv(deps.db, period, mine, c.get('lang'))) {
        await out.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
  }
}
