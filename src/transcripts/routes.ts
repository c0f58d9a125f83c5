import { listMessages } from '../chat/messages.ts';
import { forReader } from '../chat/system-lines.ts';
import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { ticketGuards } from '../line/guards.ts';
import { slowRepliesOf } from '../archive/slow-replies.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { INDEX_BATCH, indexNewMessages } from './indexer.ts';
import type { Searcher } from './searcher.ts';

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

  async function search(c: AppContext) {
    const q = (c.req.query('q') ?? '').slice(0, 500);
    const pageNumber = Math.min(Math.max(parseId(c.req.query('page')) ?? 0, 0), 99);
    // Whatever was said up to now is found, even between the server's indexing rounds.
    while (indexNewMessages(deps.db) === INDEX_BATCH);
    const result = await searcher.search(q, pageNumber);
    return page(c, 'transcripts/search', { q, page: pageNumber, result });
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
