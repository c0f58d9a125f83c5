import { Text } from '../i18n/index.ts';
import { addSystemMessage, lastMessageId } from '../chat/messages.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { supporterName } from '../supporters/names.ts';
import { dropHelpersAndOffers } from '../handover/cleanup.ts';
import { waitingOfVisitor } from './tickets.ts';
import { groupName } from '../groups/groups.ts';
import { LocalText } from '../hours/when.ts';

// Supervisors and admins claim from every line; a supporter from their groups' lines, and a
// second wave's members the tickets that widened to it.
const MAY_CLAIM = `(SELECT role FROM supporters WHERE id = @supporterId) != 'supporter'
  OR group_id IN (SELECT group_id FROM group_members WHERE supporter_id = @supporterId)
  OR wave_group_id IN (SELECT group_id FROM group_members WHERE supporter_id = @supporterId)`;
// The claim itself: one conditional UPDATE decides the winner.
const claim = sql(`UPDATE tickets SET state = 'claimed', supporter_id = @supporterId, claimed_at = @now, first_claimed_at = coalesce(first_claimed_at, @now)
  WHERE id = @ticketId AND state = 'waiting' AND away = 0 AND (${MAY_CLAIM})`);
const claimState = sql<{ state: string; away: number; holder: string | null; names: string | null }>(`SELECT t.state, t.away,
    s.name AS holder, g.names
  FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id LEFT JOIN groups g ON g.id = t.group_id WHERE t.id = +?`);
const heldBy = sql<{ id: number }>("SELECT id FROM tickets WHERE supporter_id = ? AND state = 'claimed'");
const nextClaimable = sql<{ id: number }>(`SELECT id FROM tickets WHERE state = 'waiting' AND away = 0 AND (${MAY_CLAIM}) ORDER BY line_key LIMIT @limit`);
const backToWaiting = sql("UPDATE tickets SET state = 'waiting', supporter_id = NULL, claimed_at = NULL WHERE id = ?");

/**
 * A supporter pulls a ticket from the line into a tab. Exactly one claim wins: the winner is
 * decided by a single conditional UPDATE, never by a read followed by a write. The losers learn why.
 */
export function claimTicket(deps: Deps, ticketId: number, supporterId: number): void {
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    const won = claim.run(tx, { supporterId, now, ticketId }).changes === 1;
    if (!won) throw whyNotClaimable(tx, ticketId);
    const name = supporterName(tx, supporterId) ?? new Text('desk.aSupporter');
    // The new tab shows the conversation up to here; later lines arrive as their own events.
    const upTo = lastMessageId(tx, ticketId);
    emit({ topic: 'line', type: 'ticket.claimed', ticketId, supporterId, data: { upTo } });
    addSystemMessage(tx, emit, ticketId, supporterId, new Text('system.joined', { name }), now);
  });
}

function whyNotClaimable(tx: Db, ticketId: number): Error {
  const ticket = claimState.get(tx, ticketId);
  if (!ticket) return new NotFound(new Text('desk.noSuchTicket'));
  if (ticket.state === 'claimed') return new Conflict(new Text('desk.claimedFirst', { name: ticket.holder ?? new Text('desk.anotherSupporter') }));
  if (ticket.state === 'closed') return new Conflict(new Text('desk.alreadyClosed'));
  if (ticket.away) return new Conflict(new Text('desk.visitorAway'));
  // Waiting, and not away: the line is another group's.
  const names = JSON.parse(ticket.names ?? '{}') as Record<string, string>;
  return new Forbidden(new LocalText('desk.notYourLine', (lang) => ({ group: groupName({ names }, lang) })));
}

/**
 * Puts every ticket a supporter holds back into the line (for example when the account is
 * disabled). Arrival time is unchanged, so each ticket returns to its old place near the front.
 */
/** How many of the first claimable tickets "Claim next" tries when colleagues take them first. */
const NEXT_TRIES = 5;

/**
 * "Claim next": the oldest ticket in the line that may be claimed (a visitor who stepped away is
 * skipped). Colleagues pressing it at the same moment each get a different ticket; returns the one
 * claimed, or says that nobody can be.
 */
export function claimNext(deps: Deps, supporterId: number): number {
  for (const { id } of nextClaimable.all(deps.db, { supporterId, limit: NEXT_TRIES })) {
    try {
      claimTicket(deps, id, supporterId);
      return id;
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
    }
  }
  throw new Conflict(new Text('desk.line.nothingToClaim'));
}

/**
 * "Claim all": one supporter takes every waiting request of this ticket's visitor (UserEcho: one
 * person on duty for all of a client's requests). Those a colleague took meanwhile, whose visitor
 * stepped away, or that wait in another group's line, are left; returns the ones claimed, or says
 * that none could be.
 */
export function claimAllOfVisitor(deps: Deps, ticketId: number, supporterId: number): number[] {
  const claimed: number[] = [];
  let refusal: Conflict | Forbidden | null = null;
  for (const id of waitingOfVisitor(deps.db, ticketId)) {
    try {
      claimTicket(deps, id, supporterId);
      claimed.push(id);
    } catch (error) {
      // Taken meanwhile, away, or waiting in a line that is not this supporter's: left as it is.
      if (!(error instanceof Conflict) && !(error instanceof Forbidden)) throw error;
      refusal ??= error;
    }
  }
  if (!claimed.length) throw refusal ?? whyNotClaimable(deps.db, ticketId);
  return claimed;
}

export function releaseTicketsOf(tx: Db, emit: Emit, supporterId: number, now: number): void {
  const held = heldBy.all(tx, supporterId);
  for (const { id } of held) {
    dropHelpersAndOffers(tx, emit, id);
    backToWaiting.run(tx, id);
    emit({ topic: 'line', type: 'ticket.released', ticketId: id, supporterId });
    addSystemMessage(tx, emit, id, null, new Text('system.supporterLeft'), now);
  }
}
