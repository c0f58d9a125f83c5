import { sqlOfShape, sql, type Db } from '../lib/sql.ts';
import { indexNewMessages, INDEX_BATCH } from '../transcripts/indexer.ts';
import { toSearchQuery } from '../transcripts/query.ts';
import { snippetOf } from '../transcripts/snippet.ts';
import { normsFor } from '../sla/norms.ts';
import { slowAfterSeconds } from './slow-replies.ts';
import { factConditions } from '../reports/query.ts';

/*
 * The archive: a day's transcripts, or one supporter's day in the order they took them, with
 * the replies slower than the reply norm highlighted, filtered by rating, group, site, breach and
 * by words the visitor or the supporter wrote. It reads the tickets' report rows for the day
 * (src/reports/facts.ts), never the whole history.
 */

export const RATING_FILTERS = ['1', '2', '3', '4', '5', 'low', 'none'] as const;
export const WORDS_IN = ['any', 'visitor', 'supporter'] as const;
export interface ArchiveFilters {
  day: string; supporterId?: number; groupId?: number; siteId?: number;
  rating?: (typeof RATING_FILTERS)[number]; breach?: boolean;
  words?: string; wordsIn?: (typeof WORDS_IN)[number];
}

export interface ArchiveEntry {
  ticketId: number; visitorName: string; problem: string; createdAt: number; claimedAt: number | null; endedAt: number;
  outcome: string; supporters: string; durationS: number | null; rating: number | null; ratingComment: string | null;
  breaches: number; replyMaxS: number | null; replies: number;
  /** The slowest reply, when it took longer than the ticket's reply norm. */
  slowS: number | null;
  /** Where the words were found, marked (\u0002 … \u0003) for the view. */
  snippet: string | null;
}

/** Transcripts shown per page of the archive. */
export const ARCHIVE_PAGE = 50;
/** Tickets of one day the words are looked for in (a day of a very large team has fewer). */
const DAY_MAX = 20_000;

interface Row extends Omit<ArchiveEntry, 'slowS' | 'snippet' | 'claimedAt'> { groupId: number; waitS: number | null }

function where(f: ArchiveFilters): string {
  // A supporter's day is every ticket they took part in, not only those they closed.
  const parts = ['f.day = +@day', ...factConditions({ supporterId: f.supporterId, groupId: f.groupId, siteId: f.siteId }, 'tookPart')];
  if (f.rating === 'none') parts.push('f.rating IS NULL');
  else if (f.rating === 'low') parts.push('f.rating <= 2');
  else if (f.rating !== undefined) parts.push('f.rating = +@stars');
  if (f.breach) parts.push('f.breach_claim + f.breach_first_reply + f.breach_reply > 0');
  return parts.join(' AND ');
}

const COLUMNS = `f.ticket_id AS ticketId, t.visitor_name AS visitorName, t.problem, f.created_at AS createdAt, f.wait_s AS waitS,
  f.ended_at AS endedAt, f.outcome, f.supporters, f.duration_s AS durationS, f.rating, t.rating_comment AS ratingComment,
  f.breach_claim + f.breach_first_reply + f.breach_reply AS breaches, f.reply_max_s AS replyMaxS, f.reply_n AS replies, f.group_id AS groupId`;

const messageSpan = sql<{ first: number | null; last: number | null }>('SELECT min(id) AS first, max(id) AS last FROM messages WHERE ticket_id = +?');

/** The tickets among `ids` whose messages (by the visitor, the supporters, or either) hold the words, with the first match. */
function withWords(db: Db, ids: number[], words: string, wordsIn: ArchiveFilters['wordsIn']): Map<number, string> | null {
  const query = toSearchQuery(words);
  if (!query) return null;
  // What was said up to now is found, even between the indexer's rounds.
  while (indexNewMessages(db) === INDEX_BATCH);
  if (!ids.length) return new Map();
  // The day's messages lie between its first ticket's first message and its last ones' last:
  // the index is asked for that range of ids only, not for every match in the history.
  const spans = [messageSpan.get(db, Math.min(...ids)), ...ids.slice(-50).map((id) => messageSpan.get(db, id))];
  const first = spans[0]?.first ?? 0;
  const last = Math.max(...spans.map((s) => s?.last ?? 0));
  const author = wordsIn === 'visitor' ? " AND m.author = 'visitor'" : wordsIn === 'supporter' ? " AND m.author = 'supporter'" : " AND m.author IN ('visitor', 'supporter')";
  const wanted = new Set(ids);
  const found = new Map<number, string>();
  const rows = sqlOfShape<{ ticketId: number; body: string }>(db, `SELECT m.ticket_id AS ticketId, m.body FROM messages_fts x JOIN messages m ON m.id = x.rowid
    WHERE messages_fts MATCH @match AND x.rowid >= +@first AND x.rowid <= +@last${author} ORDER BY x.rowid LIMIT 50000`)
    .all(db, { match: query.match, first, last });
  for (const row of rows) {
    if (wanted.has(row.ticketId) && !found.has(row.ticketId)) found.set(row.ticketId, snippetOf(row.body, query.terms, query.prefix));
  }
  return found;
}

/**
 * A page of the archive: the day's transcripts under the filters, in the order they were taken
 * (a supporter's working day), each with its slowest reply when it broke the reply norm.
 */
export function archivePage(db: Db, f: ArchiveFilters, page: number): { entries: ArchiveEntry[]; total: number; hasMore: boolean; badWords: boolean } {
  const params = { day: f.day, supporterId: f.supporterId, groupId: f.groupId, siteId: f.siteId, stars: f.rating === undefined ? undefined : Number(f.rating) };
  let rows = sqlOfShape<Row>(db, `SELECT ${COLUMNS} FROM report_facts f JOIN tickets t ON t.id = f.ticket_id
    WHERE ${where(f)} ORDER BY f.created_at + coalesce(f.wait_s, 0) * 1000, f.ticket_id LIMIT ${DAY_MAX}`).all(db, params);
  let snippets: Map<number, string> | null = null;
  if (f.words?.trim()) {
    snippets = withWords(db, rows.map((r) => r.ticketId).sort((a, b) => a - b), f.words, f.wordsIn);
    if (!snippets) return { entries: [], total: 0, hasMore: false, badWords: true };
    rows = rows.filter((r) => snippets!.has(r.ticketId));
  }
  const limits = new Map<number, number | null>();
  const limitOf = (groupId: number) => {
    if (!limits.has(groupId)) limits.set(groupId, slowAfterSeconds(normsFor(db, groupId || null)));
    return limits.get(groupId)!;
  };
  const shown = rows.slice(page * ARCHIVE_PAGE, (page + 1) * ARCHIVE_PAGE).map(({ groupId, waitS, ...row }) => {
    const limit = limitOf(groupId);
    return {
      ...row, claimedAt: waitS === null ? null : row.createdAt + waitS * 1000,
      slowS: limit !== null && row.replyMaxS !== null && row.replyMaxS > limit ? row.replyMaxS : null,
      snippet: snippets?.get(row.ticketId) ?? null,
    };
  });
  return { entries: shown, total: rows.length, hasMore: rows.length > (page + 1) * ARCHIVE_PAGE, badWords: false };
}
