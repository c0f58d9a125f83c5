import type { Deps } from '../lib/deps.ts';
import { openTicket } from '../line/tickets.ts';
import { queueOfflineMail } from '../mail/offline.ts';
import type { VisitorContext } from '../visitor/context.ts';
import { TooManyRequests } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';

const offlineFromAddress = sql('SELECT count(*) FROM tickets WHERE closed_at > ? AND offline = 1 AND visitor_ip = ?');

/** Messages one address may leave per hour (each is mailed to the team). */
export const OFFLINE_PER_ADDRESS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

/**
 * A visitor leaves a message while nobody can chat (outside hours, or nobody available): it is
 * kept as a ticket of its own, never in the live line, and mailed to the team's address in the
 * same change, so a mail server that is down delays it but never loses it.
 */
export function leaveMessage(deps: Deps, form: Record<string, string>, visitor?: VisitorContext, extra?: (tx: Db, ticketId: number, now: number) => void) {
  // Each message becomes a mail to the team: one address may leave only a few an hour.
  if (visitor?.ip) {
    const recent = offlineFromAddress.value(deps.db, deps.clock.now() - HOUR_MS, visitor.ip) as number;
    if (recent >= OFFLINE_PER_ADDRESS_PER_HOUR) {
      throw new TooManyRequests(new Text('offline.tooMany'), 3600);
    }
  }
  return openTicket(deps, form, visitor, {
    offline: true,
    extra: (tx, ticketId, now) => {
      extra?.(tx, ticketId, now);
      queueOfflineMail(tx, { ticketId, name: form.name ?? '', email: form.email ?? null, message: form.problem ?? '', now, teamEmail: deps.config.teamEmail, lang: deps.config.teamLanguage });
    },
  });
}
