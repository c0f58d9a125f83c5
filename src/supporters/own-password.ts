import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { commit } from '../realtime/events.ts';
import { hashPassword, PASSWORD_MAX, passwordProblem, verifyPassword } from './password.ts';
import { endOtherSessions } from './sessions.ts';
import { voidLinks } from './account-links.ts';

const passwordOf = sql<{ passwordHash: string }>('SELECT password_hash AS passwordHash FROM supporters WHERE id = ?');
const setPassword = sql('UPDATE supporters SET password_hash = ? WHERE id = ? AND password_hash = ?');

/**
 * A supporter changes their own password: the current one is required, and every other session
 * of theirs ends at once (its pages' streams close), so whoever else knew the old password is out.
 * The session it was changed from stays signed in.
 */
export async function changeOwnPassword(deps: Deps, supporterId: number, keepSession: number,
  input: { current?: unknown; password?: unknown; confirm?: unknown }): Promise<void> {
  const current = typeof input.current === 'string' ? input.current : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const fields: Record<string, Text> = {};
  const weak = passwordProblem(password);
  if (weak) fields.password = weak;
  else if (input.confirm !== password) fields.confirm = new Text('admin.account.passwordMismatch');
  const stored = passwordOf.get(deps.db, supporterId)?.passwordHash ?? '';
  if (current.length > PASSWORD_MAX || !(await verifyPassword(current, stored))) fields.current = new Text('admin.account.passwordWrong');
  const keys = Object.keys(fields);
  if (keys.length) throw new Invalid(fields[keys[0]!]!, fields);
  const hash = await hashPassword(password);
  commit(deps, (tx, emit) => {
    // Changed meanwhile (another session did the same): this change was made against an old password.
    if (setPassword.run(tx, hash, supporterId, stored).changes !== 1) throw new Invalid(new Text('admin.account.passwordWrong'), { current: new Text('admin.account.passwordWrong') });
    endOtherSessions(tx, emit, supporterId, keepSession);
    voidLinks(tx, supporterId, deps.clock.now());
  });
}
