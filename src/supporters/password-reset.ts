import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { endOtherSessions } from './sessions.ts';
import { voidLinks } from './account-links.ts';

const setPassword = sql('UPDATE supporters SET password_hash = ?, invited_at = NULL WHERE id = ?');

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
    endOtherSessions(tx, emit, supporterId);
    voidLinks(tx, supporterId, deps.clock.now());
  });
}
