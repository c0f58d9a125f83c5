import type Database from 'better-sqlite3';
import { toSearchQuery } from './query.ts';

/** Only the newest matching messages are ranked, so a common word costs the same on 10k or 10M messages. */
export const RANK_WINDOW = 2000;
export const PAGE_SIZE = 20;

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
 * Searches closed transcripts (the problem and every message). Newest transcripts first; within
 * a transcript, the best-ranked message (bm25) gives the snippet.
 */
export function searchTranscripts(sqlite: Database.Database, text: string, page = 0): SearchResult {
  const query = toSearchQuery(text);
  if (!query) return { hits: [], windowFull: false, hasMore: false, empty: 'no-terms' };
  const offset = Math.max(0, Math.min(page, 99)) * PAGE_SIZE;
  const rows = sqlite.prepare(`
    WITH recent AS (
      SELECT rowid AS id, bm25(messages_fts) AS score,
             snippet(messages_fts, 0, char(2), char(3), '…', 16) AS snippet
      FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}
    ),
    best AS (
      SELECT m.ticket_id, w.snippet, w.score,
             row_number() OVER (PARTITION BY m.ticket_id ORDER BY w.score, w.id DESC) AS n,
             (SELECT count(*) FROM recent) AS window_size
      FROM recent w JOIN messages m ON m.id = w.id
    )
    SELECT t.id AS ticketId, t.visitor_name AS visitorName, s.name AS supporterName, t.closed_at AS closedAt,
           b.snippet, b.window_size AS windowSize
    FROM best b JOIN tickets t ON t.id = b.ticket_id LEFT JOIN supporters s ON s.id = t.supporter_id
    WHERE b.n = 1 AND t.state = 'closed'
    ORDER BY t.closed_at DESC, t.id DESC
    LIMIT ? OFFSET ?`).all(query.match, PAGE_SIZE + 1, offset) as Array<SearchHit & { windowSize: number }>;
  const hits = rows.slice(0, PAGE_SIZE).map(({ windowSize: _w, ...hit }) => hit);
  return { hits, windowFull: (rows[0]?.windowSize ?? 0) >= RANK_WINDOW, hasMore: rows.length > PAGE_SIZE, empty: null };
}

/** The newest transcripts, for the search page before anything is typed. */
export function recentTranscripts(sqlite: Database.Database, page = 0): SearchResult {
  const offset = Math.max(0, Math.min(page, 99)) * PAGE_SIZE;
  const rows = sqlite.prepare(`
    SELECT t.id AS ticketId, t.visitor_name AS visitorName, s.name AS supporterName, t.closed_at AS closedAt, t.problem AS snippet
    FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id
    WHERE t.state = 'closed' ORDER BY t.closed_at DESC, t.id DESC LIMIT ? OFFSET ?`).all(PAGE_SIZE + 1, offset) as SearchHit[];
  return { hits: rows.slice(0, PAGE_SIZE), windowFull: false, hasMore: rows.length > PAGE_SIZE, empty: null };
}
