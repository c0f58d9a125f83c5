import type { Config } from '../config.ts';
import { t, type Lang } from '../i18n/index.ts';
import { sql, type Db } from '../lib/sql.ts';
import { mailbox } from '../mail/addresses.ts';
import { queueMail, rewriteQueuedMail, withoutRisk } from '../mail/outbox.ts';
import { serviceName, supervisorsToMail } from '../mail/recipients.ts';
import { renderMail } from '../mail/templates.ts';
import { breachesSince } from './breaches.ts';

/** A supervisor gets at most one mail about broken norms in this time; later breaches join the next. */
export const ALERT_MAIL_EVERY_MS = 5 * 60_000;
/** Staff mails are in English until supporters choose a language of their own. */
const LANG: Lang = 'en';

const digestOf = sql<{ outboxId: number; since: number; sendAt: number }>(`SELECT outbox_id AS outboxId, since, send_at AS sendAt
  FROM sla_alert_mails WHERE supporter_id = ?`);
const setDigest = sql(`INSERT INTO sla_alert_mails (supporter_id, outbox_id, since, send_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (supporter_id) DO UPDATE SET outbox_id = excluded.outbox_id, since = excluded.since, send_at = excluded.send_at`);

/**
 * After a breach is recorded, inside that change: each supervisor and admin gets it by mail
 * through the outbox, grouped. A mail not sent yet is rewritten to list the new breach too; else a
 * new one goes out at once, or five minutes after the previous one (so never more often). Each
 * lists the breaches since its window began, with a link to the desk. A failure to make the mail
 * never undoes the breach.
 */
export function mailBreach(tx: Db, config: Config, now: number): void {
  withoutRisk(tx, 'norm alert', () => {
    for (const watcher of supervisorsToMail(tx)) {
      const digest = digestOf.get(tx, watcher.id);
      if (digest && rewriteQueuedMail(tx, digest.outboxId, { ...render(tx, config, watcher.name, digest.since), now })) continue;
      const sendAt = Math.max(now, (digest?.sendAt ?? 0) + ALERT_MAIL_EVERY_MS);
      const id = queueMail(tx, { kind: 'alert', ticketId: null, to: mailbox(watcher.name, watcher.email), ...render(tx, config, watcher.name, now), now, sendAt });
      setDigest.run(tx, watcher.id, id, now, sendAt);
    }
  });
}

function render(tx: Db, config: Config, name: string, since: number) {
  const breaches = breachesSince(tx, since, LANG);
  const service = serviceName(config, tx);
  const subject = t(LANG, 'desk.sla.mailSubject', { count: breaches.length, service });
  return { subject, ...renderMail('sla-alert', { name, service, subject, breaches, link: `${config.publicUrl}/desk` }, LANG) };
}
