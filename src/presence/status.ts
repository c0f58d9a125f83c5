import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { sql, type Db } from '../lib/sql.ts';
import { STATUSES } from '../supporters/schema.ts';
import { releaseTicketsOf } from '../line/claims.ts';
import { endBreak } from './breaks.ts';

const countOnline = sql<{ n: number }>("SELECT count(*) AS n FROM supporters WHERE place = 'desk' AND enabled = 1");
const countAvailable = sql<{ n: number }>("SELECT count(*) AS n FROM supporters WHERE place = 'desk' AND status = 'available' AND enabled = 1");
const setAlerts = sql('UPDATE supporters SET notify_new_tickets = ? WHERE id = ?');
const setStatusRow = sql('UPDATE supporters SET status = ?, status_message = ? WHERE id = ?');

export const STATUS_MESSAGE_MAX = 140;

/** How many enabled supporters have the desk open right now (taking new tickets). */
export function onlineSupporterCount(db: Db): number {
  return countOnline.get(db)!.n;
}

/** How many enabled supporters are on the desk and available: who can take a visitor now. */
export function availableSupporterCount(db: Db): number {
  return countAvailable.get(db)!.n;
}

/** Whether a new ticket joining the line alerts this supporter (their desk plays it). */
export function setNewTicketAlerts(deps: Deps, supporterId: number, on: boolean): void {
  setAlerts.run(deps.db, on ? 1 : 0, supporterId);
}

/** A supporter sets their own status (available / away) and a short status message. */
export function setStatus(deps: Deps, supporterId: number, input: { status: unknown; message: unknown }): void {
  const status = typeof input.status === 'string' ? input.status : '';
  const message = cleanLine(input.message);
  if (!(STATUSES as readonly string[]).includes(status)) throw new Invalid(new Text('desk.chooseStatus'), { status: new Text('desk.chooseStatus') });
  if ([...message].length > STATUS_MESSAGE_MAX) {
    throw new Invalid(new Text('desk.statusTooLong', { max: STATUS_MESSAGE_MAX }), { message: new Text('desk.atMost', { max: STATUS_MESSAGE_MAX }) });
  }
  commit(deps, (tx, emit) => {
    // Choosing a status ends a break.
    endBreak(tx, supporterId, deps.clock.now());
    setStatusRow.run(tx, status, message, supporterId);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}

/**
 * "Away, give my tickets back": the supporter says they are leaving for a while, so their
 * visitors go back to the line now (at their old places) instead of waiting out the grace period.
 */
export function stepAway(deps: Deps, supporterId: number): void {
  commit(deps, (tx, emit) => {
    endBreak(tx, supporterId, deps.clock.now());
    setStatusRow.run(tx, 'away', '', supporterId);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
    releaseTicketsOf(tx, emit, supporterId, deps.clock.now());
  });
}
