import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { hashPassword, passwordProblem } from './password.ts';

const setPassword = sql('UPDATE supporters SET password_hash = ? WHERE id = ?');
const endSessionsOf = sql<{ session: number }>('DELETE FROM sessions WHERE supporter_id = ? RETURNING rowid AS session');

/**
 * Gives a supporter a new password from outside their account (the command line): every session
 * of theirs ends at once, as whoever used the old one should be out.
 */
export async function resetPassword(deps: Deps, supporterId: number, password: string): Promise<void> {
  const weak = passwordProblem(password);
  if (weak) throw new Invalid(weak, { password: weak });
  const hash = await hashPassword(password);
  commit(deps, (tx, emit) => {
    setPassword.run(tx, hash, supporterId);
    for (const { session } of endSessionsOf.all(tx, supporterId)) emit({ topic: 'ticket', type: 'session.ended', supporterId, data: { session } });
  });
}
