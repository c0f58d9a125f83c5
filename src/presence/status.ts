import { and, count, eq } from 'drizzle-orm';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { STATUSES, supporters, type SupporterStatus } from '../supporters/schema.ts';

export const STATUS_MESSAGE_MAX = 140;

/** How many enabled supporters have the desk open right now. */
export function onlineSupporterCount(deps: Deps): number {
  return deps.db.select({ n: count() }).from(supporters)
    .where(and(eq(supporters.online, true), eq(supporters.enabled, true))).get()?.n ?? 0;
}

/** Whether a new ticket joining the line alerts this supporter (their desk plays it). */
export function setNewTicketAlerts(deps: Deps, supporterId: number, on: boolean): void {
  deps.db.update(supporters).set({ notifyNewTickets: on }).where(eq(supporters.id, supporterId)).run();
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
    tx.update(supporters).set({ status: status as SupporterStatus, statusMessage: message }).where(eq(supporters.id, supporterId)).run();
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}
