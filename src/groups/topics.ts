import { Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid, NotFound } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { sql, type Db } from '../lib/sql.ts';
import { groupById, groupName, readNames } from './groups.ts';

export const TOPIC_LIMITS = { topics: 50 } as const;

/** A topic as the admin page and the intake see it. */
export interface Topic {
  id: number;
  names: Partial<Record<Lang, string>>;
  groupId: number;
  position: number;
  hidden: boolean;
}

type TopicRow = Omit<Topic, 'names' | 'hidden'> & { names: string; hidden: number };
const COLUMNS = 'id, names, group_id AS groupId, position, hidden';

const allTopics = sql<TopicRow>(`SELECT ${COLUMNS} FROM topics ORDER BY position, id LIMIT ${TOPIC_LIMITS.topics}`);
const shownTopics = sql<TopicRow>(`SELECT ${COLUMNS} FROM topics WHERE hidden = 0 ORDER BY position, id LIMIT ${TOPIC_LIMITS.topics}`);
const topicWithId = sql<TopicRow>(`SELECT ${COLUMNS} FROM topics WHERE id = +?`);
const countTopics = sql('SELECT count(*) FROM topics');
const lastPosition = sql('SELECT coalesce(max(position), 0) FROM topics');
const insertTopic = sql('INSERT INTO topics (names, group_id, position, created_at) VALUES (?, ?, ?, ?) RETURNING id');
const updateTopicRow = sql('UPDATE topics SET names = ?, group_id = ?, position = ?, hidden = ? WHERE id = ?');
const usedBy = sql('SELECT 1 FROM tickets WHERE topic_id = ? LIMIT 1');
const deleteTopicRow = sql('DELETE FROM topics WHERE id = ?');

const fromRow = (row: TopicRow | undefined): Topic | undefined => row && { ...row, names: JSON.parse(row.names) as Topic['names'], hidden: Boolean(row.hidden) };

/** Every topic, in their order (the admin's list). */
export function listTopics(db: Db): Topic[] {
  return allTopics.all(db).map((row) => fromRow(row)!);
}

/** The topics offered to visitors, each named in their language: none, and nobody is asked. */
export function offeredTopics(db: Db, lang: Lang): Array<{ id: number; name: string }> {
  return shownTopics.all(db).map((row) => ({ id: row.id, name: groupName(fromRow(row)!, lang) }));
}

/** Every topic's name in the reader's language, by id (hidden ones too: tickets keep theirs). */
export function topicLabels(db: Db, lang: Lang): Map<number, string> {
  return new Map(listTopics(db).map((topic) => [topic.id, groupName(topic, lang)]));
}

export function topicById(db: Db, id: number | null): Topic {
  const topic = id === null ? undefined : fromRow(topicWithId.get(db, id));
  if (!topic) throw new NotFound(new Text('admin.topics.notFound'));
  return topic;
}

/**
 * The topic a visitor chose, if any: empty is "something else" (the first line group decides);
 * one that is hidden, unknown or forged is refused, so a form cannot pick a line it was not offered.
 */
export function chosenTopic(db: Db, raw: unknown): Topic | null {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) return null;
  const topic = fromRow(topicWithId.get(db, parseId(value) ?? 0));
  if (!topic || topic.hidden) throw new Invalid(new Text('intake.topicUnknown'), { topic: new Text('intake.topicUnknown') });
  return topic;
}

function readForm(deps: Deps, form: Record<string, unknown>, current?: Topic) {
  const fields: Record<string, Text> = {};
  const names = readNames(form, fields, 'admin.topics.nameNeeded');
  const groupId = parseId(String(form.group ?? ''));
  let group = null;
  try { group = groupById(deps.db, groupId); } catch { fields.group = new Text('admin.topics.groupInvalid'); }
  if (group && group.kind !== 'line') fields.group = new Text('admin.topics.groupInvalid');
  const rawPosition = String(form.position ?? '').trim();
  const position = rawPosition === '' ? (current?.position ?? (lastPosition.value(deps.db) as number) + 1) : Number(rawPosition);
  if (!Number.isInteger(position) || position < 1 || position > 1000) fields.position = new Text('admin.groups.positionInvalid');
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  return { names, groupId: group!.id, position, hidden: form.hidden === 'on' };
}

/** An admin adds a topic leading to a line group. */
export function createTopic(deps: Deps, form: Record<string, unknown>): Topic {
  const values = readForm(deps, form);
  if ((countTopics.value(deps.db) as number) >= TOPIC_LIMITS.topics) throw new Conflict(new Text('admin.topics.tooMany', { max: TOPIC_LIMITS.topics }));
  const { id } = insertTopic.get(deps.db, JSON.stringify(values.names), values.groupId, values.position, deps.clock.now()) as { id: number };
  return topicById(deps.db, id);
}

/** An admin renames a topic, leads it to another line group, moves it in the order, hides or shows it. */
export function updateTopic(deps: Deps, id: number | null, form: Record<string, unknown>): Topic {
  const topic = topicById(deps.db, id);
  const values = readForm(deps, form, topic);
  updateTopicRow.run(deps.db, JSON.stringify(values.names), values.groupId, values.position, values.hidden ? 1 : 0, topic.id);
  return topicById(deps.db, topic.id);
}

/** Deletes a topic no ticket was about (tickets keep theirs for reports: hide such a topic instead). */
export function deleteTopic(deps: Deps, id: number | null): Topic {
  const topic = topicById(deps.db, id);
  if (usedBy.value(deps.db, topic.id)) throw new Conflict(new Text('admin.topics.used'));
  deleteTopicRow.run(deps.db, topic.id);
  return topic;
}

