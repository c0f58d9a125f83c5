import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Forbidden, Invalid } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { ticketById } from '../line/tickets.ts';
import { fillPlaceholders, placeholderValues } from './placeholders.ts';
import type { CannedReply } from './replies.ts';
import { inChat } from '../handover/participants.ts';

/** The message box offers at most this many replies at once. */
export const SUGGESTIONS_MAX = 8;
/** Longer queries are refused: no name is that long, and every keystroke runs one. */
export const QUERY_MAX = 64;

/** A reply as the message box offers it: the text is already filled in for one ticket. */
export interface Suggestion {
  id: number;
  name: string;
  shared: boolean;
  text: string;
}

/** Makes user text literal inside a LIKE pattern (with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

// Best first: a name that starts with the query, then a name that contains it, then a text that
// contains it; on a tie the supporter's own reply before the shared one, then by name. Each
// supporter and the team hold at most CANNED_MAX_EACH replies, so this scans a bounded set.
// LIKE ignores case for ASCII, which is every name (non-ASCII text matches as typed).
const search = sql<CannedReply>(`
  SELECT id, owner_id AS ownerId, name, body, created_at AS createdAt, updated_at AS updatedAt
  FROM canned_replies
  WHERE (owner_id = @me OR owner_id IS NULL)
    AND (name LIKE @contains ESCAPE '\\' OR body LIKE @contains ESCAPE '\\')
  ORDER BY CASE WHEN name LIKE @prefix ESCAPE '\\' THEN 0 WHEN name LIKE @contains ESCAPE '\\' THEN 1 ELSE 2 END,
           owner_id IS NULL, lower(name), id
  LIMIT @limit`);

/**
 * The supporter's personal and the team's shared replies matching what was typed after "/",
 * best first, at most SUGGESTIONS_MAX. An empty query offers the first replies by name.
 *
 * @example
 * searchCannedReplies(deps.db, me.id, 'gre') // [{ name: 'greeting', ... }]
 */
export function searchCannedReplies(db: Db, supporterId: number, query: unknown): CannedReply[] {
  const q = cleanLine(query);
  if ([...q].length > QUERY_MAX) throw new Invalid(new Text('teamwork.canned.queryTooLong', { max: QUERY_MAX }));
  const literal = escapeLike(q);
  return search.all(db, { me: supporterId, contains: `%${literal}%`, prefix: `${literal}%`, limit: SUGGESTIONS_MAX });
}

/**
 * Replies to offer in the message box of one ticket, filled in for its visitor and supporter.
 * Only the supporters in the chat (its holder and invited colleagues) get them; an unknown id is not found.
 */
export function suggestionsFor(deps: Deps, supporter: { id: number; name: string }, ticketId: number | null, query: unknown): Suggestion[] {
  const ticket = ticketById(deps.db, ticketId);
  if (!inChat(deps.db, ticket, supporter.id)) throw new Forbidden(new Text('teamwork.canned.notYourTab'));
  const values = placeholderValues({ ticket, supporter });
  return searchCannedReplies(deps.db, supporter.id, query).map((reply) => ({
    id: reply.id, name: reply.name, shared: reply.ownerId === null, text: fillPlaceholders(reply.body, values),
  }));
}
