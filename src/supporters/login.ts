import type { Deps } from '../lib/deps.ts';
import { Invalid, TooManyRequests } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { Text } from '../i18n/index.ts';
import { findSupporterByEmail, type PublicSupporter } from './accounts.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { sql } from '../lib/sql.ts';

const failuresOf = sql<{ n: number }>('SELECT count(*) AS n FROM login_failures WHERE key = ? AND at > ?');
const dropOldFailures = sql('DELETE FROM login_failures WHERE at < ?');
const countFailure = sql<{ id: number }>('INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id');
const clearFailures = sql('DELETE FROM login_failures WHERE key = ? OR id IN (?, ?)');

const WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins allowed per window: few per account (guessing one password), more per address (a shared office). */
const LIMITS = { account: 5, address: 30 };

function failuresSince(deps: Deps, key: string, since: number): number {
  return failuresOf.get(deps.db, key, since)!.n;
}

/**
 * Checks an e-mail and password. Failures are counted per account and per address in the
 * database (so a restart does not reset them); past the limit every attempt is refused.
 */
export async function signIn(deps: Deps, input: { email: unknown; password: unknown; address: string }): Promise<PublicSupporter> {
  const email = cleanLine(input.email).toLowerCase().slice(0, 254);
  const password = typeof input.password === 'string' ? input.password.slice(0, 200) : '';
  if (!email || !password) throw new Invalid(new Text('admin.login.enterBoth'));
  const now = deps.clock.now();
  const keys = { account: `account:${email}`, address: `address:${input.address}` };
  for (const kind of ['account', 'address'] as const) {
    if (failuresSince(deps, keys[kind], now - WINDOW_MS) >= LIMITS[kind]) {
      throw new TooManyRequests(new Text('admin.login.tooMany'), WINDOW_MS / 1000);
    }
  }
  // Count this attempt as a failure before the slow hash check, so parallel guesses all count.
  dropOldFailures.run(deps.db, now - WINDOW_MS);
  const attempt = deps.db.transaction(() => [countFailure.get(deps.db, keys.account, now)!.id, countFailure.get(deps.db, keys.address, now)!.id])();
  const supporter = findSupporterByEmail(deps.db, email);
  const ok = await verifyPassword(password, supporter?.passwordHash ?? await decoyHash);
  if (!supporter || !ok || !supporter.enabled) {
    throw new Invalid(new Text(supporter && ok ? 'admin.login.disabled' : 'admin.login.mismatch'));
  }
  clearFailures.run(deps.db, keys.account, ...attempt);
  const { passwordHash: _hidden, ...rest } = supporter;
  return rest;
}
