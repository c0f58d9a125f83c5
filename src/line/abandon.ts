import { addSystemMessage } from '../chat/messages.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';

/**
 * A waiting visitor who closed their page does not hold up everyone behind them for ever: after
 * ABANDON (default 10 min) without any page of theirs open, the ticket leaves the line as
 * abandoned, with a line in its transcript. If the same browser opens the ticket again within
 * REJOIN (default 60 min) it rejoins at its old place (the line is ordered by arrival); later,
 * it stays ended and the visitor starts a new request. Both are admin settings, kept in seconds.
 */
export const ABANDON = { key: 'abandon_after_s', defaultMin: 10, minMin: 1, maxMin: 240 } as const;
export const REJOIN = { key: 'rejoin_within_s', defaultMin: 60, minMin: 1, maxMin: 1440 } as const;
type Setting = typeof ABANDON | typeof REJOIN;

const readSetting = sql<{ value: string }>('SELECT value FROM settings WHERE key = ?');
const writeSetting = sql('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
/** Bounded, and read through the partial index of waiting tickets whose visitor is gone. */
const goneTooLong = sql<{ id: number }>(`SELECT id FROM tickets
  WHERE state = 'waiting' AND visitor_online = 0 AND visitor_seen_at < +? ORDER BY visitor_seen_at LIMIT +?`);
const markAbandoned = sql(`UPDATE tickets SET state = 'abandoned', abandoned_at = ?, away = 0
  WHERE id = ? AND state = 'waiting' AND visitor_online = 0 AND visitor_seen_at < ?`);
const nameOf = sql<{ name: string }>('SELECT visitor_name AS name FROM tickets WHERE id = ?');
const rejoin = sql("UPDATE tickets SET state = 'waiting', abandoned_at = NULL, visitor_seen_at = ? WHERE id = ? AND state = 'abandoned' AND abandoned_at >= ?");

/** Tickets one check takes out of the line at most; the next check takes the rest. */
const PER_CHECK = 200;

/** A setting in milliseconds (stored in seconds: tests and operators may set less than a minute). */
export function settingMs(db: Db, setting: Setting): number {
  const seconds = Number(readSetting.get(db, setting.key)?.value);
  return (Number.isInteger(seconds) && seconds > 0 ? seconds : setting.defaultMin * 60) * 1000;
}

/** An admin sets a setting in whole minutes; returns them. */
export function setSettingMinutes(db: Db, setting: Setting, input: unknown, field: string): number {
  const minutes = typeof input === 'string' && /^\d{1,5}$/.test(input.trim()) ? Number(input.trim()) : NaN;
  if (!(minutes >= setting.minMin && minutes <= setting.maxMin)) {
    const problem = new Text('admin.leaving.minutesRange', { min: setting.minMin, max: setting.maxMin });
    throw new Invalid(problem, { [field]: problem });
  }
  writeSetting.run(db, setting.key, String(minutes * 60));
  return minutes;
}

/**
 * Takes the tickets whose visitor has been gone too long out of the line (run every few
 * seconds: it reads only waiting tickets with no page open, through their own index).
 * Returns how many left.
 */
export function abandonGoneVisitors(deps: Deps): number {
  const now = deps.clock.now();
  const cutoff = now - settingMs(deps.db, ABANDON);
  const ids = goneTooLong.values(deps.db, cutoff, PER_CHECK) as number[];
  if (!ids.length) return 0;
  return commit(deps, (tx, emit) => {
    let left = 0;
    for (const id of ids) {
      // Checked again inside the change: the visitor may have come back a moment ago.
      if (markAbandoned.run(tx, now, id, cutoff).changes !== 1) continue;
      left++;
      addSystemMessage(tx, emit, id, null, new Text('system.abandoned', { name: nameOf.get(tx, id)!.name }), now);
      emit({ topic: 'line', type: 'ticket.left', ticketId: id, data: { abandoned: true } });
    }
    return left;
  });
}

/** Whether an abandoned ticket's visitor is still in time to rejoin. */
export function mayRejoin(deps: Deps, ticket: { state: string; abandonedAt: number | null }): boolean {
  return ticket.state === 'abandoned' && (ticket.abandonedAt ?? 0) >= deps.clock.now() - settingMs(deps.db, REJOIN);
}

/**
 * The visitor opened their abandoned ticket again: within the rejoin time it is back in the line
 * at its old place. Returns whether it rejoined.
 */
export function rejoinIfAbandoned(deps: Deps, ticket: { id: number; state: string }): boolean {
  if (ticket.state !== 'abandoned') return false;
  const now = deps.clock.now();
  return commit(deps, (tx, emit) => {
    if (rejoin.run(tx, now, ticket.id, now - settingMs(deps.db, REJOIN)).changes !== 1) return false;
    addSystemMessage(tx, emit, ticket.id, null, new Text('system.rejoined', { name: nameOf.get(tx, ticket.id)!.name }), now);
    emit({ topic: 'line', type: 'ticket.rejoined', ticketId: ticket.id });
    return true;
  });
}
