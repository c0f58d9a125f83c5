import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { noStore } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { localDay, teamTimezone } from '../hours/hours.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { addDays, periodOf } from '../reports/period.ts';
import { filterChoices } from '../reports/report.ts';
import { archivePage, RATING_FILTERS, WORDS_IN, type ArchiveFilters } from './archive.ts';

/** The archive: a day's transcripts, or one supporter's working day (supporters see their own). */
export function archiveRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);

  return [table('/archive', [
    ['GET', '/', supporter, noStore, show],
  ])];

  function filtersOf(c: AppContext): ArchiveFilters {
    const q = c.req.query();
    const today = localDay(deps.clock.now(), teamTimezone(deps.db));
    const day = periodOf({ period: 'day', date: q.date || today }, today).from;
    const f: ArchiveFilters = { day };
    const fields: Record<string, Text> = {};
    for (const key of ['supporter', 'group', 'site'] as const) {
      if (!q[key]) continue;
      const id = parseId(q[key]);
      if (id === null) fields[key] = new Text('desk.reports.badFilter');
      else f[`${key}Id`] = id;
    }
    if (q.rating) {
      if ((RATING_FILTERS as readonly string[]).includes(q.rating)) f.rating = q.rating as ArchiveFilters['rating'];
      else fields.rating = new Text('desk.reports.badFilter');
    }
    if (q.in) {
      if ((WORDS_IN as readonly string[]).includes(q.in)) f.wordsIn = q.in as ArchiveFilters['wordsIn'];
      else fields.in = new Text('desk.reports.badFilter');
    }
    if (q.breach) f.breach = q.breach === '1';
    if (q.words) f.words = q.words.slice(0, 500);
    if (Object.keys(fields).length) throw new Invalid(new Text('desk.reports.badFilters'), fields);
    const me = c.get('supporter')!;
    if (me.role === 'supporter') f.supporterId = me.id;
    return f;
  }

  function show(c: AppContext) {
    const filters = filtersOf(c);
    const pageNumber = Math.min(parseId(c.req.query('page')) ?? 0, 400);
    const me = c.get('supporter')!;
    const result = archivePage(deps.db, filters, pageNumber);
    const around = { before: addDays(filters.day, -1), after: addDays(filters.day, 1) };
    return page(c, 'archive/page', { filters, result, pageNumber, around, query: new URL(c.req.url).search,
      choices: filterChoices(deps.db, c.get('lang'), { id: me.id, role: me.role }) });
  }
}
