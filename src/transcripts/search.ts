import { sql, sqlOfShape, type Db } from '../lib/sql.ts';
import { toSearchQuery } from './query.ts';
import { snippetOf } from './snippet.ts';

/** Only the newest matching messages are ranked, so a common word costs the same on 10k or 10M messages. */
export const RANK_WINDOW = 2000;
export const PAGE_SIZE = 20;
/** How far before a period's first day a conversation closed in it may have begun (its messages are looked at from there). */
const LONGEST_CONVERSATION_MS = 7 * 86_400_000;

/** Narrowing a search: closed in [from, until) (ms), by the supporter who closed it, by its rating ('1'-'5', or 'low': 1 or 2). */
export interface SearchFilters { from?: number; until?: number; supporterId?: number; rating?: string }

export interface SearchHit {
  ticketId: number;
  visitorName: string;
  supporterName: string | null;
  closedAt: number;
  rating: number | null;
  /** Escaped-later text with \u0002 / \u0003 around matched words (views turn them into <mark>). */
  snippet: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Transcripts found (among the newest RANK_WINDOW matching messages); null for the newest-first list. */
  total: number | null;
  /** True when more matches exist beyond the ranked window: the person should narrow the search. */
  windowFull: boolean;
  hasMore: boolean;
  empty: 'no-terms' | null;
}

function conditions(f: SearchFilters): string {
  const where = ["t.state = 'closed'"];
  if (f.from !== undefined) where.push('t.closed_at >= +@from');
  if (f.until !== undefined) where.push('t.closed_at < +@until');
  if (f.supporterId !== undefined) where.push('t.supporter_id = +@supporterId');
  if (f.rating === 'low') where.push('t.rating <= 2');
  else if (f.rating !== undefined) where.push('t.rating = +@stars');
  return where.join(' AND ');
}

const firstFrom = sql<{ id: number; createdAt: number }>('SELECT id, created_at AS createdAt FROM messages WHERE id >= +? ORDER BY id LIMIT 1');
const lastMessage = sql('SELECT max(id) FROM messages');

/**
 * A message id below which every message was written before `at` (messages are written in time
 * order), by halving the ids: a few dozen lookups, not a scan of the messages.
 */
function messageIdAt(db: Db, at: number): number {
  let lo = 1, hi = ((lastMessage.value(db) as number | null) ?? 0) + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = firstFrom.get(db, mid);
    if (row && row.createdAt < at) lo = row.id + 1; else hi = mid;
  }
  return lo;
}

/**
 * Searches closed transcripts (the problem and every message), newest transcripts first, each
 * with an excerpt of its newest matching message, narrowed by the filters. The index only finds
 * the newest matching message ids (no ranking or excerpts over thousands of rows), and only among
 * the messages of the chosen dates when there are any; excerpts are made for the page.
 */
export function searchTranscripts(db: Db, text: string, page = 0, f: SearchFilters = {}): SearchResult {
  const query = toSearchQuery(text);
  if (!query) return { hits: [], total: 0, windowFull: false, hasMore: false, empty: 'no-terms' };
  const offset = Math.max(0, Math.min(page, 99)) * PAGE_SIZE;
  const first = f.from === undefined ? 0 : messageIdAt(db, f.from - LONGEST_CONVERSATION_MS);
  const last = f.until === undefined ? Number.MAX_SAFE_INTEGER : messageIdAt(db, f.until) - 1;
  const rows = sqlOfShape<Omit<SearchHit, 'snippet'> & { body: string; windowSize: number; total: number }>(db, `
    WITH recent AS (
      SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH @match AND rowid >= +@first AND rowid <= +@last ORDER BY rowid DESC LIMIT ${RANK_WINDOW}
    ),
    best AS (
      SELECT m.ticket_id, max(w.id) AS message_id FROM recent w JOIN messages m ON m.id = w.id GROUP BY m.ticket_id
    ),
    found AS (
      SELECT t.id AS ticketId, t.visitor_name AS visitorName, t.supporter_id, t.closed_at AS closedAt, t.rating, b.message_id
      FROM best b JOIN tickets t ON t.id = b.ticket_id WHERE ${conditions(f)}
    )
    SELECT f.ticketId, f.visitorName, s.name AS supporterName, f.closedAt, f.rating, body.body AS body,
           (SELECT count(*) FROM recent) AS windowSize, (SELECT count(*) FROM found) AS total
    FROM found f JOIN messages body ON body.id = f.message_id LEFT JOIN supporters s ON s.id = f.supporter_id
    ORDER BY f.closedAt DESC, f.ticketId DESC
    LIMIT +@limit OFFSET +@offset`).all(db, { match: query.match, first, last, ...f, stars: f.rating === undefined || f.rating === 'low' ? undefined : Number(f.rating), limit: PAGE_SIZE + 1, offset });
  const hits = rows.slice(0, PAGE_SIZE).map(({ windowSize: _w, total: _t, body, ...hit }) => ({ ...hit, snippet: snippetOf(body, query.terms, query.prefix) }));
  return { hits, total: rows[0]?.total ?? 0, windowFull: (rows[0]?.windowSize ?? 0) >= RANK_WINDOW, hasMore: rows.length > PAGE_SIZE, empty: null };
}

/** The newest transcripts (under the filters), for the search page before anything is typed. */
export function recentTranscripts(db: Db, page = 0, f: SearchFilters = {}): SearchResult {
  const offset = Math.max(0, Math.min(page, 99)) * PAGE_SIZE;
  const rows = sqlOfShape<SearchHit>(db, `
    SELECT t.id AS ticketId, t.visitor_name AS visitorName, s.name AS supporterName, t.closed_at AS closedAt, t.rating, t.problem AS snippet
    FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id
    WHERE t.closed_at IS NOT NULL AND ${conditions(f)} ORDER BY t.closed_at DESC, t.id DESC LIMIT +@limit OFFSET +@offset`)
    .all(db, { ...f, stars: f.rating === undefined || f.rating === 'low' ? undefined : Number(f.rating), limit: PAGE_SIZE + 1, offset });
  return { hits: rows.slice(0, PAGE_SIZE), total: null, windowFull: false, hasMore: rows.length > PAGE_SIZE, empty: null };
}
