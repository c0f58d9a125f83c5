import { Text, isLanguage, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { cleanLine, cleanText } from '../lib/input.ts';
import { sql, sqlOfShape, type Db } from '../lib/sql.ts';
import type { Role } from '../supporters/schema.ts';
import { personalDataIn, type Finding, type KnownVisitor } from './personal-data.ts';
import type { FaqState } from './schema.ts';

/*
 * FAQ entries on the team's side: made from transcripts, edited, sent for review, published by a
 * supervisor or admin (or by their author, when the team allows it), archived; every change kept
 * as a revision. An entry with personal data left in it is not sent for review or published.
 */

export const FAQ_LIMITS = { question: 500, answer: 10_000, sources: 20, cleared: 50 } as const;

export interface Editor { id: number; role: Role }
export interface Entry {
  id: number; state: FaqState; language: Lang; question: string; answer: string; topicId: number | null; sites: number[];
  versionOf: number | null; cleared: string[]; authorId: number; createdAt: number; updatedAt: number; publishedAt: number | null;
  helpful: number; notHelpful: number; views: number;
}

type Row = Omit<Entry, 'sites' | 'cleared' | 'language'> & { sites: string; cleared: string; language: string };
const COLUMNS = `id, state, language, question, answer, topic_id AS topicId, sites, version_of AS versionOf, cleared, author_id AS authorId,
  created_at AS createdAt, updated_at AS updatedAt, published_at AS publishedAt, helpful, not_helpful AS notHelpful, views`;
const byId = sql<Row>(`SELECT ${COLUMNS} FROM faq_entries WHERE id = ?`);
const insertEntry = sql<{ id: number }>(`INSERT INTO faq_entries (state, language, question, answer, topic_id, version_of, author_id, created_at, updated_at)
  VALUES ('draft', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
const updateEntry = sql('UPDATE faq_entries SET question = ?, answer = ?, language = ?, topic_id = ?, sites = ?, cleared = ?, updated_at = ? WHERE id = ?');
const setState = sql('UPDATE faq_entries SET state = ?, updated_at = ?, published_at = coalesce(?, published_at) WHERE id = ?');
const addSource = sql('INSERT OR IGNORE INTO faq_sources (entry_id, ticket_id) VALUES (?, ?)');
const addRevision = sql('INSERT INTO faq_revisions (entry_id, supporter_id, at, state, question, answer, change) VALUES (?, ?, ?, ?, ?, ?, ?)');
const sourcesOf = sql<{ ticketId: number; visitorName: string }>(`SELECT s.ticket_id AS ticketId, t.visitor_name AS visitorName
  FROM faq_sources s JOIN tickets t ON t.id = s.ticket_id WHERE s.entry_id = +? ORDER BY s.ticket_id LIMIT 100`);
const sourceVisitors = sql<{ name: string; email: string | null; fields: string }>(`SELECT t.visitor_name AS name, t.visitor_email AS email,
    t.custom_fields AS fields FROM faq_sources s JOIN tickets t ON t.id = s.ticket_id WHERE s.entry_id = +? LIMIT 100`);
const revisionsOf = sql<{ id: number; at: number; state: string; change: string; name: string | null }>(`SELECT r.id, r.at, r.state, r.change, s.name
  FROM faq_revisions r LEFT JOIN supporters s ON s.id = r.supporter_id WHERE r.entry_id = +? ORDER BY r.id DESC LIMIT 100`);
const versionsOf = sql<{ id: number; language: string; state: string }>(`SELECT id, language, state FROM faq_entries
  WHERE (id = +? OR version_of = +?) ORDER BY id LIMIT 20`);
const transcriptOf = sql<{ id: number; state: string; problem: string; language: string | null; topicId: number | null }>(`SELECT id, state, problem,
  visitor_language AS language, topic_id AS topicId FROM tickets WHERE id = ?`);
const linesOf = sql<{ author: string; body: string }>(`SELECT author, body FROM messages WHERE ticket_id = +? AND author IN ('visitor', 'supporter')
  ORDER BY id LIMIT 200`);
const authorsPublish = sql("SELECT value FROM settings WHERE key = 'faq_authors_publish'");
const setAuthorsPublish = sql("INSERT INTO settings (key, value) VALUES ('faq_authors_publish', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const topicExists = sql('SELECT 1 FROM topics WHERE id = ?');
const siteExists = sql('SELECT 1 FROM sites WHERE id = ?');

const fromRow = (row: Row): Entry => ({ ...row, language: row.language as Lang, sites: JSON.parse(row.sites) as number[], cleared: JSON.parse(row.cleared) as string[] });

export function entryById(db: Db, id: number | null): Entry {
  const row = id === null ? undefined : byId.get(db, id);
  if (!row) throw new NotFound(new Text('desk.faq.notFound'));
  return fromRow(row);
}

/** Whether authors may publish their own entries (else only supervisors and admins do). */
export function authorsMayPublish(db: Db): boolean {
  return authorsPublish.value(db) === '1';
}
export function setAuthorsMayPublish(db: Db, on: boolean): void {
  setAuthorsPublish.run(db, on ? '1' : '0');
}

/** The personal data still in an entry (what its source visitors were known by, addresses, phone numbers). */
export function findingsOf(db: Db, entry: Pick<Entry, 'id' | 'question' | 'answer' | 'cleared'>): Finding[] {
  const visitors: KnownVisitor[] = sourceVisitors.all(db, entry.id).map((v) => ({
    name: v.name, email: v.email, fields: Object.values(JSON.parse(v.fields || '{}') as Record<string, string>),
  }));
  return personalDataIn(`${entry.question}\n${entry.answer}`, visitors, entry.cleared);
}

/**
 * A draft made from closed transcripts: the question from the first one's problem and its
 * visitor's first words, the answer from the supporters' replies, to be edited before review.
 */
export function draftFromTranscripts(deps: Deps, rawIds: number[], editor: Editor): number {
  const ids = [...new Set(rawIds)].slice(0, FAQ_LIMITS.sources);
  const transcripts = ids.map((id) => transcriptOf.get(deps.db, id));
  if (!ids.length || transcripts.some((t) => !t || t.state !== 'closed')) throw new Invalid(new Text('desk.faq.closedOnly'));
  const first = transcripts[0]!;
  const visitorWords = linesOf.all(deps.db, first.id).filter((l) => l.author === 'visitor').map((l) => l.body);
  const question = clip([first.problem, ...visitorWords.slice(1, 3)].join('\n'), FAQ_LIMITS.question);
  const answer = clip(ids.flatMap((id) => linesOf.all(deps.db, id).filter((l) => l.author === 'supporter').map((l) => l.body)).join('\n\n'), FAQ_LIMITS.answer);
  const language = first.language && isLanguage(first.language) ? first.language : 'en';
  const now = deps.clock.now();
  return deps.db.transaction(() => {
    const id = insertEntry.get(deps.db, language, question, answer || '…', first.topicId, null, editor.id, now, now)!.id;
    for (const ticketId of ids) addSource.run(deps.db, id, ticketId);
    addRevision.run(deps.db, id, editor.id, now, 'draft', question, answer || '…', 'created');
    return id;
  })();
}

const clip = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max - 1).join('') + '…' : text);

/** Saves the form: question, answer, language, topic, sites (site_<id>), and the findings a supporter cleared (clear_<n>: the words). */
export function saveEntry(deps: Deps, id: number | null, editor: Editor, form: Record<string, string>): Entry {
  const entry = entryById(deps.db, id);
  if (entry.state === 'archived') throw new Conflict(new Text('desk.faq.archivedNoEdit'));
  const fields: Record<string, Text> = {};
  const question = cleanText(form.question);
  const answer = cleanText(form.answer);
  if (!question) fields.question = new Text('desk.faq.questionNeeded');
  else if ([...question].length > FAQ_LIMITS.question) fields.question = new Text('desk.atMost', { max: FAQ_LIMITS.question });
  if (!answer) fields.answer = new Text('desk.faq.answerNeeded');
  else if ([...answer].length > FAQ_LIMITS.answer) fields.answer = new Text('desk.atMost', { max: FAQ_LIMITS.answer });
  const language = String(form.language ?? entry.language);
  if (!isLanguage(language)) fields.language = new Text('desk.reports.badFilter');
  const topicId = form.topic ? Number(form.topic) : null;
  if (topicId !== null && (!Number.isSafeInteger(topicId) || !topicExists.get(deps.db, topicId))) fields.topic = new Text('desk.reports.badFilter');
  // Checkboxes, one field each (site_3=1), as plain forms send them.
  const sites = Object.keys(form).filter((k) => /^site_\d{1,15}$/.test(k)).map((k) => Number(k.slice(5)));
  if (sites.some((s) => !Number.isSafeInteger(s) || !siteExists.get(deps.db, s))) fields.sites = new Text('desk.reports.badFilter');
  const newlyCleared = Object.entries(form).filter(([k]) => /^clear_\d{1,3}$/.test(k)).map(([, v]) => cleanLine(v)).filter(Boolean);
  const cleared = [...new Set([...entry.cleared, ...newlyCleared])].slice(0, FAQ_LIMITS.cleared);
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  const now = deps.clock.now();
  deps.db.transaction(() => {
    updateEntry.run(deps.db, question, answer, language, topicId, JSON.stringify([...new Set(sites)]), JSON.stringify(cleared), now, entry.id);
    addRevision.run(deps.db, entry.id, editor.id, now, entry.state, question, answer, 'edited');
  })();
  return entryById(deps.db, entry.id);
}

/** Which moves each state allows. */
const MOVES: Record<FaqState, FaqState[]> = { draft: ['review', 'published', 'archived'], review: ['draft', 'published', 'archived'], published: ['archived', 'draft'], archived: ['draft'] };

/**
 * Moves an entry: for review, published (supervisors and admins, or its author when the team
 * allows), archived, or back to draft. Review and publishing wait until no personal data is left.
 */
export function moveEntry(deps: Deps, id: number | null, editor: Editor, to: string): Entry {
  const entry = entryById(deps.db, id);
  if (!(MOVES[entry.state] as string[]).includes(to)) throw new Conflict(new Text('desk.faq.cannotMove'));
  const target = to as FaqState;
  if (target === 'published' && editor.role === 'supporter' && !(entry.authorId === editor.id && authorsMayPublish(deps.db))) {
    throw new Forbidden(new Text('desk.faq.publishNeedsSupervisor'));
  }
  if ((target === 'review' || target === 'published') && findingsOf(deps.db, entry).length) throw new Conflict(new Text('desk.faq.personalLeft'));
  const now = deps.clock.now();
  deps.db.transaction(() => {
    setState.run(deps.db, target, now, target === 'published' ? now : null, entry.id);
    addRevision.run(deps.db, entry.id, editor.id, now, target, entry.question, entry.answer, target);
  })();
  return entryById(deps.db, entry.id);
}

/** A draft of the same entry in another language (its answer to translate), linked to the first. */
export function addVersion(deps: Deps, id: number | null, editor: Editor, language: unknown): number {
  const entry = entryById(deps.db, id);
  if (!isLanguage(language)) throw new Invalid(new Text('desk.reports.badFilter'));
  const root = entry.versionOf ?? entry.id;
  if (versionsOf.all(deps.db, root, root).some((v) => v.language === language)) throw new Conflict(new Text('desk.faq.versionExists'));
  const now = deps.clock.now();
  return deps.db.transaction(() => {
    const version = insertEntry.get(deps.db, language, entry.question, entry.answer, entry.topicId, root, editor.id, now, now)!.id;
    for (const s of sourcesOf.all(deps.db, entry.id)) addSource.run(deps.db, version, s.ticketId);
    addRevision.run(deps.db, version, editor.id, now, 'draft', entry.question, entry.answer, 'created');
    return version;
  })();
}

/** Everything the edit page shows about an entry. */
export function entryPage(db: Db, id: number | null) {
  const entry = entryById(db, id);
  const root = entry.versionOf ?? entry.id;
  return {
    entry, findings: findingsOf(db, entry), sources: sourcesOf.all(db, entry.id), revisions: revisionsOf.all(db, entry.id),
    versions: versionsOf.all(db, root, root).filter((v) => v.id !== entry.id),
  };
}

/** The team's entries, newest change first, in one state or all. */
export function listEntries(db: Db, state: FaqState | null) {
  return sqlOfShape<{ id: number; state: string; language: string; question: string; updatedAt: number; helpful: number; notHelpful: number; views: number }>(db,
    `SELECT id, state, language, question, updated_at AS updatedAt, helpful, not_helpful AS notHelpful, views FROM faq_entries
     ${state ? 'WHERE state = +?' : ''} ORDER BY updated_at DESC, id DESC LIMIT 500`).all(db, ...(state ? [state] : []));
}
