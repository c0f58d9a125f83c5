import { joinFirstLineGroup } from '../groups/members.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import type { Deps } from '../lib/deps.ts';
import { checkEmail, cleanLine, requireText, throwIfInvalid } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { releaseTicketsOf } from '../line/claims.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { ROLES, type Role, type supporters } from './schema.ts';

export type Supporter = typeof supporters.$inferSelect;
/** A supporter as other people see them: never the password hash or the authenticator's secret, only whether there is one. */
export type PublicSupporter = Omit<Supporter, 'passwordHash' | 'totpSecret' | 'totpLastStep'> & { twoFactor: boolean };

export interface NewSupporter {
  name?: unknown;
  email?: unknown;
  password?: unknown;
  role?: unknown;
}

/** A supporter's columns as pages see them (never the password hash); SQLite keeps flags as 0/1. */
export const PUBLIC_COLUMNS = `s.id, s.email, s.name, s.role, s.enabled, s.status, s.status_message AS statusMessage, s.online, s.place,
  s.last_seen_at AS lastSeenAt, s.created_at AS createdAt, s.notify_new_tickets AS notifyNewTickets, s.photo_version AS photoVersion,
  s.deleted_at AS deletedAt, s.invited_at AS invitedAt, s.totp_secret IS NOT NULL AS twoFactor, s.break_reason AS breakReason, s.break_since AS breakSince, s.languages, s.capacity`;

type Flags = 'enabled' | 'online' | 'notifyNewTickets' | 'twoFactor';
export type PublicRow = Omit<PublicSupporter, Flags> & { [F in Flags]: number };

/** A row read with PUBLIC_COLUMNS as a supporter, its flags as booleans. */
export function fromRow<R extends PublicRow>(row: R): Omit<R, Flags> & Pick<PublicSupporter, Flags> {
  return { ...row, enabled: Boolean(row.enabled), online: Boolean(row.online), notifyNewTickets: Boolean(row.notifyNewTickets), twoFactor: Boolean(row.twoFactor) };
}

const countSupporters = sql<{ n: number }>('SELECT count(*) AS n FROM supporters');
const supporterWithEmail = sql<PublicRow & { passwordHash: string }>(`SELECT ${PUBLIC_COLUMNS}, s.password_hash AS passwordHash FROM supporters s WHERE s.email = +?`);
const supporterWithId = sql<PublicRow>(`SELECT ${PUBLIC_COLUMNS} FROM supporters s WHERE s.id = +?`);
const everyone = sql<PublicRow>(`SELECT ${PUBLIC_COLUMNS} FROM supporters s WHERE s.deleted_at IS NULL ORDER BY s.name, s.id LIMIT 5000`);
const insertSupporter = sql<{ id: number }>('INSERT INTO supporters (name, email, password_hash, role, created_at, invited_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
const setEnabled = sql("UPDATE supporters SET enabled = ?, online = ?, place = CASE WHEN ? THEN place ELSE 'offline' END WHERE id = ?");
const endSessionsOf = sql('DELETE FROM sessions WHERE supporter_id = ?');
const setDetails = sql('UPDATE supporters SET name = ?, email = ?, role = ? WHERE id = ?');
const enabledAdmins = sql<{ n: number }>("SELECT count(*) AS n FROM supporters WHERE role = 'admin' AND enabled = 1");

/** A supporter's name, e-mail and role from a form: cleaned, or Invalid naming each wrong field. */
export function checkDetails(input: NewSupporter, fields: Record<string, Text> = {}) {
  const name = cleanLine(input.name);
  const email = cleanLine(input.email).toLowerCase();
  const role = typeof input.role === 'string' ? input.role : '';
  requireText(fields, 'name', new Text('field.name'), name, 80);
  checkEmail(fields, 'email', email, true);
  if (!(ROLES as readonly string[]).includes(role)) fields.role = new Text('admin.account.roleInvalid', { roles: ROLES.join(', ') });
  throwIfInvalid(fields);
  return { name, email, role: role as Role };
}

function validate(input: NewSupporter) {
  const fields: Record<string, Text> = {};
  const password = typeof input.password === 'string' ? input.password : '';
  const weak = passwordProblem(password);
  if (weak) fields.password = weak;
  return { ...checkDetails(input, fields), password };
}

/**
 * Adds a supporter. Throws Invalid for bad fields and Conflict for an e-mail already in use.
 * With `onlyIfFirst`, it refuses once any supporter exists (the first-run page).
 */
export async function addSupporter(deps: Deps, input: NewSupporter, options: { onlyIfFirst?: boolean } = {}): Promise<PublicSupporter> {
  const clean = validate(input);
  const passwordHash = await hashPassword(clean.password);
  return commit(deps, (tx, emit) => {
    if (options.onlyIfFirst && countSupporters.get(tx)!.n > 0) {
      throw new Conflict(new Text('admin.setup.done'));
    }
    return insertAccount(tx, emit, clean, passwordHash, { now: deps.clock.now(), invited: false });
  });
}

/**
 * Inserts an account inside a change (Conflict when the e-mail is taken). An invited one has no
 * password (nothing verifies against an empty hash) until its invitation link sets one.
 */
export function insertAccount(tx: Db, emit: Emit, clean: { name: string; email: string; role: Role }, passwordHash: string,
  { now, invited }: { now: number; invited: boolean }): PublicSupporter {
  if (supporterWithEmail.get(tx, clean.email)) {
    throw new Conflict(new Text('admin.supporters.emailTaken', { email: clean.email }));
  }
  const { id } = insertSupporter.get(tx, clean.name, clean.email, passwordHash, clean.role, now, invited ? now : null)!;
  joinFirstLineGroup(tx, id);
  emit({ topic: 'team', type: 'supporter.added', supporterId: id });
  return fromRow(supporterWithId.get(tx, id)!);
}

export function hasSupporters(db: Db): boolean {
  return countSupporters.get(db)!.n > 0;
}

/** A supporter by e-mail, with the password hash (for checking a sign-in); never the authenticator's secret. */
export function findSupporterByEmail(db: Db, email: string): PublicSupporter & { passwordHash: string } | undefined {
  const row = supporterWithEmail.get(db, email.trim().toLowerCase());
  return row && fromRow(row);
}

export function getSupporter(db: Db, id: number): PublicSupporter | undefined {
  const row = supporterWithId.get(db, id);
  return row && fromRow(row);
}

/** Everyone on the team, for the admin page and the desk's team list (teams are tens to low thousands). */
export function listSupporters(db: Db): PublicSupporter[] {
  return everyone.all(db).map(fromRow);
}

/**
 * Turns an account off or on. A disabled supporter is signed out everywhere and their open
 * tickets go back to the line, so no visitor is left with nobody.
 */
export function setSupporterEnabled(deps: Deps, actorId: number, supporterId: number, enabled: boolean): PublicSupporter {
  if (actorId === supporterId && !enabled) throw new Forbidden(new Text('admin.supporters.notYourself'));
  return commit(deps, (tx, emit) => {
    const row = supporterWithId.get(tx, supporterId);
    // A deleted account stays deleted.
    if (!row || row.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    const target = fromRow(row);
    if (target.enabled === enabled) return target;
    setEnabled.run(tx, enabled ? 1 : 0, enabled && target.online ? 1 : 0, enabled ? 1 : 0, supporterId);
    if (!enabled) {
      endSessionsOf.run(tx, supporterId);
      releaseTicketsOf(tx, emit, supporterId, deps.clock.now());
    }
    emit({ topic: 'team', type: enabled ? 'supporter.enabled' : 'supporter.disabled', supporterId });
    return { ...target, enabled };
  });
}

/**
 * An admin changes a supporter's name, e-mail or role; returns the supporter before and after.
 * A new role counts from the supporter's next request. The last enabled admin stays an admin.
 */
export function updateSupporter(deps: Deps, supporterId: number | null, input: NewSupporter): { before: PublicSupporter; after: PublicSupporter } {
  const { name, email, role } = checkDetails(input);
  return commit(deps, (tx, emit) => {
    const row = supporterId === null ? undefined : supporterWithId.get(tx, supporterId);
    if (!row || row.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    const before = fromRow(row);
    const holder = supporterWithEmail.get(tx, email);
    if (holder && holder.id !== before.id) throw new Conflict(new Text('admin.supporters.emailTaken', { email }));
    if (before.role === 'admin' && role !== 'admin' && before.enabled && enabledAdmins.get(tx)!.n <= 1) {
      throw new Forbidden(new Text('admin.supporters.lastAdmin'));
    }
    setDetails.run(tx, name, email, role, before.id);
    // Team lists show the name: they are drawn again.
    emit({ topic: 'team', type: 'supporter.status', supporterId: before.id });
    return { before, after: fromRow(supporterWithId.get(tx, before.id)!) };
  });
}

const markDeleted = sql(`UPDATE supporters SET enabled = 0, online = 0, place = 'offline', deleted_at = ?, photo_version = NULL,
  email = 'deleted-' || id || '@deleted.invalid' WHERE id = ?`);
const dropPhotoOf = sql('DELETE FROM supporter_photos WHERE supporter_id = ?');
const dropPersonalReplies = sql('DELETE FROM canned_replies WHERE owner_id = ?');

/**
 * An admin deletes a supporter's account. What they said and did stays under their name as it
 * was (transcripts, notes, team chat); the account itself goes: signed out everywhere at once,
 * their open tickets back in the line at their old places, their personal canned replies and
 * photo removed, their e-mail free for someone else. Not oneself, nor the last enabled admin.
 */
export function deleteSupporter(deps: Deps, actorId: number, supporterId: number | null): PublicSupporter {
  if (supporterId === actorId) throw new Forbidden(new Text('admin.supporters.notYourselfDelete'));
  return commit(deps, (tx, emit) => {
    const row = supporterId === null ? undefined : supporterWithId.get(tx, supporterId);
    if (!row || row.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    const target = fromRow(row);
    if (target.role === 'admin' && target.enabled && enabledAdmins.get(tx)!.n <= 1) throw new Forbidden(new Text('admin.supporters.lastAdmin'));
    markDeleted.run(tx, deps.clock.now(), target.id);
    dropPhotoOf.run(tx, target.id);
    dropPersonalReplies.run(tx, target.id);
    // As with disabling: supporter.disabled below ends every page of theirs, whatever its session.
    endSessionsOf.run(tx, target.id);
    releaseTicketsOf(tx, emit, target.id, deps.clock.now());
    emit({ topic: 'team', type: 'supporter.disabled', supporterId: target.id });
    return target;
  });
}
