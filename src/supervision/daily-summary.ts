import type { Config } from '../config.ts';
import { t, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import { localMoment, teamTimezone } from '../hours/hours.ts';
import { mailbox } from '../mail/addresses.ts';
import { queueMail } from '../mail/outbox.ts';
import { serviceName, supervisorsToMail } from '../mail/recipients.ts';
import { renderMail } from '../mail/templates.ts';
import { addDays } from '../reports/period.ts';
import { figuresOf, tallies } from '../reports/query.ts';
import { namesById } from '../supporters/names.ts';

/*
 * The optional daily summary: once the team's day reaches 07:00, supervisors and admins get
 * yesterday's figures by mail (through the outbox), with the supporters who closed the most and a
 * link to the day's report. Off until an admin turns it on, beside the team's norms.
 */

export const SUMMARY_AT_MINUTE = 7 * 60;
/** Staff mails are in English until supporters choose a language of their own. */
const LANG: Lang = 'en';
const SUPPORTERS_LISTED = 10;

const enabled = sql("SELECT value FROM settings WHERE key = 'daily_summary'");
const setEnabled = sql("INSERT INTO settings (key, value) VALUES ('daily_summary', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const lastSent = sql("SELECT value FROM settings WHERE key = 'daily_summary_sent'");
const setLastSent = sql("INSERT INTO settings (key, value) VALUES ('daily_summary_sent', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

export function dailySummaryOn(db: Db): boolean {
  return enabled.value(db) === '1';
}

export function setDailySummary(db: Db, on: boolean): void {
  setEnabled.run(db, on ? '1' : '0');
}

/** A day's figures and the supporters who closed the most, as the mail shows them. */
function summaryOf(db: Db, day: string) {
  const period = { from: day, to: day };
  const overall = figuresOf(tallies(db, period, 'all', {})[0]);
  const who = namesById(db);
  const people = tallies(db, period, 'supporter', {}).filter((x) => Number(x.key) !== 0)
    .map((x) => ({ name: who.get(Number(x.key)) ?? '', figures: figuresOf(x) }))
    .sort((a, b) => b.figures.closed - a.figures.closed || a.name.localeCompare(b.name)).slice(0, SUPPORTERS_LISTED);
  return { overall, people };
}

/**
 * Queues yesterday's summary to every supervisor and admin, once a day after 07:00 in the team's
 * time zone, when it is on. Returns how many mails it queued (0: not due, off, or already sent).
 */
export function sendDailySummary(deps: Deps, now = deps.clock.now()): number {
  if (!dailySummaryOn(deps.db)) return 0;
  const { day, minute } = localMoment(now, teamTimezone(deps.db));
  if (minute < SUMMARY_AT_MINUTE || lastSent.value(deps.db) === day) return 0;
  const yesterday = addDays(day, -1);
  const mail = render(deps.db, deps.config, yesterday, summaryOf(deps.db, yesterday));
  return deps.db.transaction(() => {
    let queued = 0;
    for (const reader of supervisorsToMail(deps.db)) {
      queueMail(deps.db, { kind: 'summary', ticketId: null, to: mailbox(reader.name, reader.email), ...mail(reader.name), now });
      queued++;
    }
    setLastSent.run(deps.db, day);
    return queued;
  })();
}

function render(db: Db, config: Config, day: string, summary: ReturnType<typeof summaryOf>) {
  const service = serviceName(config, db);
  const subject = t(LANG, 'desk.summary.subject', { service, day });
  const link = `${config.publicUrl}/reports?period=day&date=${day}`;
  return (name: string) => ({ subject, ...renderMail('daily-summary', { name, service, subject, day, link, ...summary }, LANG) });
}
