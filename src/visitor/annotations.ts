import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { cleanLine, cleanText } from '../lib/input.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';

const setComment = sql('UPDATE tickets SET comment = ? WHERE id = ?');
const setCustomFields = sql('UPDATE tickets SET custom_fields = ? WHERE id = ?');

/** Supporters' own notes about a visitor are small: they sit in a side column. */
export const ANNOTATION_LIMITS = { comment: 1000, fields: 20, key: 40, value: 200 } as const;

export interface CustomField { key: string; value: string }

const length = (text: string) => [...text].length;

/**
 * The holder of a ticket replaces its free-text comment (an empty one clears it). The desk
 * re-renders the details panel from the event.
 *
 * @example
 * updateComment(deps, ticketId, me.id, 'Prefers e-mail. Account 4711.');
 */
export function updateComment(deps: Deps, ticketId: number | null, supporterId: number, raw: unknown): void {
  commit(deps, (tx, emit) => {
    // Who may change it is decided before what was sent is judged.
    const ticket = heldTicket(tx, ticketId, supporterId, 'change its visitor details', 'refused');
    const comment = cleanText(raw);
    if (length(comment) > ANNOTATION_LIMITS.comment) throw new Invalid(new Text('teamwork.details.commentTooLong', { max: ANNOTATION_LIMITS.comment }));
    setComment.run(tx, comment, ticket.id);
    emit({ topic: 'ticket', type: 'ticket.details', ticketId: ticket.id, supporterId });
  });
}

/**
 * The holder of a ticket replaces its custom fields with `fields` (see customFieldRows): a field
 * whose value is emptied is removed. A broken rule changes nothing (the transaction rolls back).
 *
 * @example
 * updateCustomFields(deps, ticketId, me.id, [{ key: 'Plan', value: 'Gold' }]);
 */
export function updateCustomFields(deps: Deps, ticketId: number | null, supporterId: number, fields: CustomField[]): void {
  commit(deps, (tx, emit) => {
    const ticket = heldTicket(tx, ticketId, supporterId, 'change its visitor details', 'refused');
    const kept = checkedFields(fields);
    setCustomFields.run(tx, JSON.stringify(kept), ticket.id);
    emit({ topic: 'ticket', type: 'ticket.details', ticketId: ticket.id, supporterId });
  });
}

function checkedFields(fields: CustomField[]): Record<string, string> {
  const kept: Record<string, string> = {};
  const seen = new Set<string>();
  for (const field of fields) {
    const key = cleanLine(field.key);
    const value = cleanLine(field.value);
    if (!key && !value) continue;
    if (!key) throw new Invalid(new Text('teamwork.details.fieldNeedsName'));
    if (length(key) > ANNOTATION_LIMITS.key) throw new Invalid(new Text('teamwork.details.fieldNameTooLong', { max: ANNOTATION_LIMITS.key }));
    if (length(value) > ANNOTATION_LIMITS.value) throw new Invalid(new Text('teamwork.details.fieldValueTooLong', { max: ANNOTATION_LIMITS.value }));
    if (seen.has(key.toLowerCase())) throw new Invalid(new Text('teamwork.details.fieldTwice', { name: key }));
    seen.add(key.toLowerCase());
    if (value) kept[key] = value;
  }
  if (Object.keys(kept).length > ANNOTATION_LIMITS.fields) throw new Invalid(new Text('teamwork.details.tooManyFields', { max: ANNOTATION_LIMITS.fields }));
  return kept;
}

/** The rows of the custom fields form (`key_0`/`value_0`, `key_1`/`value_1`, ...), in their order on the form. */
export function customFieldRows(form: Record<string, string | undefined>): CustomField[] {
  const indexes = new Set<number>();
  for (const name of Object.keys(form)) {
    const match = /^(?:key|value)_(\d{1,4})$/.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b).map((i) => ({ key: form[`key_${i}`] ?? '', value: form[`value_${i}`] ?? '' }));
}

/** The stored custom fields, in order. A damaged value reads as none rather than failing the panel. */
export function readCustomFields(json: string | null | undefined): CustomField[] {
  try {
    const parsed: unknown = JSON.parse(json || '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
    return Object.entries(parsed as Record<string, unknown>)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, value]) => ({ key, value }));
  } catch {
    return [];
  }
}
