import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { openTicket } from '../line/tickets.ts';
import { queueOfflineMail } from '../mail/offline.ts';
import type { VisitorContext } from '../visitor/context.ts';

/**
 * A visitor leaves a message while nobody can chat (outside hours, or nobody available): it is
 * kept as a ticket of its own, never in the live line, and mailed to the team's address in the
 * same change, so a mail server that is down delays it but never loses it.
 */
export function leaveMessage(deps: Deps, form: Record<string, string>, visitor?: VisitorContext, extra?: (tx: Db, ticketId: number, now: number) => void) {
  return openTicket(deps, form, visitor, {
    offline: true,
    extra: (tx, ticketId, now) => {
      extra?.(tx, ticketId, now);
      queueOfflineMail(tx, { ticketId, name: form.name ?? '', email: form.email ?? null, message: form.problem ?? '', now, teamEmail: deps.config.teamEmail });
    },
  });
}
