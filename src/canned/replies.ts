import { Text } from '../i18n/index.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { cleanLine, cleanText, requireText, throwIfInvalid } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import type { Role } from '../supporters/schema.ts';
import type { cannedReplies } from './schema.ts';

/** A reply kept for reuse; `ownerId` null means shared with the team. */
export type CannedReply = typeof cannedReplies.$inferSelect;

const COLUMNS = 'id, owner_id AS ownerId, name, body, created_at AS createdAt, updated_at AS updatedAt';
// `owner_id IS ?` matches a personal owner and the shared replies (NULL) alike.
const nameClash = sql<{ id: number }>('SELECT id FROM canned_replies WHERE owner_id IS +? AND lower(name) = lower(?) AND id IS NOT ? LIMIT 1');
const replyWithId = sql<CannedReply>(`SELECT ${COLUMNS} FROM canned_replies WHERE id = +?`);
const countOwned = sql<{ n: number }>('SELECT count(*) AS n FROM canned_replies WHERE owner_id IS ?');
const insertReply = sql<CannedReply>(`INSERT INTO canned_replies (owner_id, name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`);
const updateReply = sql<CannedReply>(`UPDATE canned_replies SET name = ?, body = ?, updated_at = ? WHERE id = ? RETURNING ${COLUMNS}`);
const deleteReply = sql('DELETE FROM canned_replies WHERE id = ?');
const repliesOf = sql<CannedReply>(`SELECT ${COLUMNS} FROM canned_replies WHERE owner_id IS +? ORDER BY lower(name), id LIMIT +?`);

/** Who is acting: only the id and the role matter to the rules here. */
export interface Actor { id: number; role: Role }

export interface CannedInput { name?: unknown; body?: unknown; shared?: unknown }

export const CANNED_LIMITS = { name: 32, body: 2000 } as const;

/**
 * Each supporter may keep this many personal replies and the team this many shared ones: the
 * /canned page then always shows everything, and a search never scans more than twice this.
 */
export const CANNED_MAX_EACH = 500;

// A name is typed after "/" in the message box, so it is one word of plain ASCII: case folds
// the same in SQLite, in Node and in every browser.
const NAME = /^[A-Za-z0-9_-]+$/;

const isAdmin = (actor: Actor) => actor.role === 'admin';

function validate(input: CannedInput) {
  const fields: Record<string, string | Text> = {};
  // A leading "/" is how people think of the name; it is not part of it.
  const name = cleanLine(input.name).replace(/^\//, '');
  const body = cleanText(input.body);
  requireText(fields, 'name', new Text('teamwork.canned.name'), name, CANNED_LIMITS.name);
  if (!fields.name && !NAME.test(name)) fields.name = new Text('teamwork.canned.nameChars');
  requireText(fields, 'body', new Text('teamwork.canned.text'), body, CANNED_LIMITS.body);
  throwIfInvalid(fields);
  return { name, body };
}

/** A name already used by the same owner (or, for shared replies, by another shared reply). */
export class NameTaken extends Conflict {}

/** Names are unique per owner (shared ones among shared), compared without case. */
function assertNameFree(tx: Db, ownerId: number | null, name: string, exceptId?: number) {
  const clash = nameClash.get(tx, ownerId, name, exceptId ?? null);
  if (clash) {
    throw new NameTaken(new Text(ownerId === null ? 'teamwork.canned.sharedTaken' : 'teamwork.canned.nameTaken', { name }));
  }
}

/** The reply with this id if the actor may see it (their own or a shared one); anything else is not found. */
function visibleReply(tx: Db, actor: Actor, id: number | null): CannedReply {
  const reply = id === null ? undefined : replyWithId.get(tx, id);
  // Another supporter's personal reply is reported exactly like a missing one: its existence is private.
  if (!reply || (reply.ownerId !== null && reply.ownerId !== actor.id)) throw new NotFound(new Text('teamwork.canned.noSuch'));
  return reply;
}

function assertMayChange(actor: Actor, reply: { ownerId: number | null }) {
  if (reply.ownerId === null && !isAdmin(actor)) throw new Forbidden(new Text('teamwork.canned.onlyAdminChange'));
}

/**
 * Adds a personal reply, or a shared one when `shared` is set (admins only).
 *
 * @example
 * addCannedReply(deps, me, { name: 'greeting', body: 'Hello {visitor.name}!' })
 */
export function addCannedReply(deps: Deps, actor: Actor, input: CannedInput): CannedReply {
  const shared = input.shared === true || input.shared === 'on';
  if (shared && !isAdmin(actor)) throw new Forbidden(new Text('teamwork.canned.onlyAdminAdd'));
  const clean = validate(input);
  const ownerId = shared ? null : actor.id;
  const now = deps.clock.now();
  return commit(deps, (tx) => {
    const owned = countOwned.get(tx, ownerId)!.n;
    if (owned >= CANNED_MAX_EACH) {
      throw new Conflict(new Text(shared ? 'teamwork.canned.tooManyShared' : 'teamwork.canned.tooManyPersonal', { max: CANNED_MAX_EACH }));
    }
    assertNameFree(tx, ownerId, clean.name);
    return insertReply.get(tx, ownerId, clean.name, clean.body, now, now)!;
  });
}

/** Changes a reply's name and text; whether it is shared stays as it was. */
export function updateCannedReply(deps: Deps, actor: Actor, id: number | null, input: CannedInput): CannedReply {
  return commit(deps, (tx) => {
    const reply = visibleReply(tx, actor, id);
    assertMayChange(actor, reply);
    const clean = validate(input);
    assertNameFree(tx, reply.ownerId, clean.name, reply.id);
    return updateReply.get(tx, clean.name, clean.body, deps.clock.now(), reply.id)!;
  });
}

/** Deletes a reply; returns what was deleted. */
export function deleteCannedReply(deps: Deps, actor: Actor, id: number | null): CannedReply {
  return commit(deps, (tx) => {
    const reply = visibleReply(tx, actor, id);
    assertMayChange(actor, reply);
    deleteReply.run(tx, reply.id);
    return reply;
  });
}

/** The actor's personal replies and the team's shared ones, each by name. */
export function listCannedReplies(db: Db, actor: Actor): { personal: CannedReply[]; shared: CannedReply[] } {
  return { personal: repliesOf.all(db, actor.id, CANNED_MAX_EACH), shared: repliesOf.all(db, null, CANNED_MAX_EACH) };
}
