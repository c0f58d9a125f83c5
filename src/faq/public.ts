import { createHash } from 'node:crypto';
import { Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import { sql, sqlOfShape, type Db } from '../lib/sql.ts';
import { toSearchQuery } from '../transcripts/query.ts';
import { snippetOf } from '../transcripts/snippet.ts';

/*
 * The public FAQ: published entries only, for a site (or the intake page), searched with the same
 * safe query rules as transcripts (every word quoted, the last a prefix), the reader's language
 * first, then the best match, then the most helpful.
 */

export const FAQ_SHOWN = 30;

export interface PublicEntry { id: number; language: string; question: string; answer: string; topicId: number | null; helpful: number; notHelpful: number }
export interface FaqHit { id: number; language: string; question: string; snippet: string; helpful: number }

/** Entries for a site: those without sites, and those listing it; null (the intake page): those without sites. */
const forSite = "(e.sites = '[]' OR (+@site IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(e.sites) j WHERE j.value = +@site)))";

/** Published entries matching what a visitor typed (null when nothing searchable was typed). */
export function searchFaq(db: Db, text: string, lang: Lang, siteId: number | null, topicId: number | null = null, limit = FAQ_SHOWN): FaqHit[] | null {
  const query = toSearchQuery(text.slice(0, 500));
  if (!query) return null;
  const rows = sqlOfShape<{ id: number; language: string; question: string; answer: string; helpful: number }>(db, `
    SELECT e.id, e.language, e.question, e.answer, e.helpful - e.not_helpful AS helpful
    FROM faq_fts f JOIN faq_entries e ON e.id = f.rowid
    WHERE faq_fts MATCH @match AND e.state = 'published' AND ${forSite}${topicId === null ? '' : ' AND e.topic_id = +@topic'}
    ORDER BY e.language = +@lang DESC, bm25(faq_fts, 3.0, 1.0), helpful DESC, e.id LIMIT +@limit`)
    .all(db, { match: query.match, site: siteId, topic: topicId, lang, limit });
  return rows.map((r) => ({ id: r.id, language: r.language, question: r.question, helpful: r.helpful, snippet: snippetOf(r.answer, query.terms, query.prefix) }));
}

/** The published entries of a site (and topic), the reader's language first, most helpful first. */
export function browseFaq(db: Db, lang: Lang, siteId: number | null, topicId: number | null = null): FaqHit[] {
  return sqlOfShape<FaqHit>(db, `
    SELECT e.id, e.language, e.question, substr(e.answer, 1, 200) AS snippet, e.helpful - e.not_helpful AS helpful FROM faq_entries e
    WHERE e.state = 'published' AND ${forSite}${topicId === null ? '' : ' AND e.topic_id = +@topic'}
    ORDER BY e.language = +@lang DESC, helpful DESC, e.published_at DESC LIMIT ${FAQ_SHOWN}`).all(db, { site: siteId, topic: topicId, lang });
}

const published = sql<PublicEntry>(`SELECT id, language, question, answer, topic_id AS topicId, helpful, not_helpful AS notHelpful
  FROM faq_entries WHERE id = ? AND state = 'published'`);
const otherVersions = sql<{ id: number; language: string }>(`SELECT id, language FROM faq_entries
  WHERE state = 'published' AND id != +? AND (id = +? OR version_of = +?) ORDER BY language LIMIT 10`);
const rootOf = sql<{ root: number }>('SELECT coalesce(version_of, id) AS root FROM faq_entries WHERE id = ?');
const countView = sql('UPDATE faq_entries SET views = views + 1 WHERE id = ?');

/** A published entry and its published versions in other languages; counts a view. */
export function readEntry(deps: Deps, id: number | null): { entry: PublicEntry; versions: Array<{ id: number; language: string }> } {
  const entry = id === null ? undefined : published.get(deps.db, id);
  if (!entry) throw new NotFound(new Text('visitor.faq.notFound'));
  countView.run(deps.db, entry.id);
  const root = rootOf.get(deps.db, entry.id)!.root;
  return { entry, versions: otherVersions.all(deps.db, entry.id, root, root) };
}

const vote = sql("INSERT OR IGNORE INTO faq_votes (entry_id, voter, helpful, at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM faq_entries WHERE id = ? AND state = 'published')");
const countVote = { yes: sql('UPDATE faq_entries SET helpful = helpful + 1 WHERE id = ?'), no: sql('UPDATE faq_entries SET not_helpful = not_helpful + 1 WHERE id = ?') };

/**
 * "Was this helpful?": the first answer of each visitor (their browser's visitor key, kept
 * hashed) counts; asking again changes nothing. Returns whether this answer counted.
 */
export function voteOnEntry(deps: Deps, id: number | null, visitorKey: string, helpful: boolean): boolean {
  if (id === null || !published.get(deps.db, id)) throw new NotFound(new Text('visitor.faq.notFound'));
  const voter = createHash('sha256').update(visitorKey).digest('base64url');
  return deps.db.transaction(() => {
    if (vote.run(deps.db, id, voter, helpful ? 1 : 0, deps.clock.now(), id).changes !== 1) return false;
    countVote[helpful ? 'yes' : 'no'].run(deps.db, id);
    return true;
  })();
}
