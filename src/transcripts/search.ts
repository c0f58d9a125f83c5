import { sql, type Db } from '../lib/sql.ts';
import { toSearchQuery } from './query.ts';
import { snippetOf } from './snippet.ts';

/** Only the newest matching messages are ranked, so a common word costs the same on 10k or 10M messages. */
export const RANK_WINDOW = 2000;
export const PAGE_SIZE = 20;

const matching = sql<Omit<SearchHit, 'snippet'> & { body: string; windowSize: number }>(`
  WITH recent AS (
    SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}
  ),
  best AS (
    SELECT m.ticket_id, max(w.id) AS message_id FROM recent w JOIN messages m ON m.id = w.id GROUP BY m.ticket_id
  )
  SELECT t.id AS ticketId, t.visitor_name AS visitorName, s.name AS supporterName, t.closed_at AS closedAt,
         body.body AS body, (SELECT count(*) FROM recent) AS windowSize
  FROM best b JOIN tickets t ON t.id = b.ticket_id JOIN messages body ON body.id = b.message_id
  LEFT JOIN supporters s ON s.id = t.supporter_id
  WHERE t.state = 'closed'
  ORDER BY t.closed_at DESC, t.id DESC
  LIMIT +? OFFSET +?`);
const newestClosed = sql<SearchHit>(`
  SELECT t.id AS ticketId, t.visitor_name AS visitorName, s.name AS supporterName, t.closed_at AS closedAt, t.problem AS snippet
  FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id
  WHERE t.state = 'closed' ORDER BY t.closed_at DESC, t.id DESC LIMIT +? OFFSET +?`);

export interface SearchHit {
  ticketId: number;
  visitorName: string;
  supporterName: string | null;
  closedAt: number;
  /** Escaped-later text with \u0002 / \u0003 around matched words (views turn them into <mark>). */
  snippet: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** True when more matches exist beyond the ranked window: the person should narrow the search. */
  windowFull: boolean;
  hasMore: boolean;
  empty: 'no-terms' | null;
}

/**
 * Searches closed transcripts (the problem and every message), newest transcripts first, each
 * with an excerpt of its newest matching message. The index only finds the newest matching
 * message ids (no ranking or excerpts over thousands of rows); excerpts are made for the page.
 */
export function searchTranscripts(db: Db, text: string, page = 0): SearchResult {
  const query = toSearchQuery(text);
  if (!query) return { hits: [], windowFull: false, hasMore: false, empty: 'no-terms' };
  const offset = Math.max(0, Math.min(page, 99)) * PAGE_SIZE;
  const rows = matching.all(db, query.match, PAGE_SIZE + 1, offset);
  const hits = rows.slice(0, PAGE_SIZE).map(({ windowSize: _w, body, ...hit }) => ({ ...hit, snippet: snippetOf(body, query.terms, query.prefix) }));
  return { hits, windowFull: (rows[0]?.windowSize ?? 0) >= RANK_WINDOW, hasMore: rows.length > PAGE_SIZE, empty: null };
}

/** The newest transcripts, for the search page before anything is typed. */
export function recentTranscripts(db: Db, page = 0): SearchResult {
  const offset = Math.max(0, Math.min(page, 99)) * PAGE_SIZE;
  const rows = newestClosed.all(db, PAGE_SIZE + 1, offset);
  return { hits: rows.slice(0, PAGE_SIZE), windowFull: false, hasMore: rows.length > PAGE_SIZE, empty: null };
}
