import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../lib/deps.ts';
import { randomToken } from '../lib/ids.ts';
import { sql } from '../lib/sql.ts';

const makeSecret = sql("INSERT INTO settings (key, value) VALUES ('csrf_secret', ?) ON CONFLICT (key) DO NOTHING");
const storedSecret = sql<{ value: string }>("SELECT value FROM settings WHERE key = 'csrf_secret'");

/** How long a signed token rendered into a widget page is accepted. The panel reloads on every host page. */
export const WIDGET_CSRF_TTL_MS = 24 * 3600_000;
const TOKEN = /^w1\.(\d{10,13})\.([0-9a-f]{64})$/;

/**
 * CSRF tokens for pages inside the widget's iframe. There the browser sends none of Lineup's
 * SameSite=Lax cookies (the frame is on another site), so the double-submit cookie cannot work:
 * these pages carry an expiring token signed with a server secret instead (kept in `settings`
 * as 'csrf_secret', made on first use). The middleware accepts it only on visitor paths that are
 * addressed by a site key or a ticket token, never for a supporter's session.
 *
 * @example
 * const csrf = widgetCsrf(deps); csrf.issue(); csrf.verify(token)
 */
export function widgetCsrf(deps: Deps) {
  let secret: string | undefined;
  const key = () => {
    if (!secret) {
      makeSecret.run(deps.db, randomToken());
      secret = storedSecret.value(deps.db)!;
    }
    return secret;
  };
  const sign = (expires: string) => createHmac('sha256', key()).update(`widget-csrf:${expires}`).digest('hex');
  return {
    issue(): string {
      const expires = String(deps.clock.now() + WIDGET_CSRF_TTL_MS);
      return `w1.${expires}.${sign(expires)}`;
    },
    verify(token: string | undefined): boolean {
      const match = token ? TOKEN.exec(token) : null;
      if (!match || Number(match[1]) <= deps.clock.now()) return false;
      return timingSafeEqual(Buffer.from(sign(match[1]!), 'hex'), Buffer.from(match[2]!, 'hex'));
    },
  };
}
