import { and, count, eq, gt, inArray, lt, or } from 'drizzle-orm';
import type { Deps } from '../lib/deps.ts';
import { Invalid, TooManyRequests } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { Text } from '../i18n/index.ts';
import { findSupporterByEmail, type PublicSupporter } from './accounts.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { loginFailures } from './schema.ts';

const WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins allowed per window: few per account (guessing one password), more per address (a shared office). */
const LIMITS = { account: 5, address: 30 };

function failuresSince(deps: Deps, key: string, since: number): number {
  return deps.db.select({ n: count() }).from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since))).get()?.n ?? 0;
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
  deps.db.delete(loginFailures).where(lt(loginFailures.at, now - WINDOW_MS)).run();
  const attempt = deps.db.insert(loginFailures).values([{ key: keys.account, at: now }, { key: keys.address, at: now }])
    .returning({ id: loginFailures.id }).all();
  const supporter = findSupporterByEmail(deps, email);
  const ok = await verifyPassword(password, supporter?.passwordHash ?? await decoyHash);
  if (!supporter || !ok || !supporter.enabled) {
    throw new Invalid(new Text(supporter && ok ? 'admin.login.disabled' : 'admin.login.mismatch'));
  }
  deps.db.delete(loginFailures).where(or(eq(loginFailures.key, keys.account), inArray(loginFailures.id, attempt.map((a) => a.id)))).run();
  const { passwordHash: _hidden, ...rest } = supporter;
  return rest;
}
