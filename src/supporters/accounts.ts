import { asc, count, eq } from 'drizzle-orm';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import type { Deps } from '../lib/deps.ts';
import { checkEmail, cleanLine, requireText, throwIfInvalid } from '../lib/input.ts';
import { Text } from '../i18n/index.ts';
import { commit } from '../realtime/events.ts';
import { releaseTicketsOf } from '../line/claims.ts';
import { hashPassword } from './password.ts';
import { ROLES, sessions, supporters, type Role } from './schema.ts';

export type Supporter = typeof supporters.$inferSelect;
/** A supporter as other people see them: never the password hash. */
export type PublicSupporter = Omit<Supporter, 'passwordHash'>;

export interface NewSupporter {
  name?: unknown;
  email?: unknown;
  password?: unknown;
  role?: unknown;
}

const publicColumns = {
  id: supporters.id, email: supporters.email, name: supporters.name, role: supporters.role,
  enabled: supporters.enabled, status: supporters.status, statusMessage: supporters.statusMessage,
  online: supporters.online, lastSeenAt: supporters.lastSeenAt, createdAt: supporters.createdAt,
  notifyNewTickets: supporters.notifyNewTickets,
};

function validate(input: NewSupporter) {
  const fields: Record<string, Text> = {};
  const name = cleanLine(input.name);
  const email = cleanLine(input.email).toLowerCase();
  const password = typeof input.password === 'string' ? input.password : '';
  const role = typeof input.role === 'string' ? input.role : '';
  requireText(fields, 'name', new Text('field.name'), name, 80);
  checkEmail(fields, 'email', email, true);
  if ([...password].length < 10) fields.password = new Text('admin.account.passwordShort');
  else if (password.length > 200) fields.password = new Text('admin.account.passwordLong');
  if (!(ROLES as readonly string[]).includes(role)) fields.role = new Text('admin.account.roleInvalid', { roles: ROLES.join(', ') });
  throwIfInvalid(fields);
  return { name, email, password, role: role as Role };
}

/**
 * Adds a supporter. Throws Invalid for bad fields and Conflict for an e-mail already in use.
 * With `onlyIfFirst`, it refuses once any supporter exists (the first-run page).
 */
export async function addSupporter(deps: Deps, input: NewSupporter, options: { onlyIfFirst?: boolean } = {}): Promise<PublicSupporter> {
  const clean = validate(input);
  const passwordHash = await hashPassword(clean.password);
  return commit(deps, (tx, emit) => {
    if (options.onlyIfFirst && (tx.select({ n: count() }).from(supporters).get()?.n ?? 0) > 0) {
      throw new Conflict(new Text('admin.setup.done'));
    }
    if (tx.select({ id: supporters.id }).from(supporters).where(eq(supporters.email, clean.email)).get()) {
      throw new Conflict(new Text('admin.supporters.emailTaken', { email: clean.email }));
    }
    const row = tx.insert(supporters).values({
      name: clean.name, email: clean.email, passwordHash, role: clean.role, createdAt: deps.clock.now(),
    }).returning(publicColumns).get();
    emit({ topic: 'team', type: 'supporter.added', supporterId: row.id });
    return row;
  });
}

export function hasSupporters(deps: Deps): boolean {
  return (deps.db.select({ n: count() }).from(supporters).get()?.n ?? 0) > 0;
}

export function findSupporterByEmail(deps: Deps, email: string): Supporter | undefined {
  return deps.db.select().from(supporters).where(eq(supporters.email, email.trim().toLowerCase())).get();
}

export function getSupporter(deps: Deps, id: number): PublicSupporter | undefined {
  return deps.db.select(publicColumns).from(supporters).where(eq(supporters.id, id)).get();
}

/** Everyone on the team, for the admin page and the desk's team list (teams are tens to low thousands). */
export function listSupporters(deps: Deps): PublicSupporter[] {
  return deps.db.select(publicColumns).from(supporters).orderBy(asc(supporters.name), asc(supporters.id)).limit(5000).all();
}

/**
 * Turns an account off or on. A disabled supporter is signed out everywhere and their open
 * tickets go back to the line, so no visitor is left with nobody.
 */
export function setSupporterEnabled(deps: Deps, actorId: number, supporterId: number, enabled: boolean): PublicSupporter {
  if (actorId === supporterId && !enabled) throw new Forbidden(new Text('admin.supporters.notYourself'));
  return commit(deps, (tx, emit) => {
    const target = tx.select(publicColumns).from(supporters).where(eq(supporters.id, supporterId)).get();
    if (!target) throw new NotFound(new Text('admin.supporters.notFound'));
    if (target.enabled === enabled) return target;
    tx.update(supporters).set({ enabled, online: enabled ? target.online : false }).where(eq(supporters.id, supporterId)).run();
    if (!enabled) {
      tx.delete(sessions).where(eq(sessions.supporterId, supporterId)).run();
      releaseTicketsOf(tx, emit, supporterId, deps.clock.now());
    }
    emit({ topic: 'team', type: enabled ? 'supporter.enabled' : 'supporter.disabled', supporterId });
    return { ...target, enabled };
  });
}
