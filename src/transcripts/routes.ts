import { listMessages } from '../chat/messages.ts';
import { forReader } from '../chat/system-lines.ts';
import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import { Text } from '../i18n/index.ts';
import { Invalid } from '../lib/errors.ts';
import { dayStartIn, teamTimezone } from '../hours/hours.ts';
import { addDays, validDay } from '../reports/period.ts';
import { supporterNames } from '../supporters/names.ts';
import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { ticketGuards } from '../line/guards.ts';
import { slowRepliesOf } from '../archive/slow-replies.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { INDEX_BATCH, indexNewMessages } from './indexer.ts';
import type { Searcher } from './searcher.ts';
import type { SearchFilters } from './search.ts';

/** Transcript search and the full transcript, for supporters only. */
export function transcriptRoutes(deps: Deps, searcher: Searcher) {
  const { supporter } = supporterGuards(deps);
  const { ticket } = ticketGuards(deps);

  return [
    table('/search', [
      ['GET', '/', supporter, search],
    ]),
    table('/transcripts', [
      ['GET', '/:id', supporter, ticket, showTranscript],
    ]),
  ];

  /** The search's filters from the query: dates in the team's time zone, a supporter, a rating; anything else is refused. */
  function filtersOf(c: AppContext): { filters: SearchFilters; values: Record<string, string> } {
    const q = c.req.query();
    const zone = teamTimezone(deps.db);
    const filters: SearchFilters = {};
    const fields: Record<string, Text> = {};
    const from = q.from ? validDay(q.from) : null, to = q.to ? validDay(q.to) : null;
    if (q.from && !from) fields.from = new Text('desk.reports.badDate');
    if (q.to && !to) fields.to = new Text('desk.reports.badDate');
    if (from) filters.from = dayStartIn(from, zone);
    if (to) filters.until = dayStartIn(addDays(to, 1), zone);
    if (q.supporter) {
      const id = parseId(q.supporter);
      if (id === null) fields.supporter = new Text('desk.reports.badFilter'); else filters.supporterId = id;
    }
    if (q.rating) {
      if (['1', '2', '3', '4', '5', 'low'].includes(q.rating)) filters.rating = q.rating; else fields.rating = new Text('desk.reports.badFilter');
    }
    if (Object.keys(fields).length) throw new Invalid(new Text('desk.reports.badFilters'), fields);
    return { filters, values: { from: from ?? '', to: to ?? '', supporter: filters.supporterId ? String(filters.supporterId) : '', rating: filters.rating ?? '' } };
  }

  async function search(c: AppContext) {
    const q = (c.req.query('q') ?? '').slice(0, 500);
    const pageNumber = Math.min(Math.max(parseId(c.req.query('page')) ?? 0, 0), 99);
    const { filters, values } = filtersOf(c);
    // Whatever was said up to now is found, even between the server's indexing rounds.
    while (indexNewMessages(deps.db) === INDEX_BATCH);
    const result = await searcher.search(q, pageNumber, filters);
    return page(c, 'transcripts/search', { q, page: pageNumber, result, values, query: new URL(c.req.url).search, supporters: supporterNames(deps.db) });
  }

  function showTranscript(c: AppContext) {
    const transcript = c.get('ticket');
    // A conversation becomes a transcript when it is closed; until then it belongs to its tab.
    if (transcript.state !== 'closed') throw new NotFound(new Text('admin.transcript.stillOpen'));
    const messages = listMessages(deps.db, transcript.id, { withNotes: true }).map((m) => forReader(m, c.get('lang')));
    // Replies slower than the reply norm are marked with their delay, as in the archive.
    return page(c, 'transcripts/transcript', { ticket: transcript, messages, slow: slowRepliesOf(deps.db, transcript.id) });
  }
}
