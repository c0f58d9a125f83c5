import { Hono } from 'hono';
import { listMessages } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { Text } from '../i18n/index.ts';
import { render } from '../lib/render.ts';
import type { AppEnv } from '../http/env.ts';
import { ticketById } from '../line/tickets.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { forReader } from '../chat/system-lines.ts';
import { INDEX_BATCH, indexNewMessages } from './indexer.ts';
import type { Searcher } from './searcher.ts';

/** Transcript search and the full transcript, for supporters only. */
export function transcriptRoutes(deps: Deps, searcher: Searcher) {
  const app = new Hono<AppEnv>();
  app.use('/search', requireSupporter(deps));
  app.use('/transcripts/*', requireSupporter(deps));

  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 500);
    const page = Math.min(Math.max(parseId(c.req.query('page')) ?? 0, 0), 99);
    // Whatever was said up to now is found, even between the server's indexing rounds.
    while (indexNewMessages(deps.sqlite) === INDEX_BATCH);
    const result = await searcher.search(q, page);
    return c.html(render('transcripts/search', { me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), q, page, result }));
  });

  app.get('/transcripts/:id', (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    // A conversation becomes a transcript when it is closed; until then it belongs to its tab.
    if (ticket.state !== 'closed') throw new NotFound(new Text('admin.transcript.stillOpen'));
    return c.html(render('transcripts/transcript', {
      me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), ticket, messages: listMessages(deps.db, ticket.id, { withNotes: true }).map((m) => forReader(m, c.get('lang'))),
    }));
  });

  return app;
}
