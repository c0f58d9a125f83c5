import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';

/** How long conversations are kept: for ever, or a number of days or years after they ended. */
export type Retention = { keep: 'forever' } | { keep: 'days' | 'years'; count: number };

export const RETENTION_LIMITS = { days: 36_500, years: 100 } as const;
const DAY_MS = 86_400_000;

const setting = sql("SELECT value FROM settings WHERE key = 'retention'");
const save = sql("INSERT INTO settings (key, value) VALUES ('retention', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

/** The team's retention; a new team keeps everything until an admin says otherwise. */
export function retention(db: Db): Retention {
  const raw = setting.value(db) as string | undefined;
  if (!raw) return { keep: 'forever' };
  try {
    const parsed = JSON.parse(raw) as Retention;
    return parsed.keep === 'days' || parsed.keep === 'years' ? parsed : { keep: 'forever' };
  } catch {
    return { keep: 'forever' };
  }
}

/** Conversations that ended before this instant are removed; null: none is. A year counts 365 days. */
export function retentionCutoff(r: Retention, now: number): number | null {
  if (r.keep === 'forever') return null;
  return now - r.count * (r.keep === 'days' ? 1 : 365) * DAY_MS;
}

/** An admin sets the retention from the form (`keep`: forever, days or years; `count`: a whole number). */
export function saveRetention(deps: Deps, form: Record<string, string>): Retention {
  const keep = form.keep;
  if (keep === 'forever') {
    save.run(deps.db, JSON.stringify({ keep }));
    return { keep };
  }
  if (keep !== 'days' && keep !== 'years') throw new Invalid(new Text('admin.retention.chooseKeep'), { keep: new Text('admin.retention.chooseKeep') });
  const raw = (form.count ?? '').trim();
  const max = RETENTION_LIMITS[keep];
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new Invalid(new Text('admin.form.fixMarked'), { count: new Text('admin.retention.badCount', { max }) });
  }
  const chosen: Retention = { keep, count: Number(raw) };
  save.run(deps.db, JSON.stringify(chosen));
  return chosen;
}
