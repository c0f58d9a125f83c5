import { addStaffLine, addSystemMessage } from '../chat/messages.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import { someoneAvailableIn } from '../groups/members.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { Emit } from '../realtime/events.ts';
import { supporterName } from '../supporters/names.ts';
import { candidatesFor } from '../groups/candidates.ts';
import { groupById, groupName, isOpen, listGroups, type Group } from '../groups/groups.ts';
import { candidateRules } from './settings.ts';
import type { OfferOutcome } from './schema.ts';

/**
 * When nobody can be offered a ticket (everyone busy, away or at their limit), Lineup looks again
 * this much later: a ticket is never left without a call while it waits.
 */
export const RETRY_MS = 15_000;

interface Facts { state: string; away: number; groupId: number | null; round: number; waveAt: number | null; waveGroupId: number | null }
export interface Ringing { id: number; ticketId: number; supporterId: number; wave: number; round: number; endsAt: number }

const facts = sql<Facts>(`SELECT state, away, group_id AS groupId, offer_round AS round, wave_at AS waveAt, wave_group_id AS waveGroupId
  FROM tickets WHERE id = ?`);
const ringingFor = sql<Ringing>(`SELECT id, ticket_id AS ticketId, supporter_id AS supporterId, wave, round, ends_at AS endsAt
  FROM offers WHERE ticket_id = ? AND outcome = 'ringing' LIMIT 1`);
const passedIn = sql('SELECT supporter_id FROM offers WHERE ticket_id = ? AND wave = ? AND round = ? LIMIT 5000');
const insertOffer = sql('INSERT INTO offers (ticket_id, supporter_id, wave, round, created_at, ends_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
const endOffer = sql("UPDATE offers SET outcome = ?, answered_at = ? WHERE id = ? AND outcome = 'ringing'");
const setNext = sql('UPDATE tickets SET next_offer_at = ? WHERE id = ?');
const setRound = sql('UPDATE tickets SET offer_round = ? WHERE id = ?');
const moveTo = sql('UPDATE tickets SET group_id = ?, wave_group_id = NULL WHERE id = ?');
const widenTo = sql('UPDATE tickets SET wave_group_id = ?, offer_round = 0 WHERE id = ?');
const enterLine = sql('UPDATE tickets SET next_offer_at = ?, offer_round = 0, wave_at = ?, wave_group_id = NULL WHERE id = ?');

/**
 * A ticket entered a group's line (it joined, came back to the line, or moved to another
 * group's): its first offer is due after the group's delay, its second wave after the group's
 * wait. Inside the change that moved it.
 */
export function enteredLine(tx: Db, emit: Emit, ticketId: number, now: number): void {
  stopOffers(tx, emit, ticketId, 'withdrawn', now);
  const ticket = facts.get(tx, ticketId);
  if (!ticket || ticket.groupId === null) return;
  const { next, waveAt } = dueOnEntering(groupById(tx, ticket.groupId), now);
  enterLine.run(tx, next, waveAt, ticketId);
}

/** For a ticket entering a group's line now: when its second wave sees it, and when routing first looks at it. */
function dueOnEntering(group: Group, now: number): { next: number | null; waveAt: number | null } {
  const waveAt = group.overflowId !== null && group.waveAfter > 0 ? now + group.waveAfter * 1000 : null;
  return { next: earliest(group.offerAfter > 0 ? now + group.offerAfter * 1000 : null, waveAt), waveAt };
}

// A group's new settings apply to its waiting tickets from now on; an offer ringing keeps its time.
const restartGroup = sql(`UPDATE tickets SET wave_at = @waveAt, next_offer_at = CASE
    WHEN EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = tickets.id AND o.outcome = 'ringing') THEN next_offer_at ELSE @next END
  WHERE group_id = @groupId AND state = 'waiting' AND away = 0 AND wave_group_id IS NULL`);

/**
 * An admin changed how a group offers its tickets: its waiting tickets are looked at again as if
 * they had just entered its line (turning offers on calls for them too).
 */
export function restartGroupOffers(deps: Deps, groupId: number): void {
  const now = deps.clock.now();
  deps.db.transaction(() => {
    restartGroup.run(deps.db, { groupId, ...dueOnEntering(groupById(deps.db, groupId), now) });
  }).immediate();
}

/** The ticket left the line or can no longer be claimed: a ringing offer ends, nothing more is due. */
export function stopOffers(tx: Db, emit: Emit, ticketId: number, outcome: OfferOutcome, now: number, by?: number): void {
  const ringing = ringingFor.get(tx, ticketId);
  if (ringing) endRinging(tx, emit, ringing, ringing.supporterId === by ? 'accepted' : outcome, now);
  setNext.run(tx, null, ticketId);
}

/**
 * Does what is due for one ticket now, inside a change: lets a ringing offer that was not
 * answered lapse, widens the ticket to its group's second wave when that is due, and rings the
 * next candidate's desk. Then records when it is next due.
 */
export function routeTicket(tx: Db, emit: Emit, ticketId: number, now: number): void {
  const ticket = facts.get(tx, ticketId);
  if (!ticket || ticket.state !== 'waiting' || ticket.away || ticket.groupId === null) {
    stopOffers(tx, emit, ticketId, 'withdrawn', now);
    return;
  }
  const ringing = ringingFor.get(tx, ticketId);
  if (ringing && ringing.endsAt > now) {
    setNext.run(tx, ringing.endsAt, ticketId);
    return;
  }
  if (ringing) endRinging(tx, emit, ringing, 'lapsed', now);
  const group = groupById(tx, ticket.groupId);
  let wave = ticket.waveGroupId === null ? 1 : 2;
  if (wave === 1 && ticket.waveAt !== null && now >= ticket.waveAt && widen(tx, emit, ticketId, group, now)) wave = 2;
  const waveAt = wave === 1 ? ticket.waveAt : null;
  if (group.offerAfter === 0) {
    setNext.run(tx, waveAt, ticketId);
    return;
  }
  let round = wave === 2 && ticket.waveGroupId === null ? 0 : ticket.round;
  const asked = wave === 2 ? group.overflowId! : group.id;
  const rules = candidateRules(group);
  const passed = new Set(passedIn.values(tx, ticketId, wave, round) as number[]);
  let candidates = candidatesFor(tx, ticketId, now, passed, rules, asked);
  if (!candidates.length && passed.size) {
    // Everyone who could be asked was, this round: the next round, or the second wave. Round
    // numbers only grow within a wave (each round's offers are its own), so a full set of
    // rounds ends whenever the number reaches a multiple of the group's rounds.
    round += 1;
    const roundsDone = round % group.offerRounds === 0;
    if (roundsDone && wave === 1 && widen(tx, emit, ticketId, group, now)) {
      wave = 2;
      round = 0;
    } else if (roundsDone) {
      // Nobody further to call: rounds start over after the group's delay (the line still shows it).
      addStaffLine(tx, emit, ticketId, null, new Text('desk.offers.line.roundsDone', { rounds: group.offerRounds, seconds: group.offerAfter }), now);
      setRound.run(tx, round, ticketId);
      setNext.run(tx, earliest(now + group.offerAfter * 1000, waveAt), ticketId);
      return;
    }
    setRound.run(tx, round, ticketId);
    candidates = candidatesFor(tx, ticketId, now, new Set(), rules, wave === 2 ? group.overflowId! : group.id);
  } else if (!candidates.length && wave === 1 && widen(tx, emit, ticketId, group, now)) {
    // Nobody in the first wave is available: the second wave sees it at once.
    wave = 2;
    round = 0;
    candidates = candidatesFor(tx, ticketId, now, new Set(), rules, group.overflowId!);
  }
  const chosen = candidates[0];
  if (chosen === undefined) {
    // Nobody in its group or its second wave is available at all: never stranded, another line takes it.
    const stranded = !someoneAvailableIn(tx, group.id) && (group.overflowId === null || !someoneAvailableIn(tx, group.overflowId));
    if (stranded && moveToStaffedLine(tx, emit, ticketId, group, now)) return;
    setNext.run(tx, earliest(now + RETRY_MS, wave === 1 ? waveAt : null), ticketId);
    return;
  }
  const endsAt = now + group.offerRing * 1000;
  const { id } = insertOffer.get(tx, ticketId, chosen, wave, round, now, endsAt) as { id: number };
  addStaffLine(tx, emit, ticketId, null, new Text('desk.offers.line.offered', { name: supporterName(tx, chosen) ?? '' }), now);
  emit({ topic: 'ticket', type: 'offer.rang', supporterId: chosen, data: { ticketId, offerId: id } });
  setNext.run(tx, endsAt, ticketId);
}

/** Ends a ringing offer: its card leaves the desk, and the transcript says how it ended. */
export function endRinging(tx: Db, emit: Emit, offer: Ringing, outcome: OfferOutcome, now: number): boolean {
  if (endOffer.run(tx, outcome, now, offer.id).changes === 0) return false;
  const name = supporterName(tx, offer.supporterId) ?? '';
  if (outcome === 'declined') addStaffLine(tx, emit, offer.ticketId, null, new Text('desk.offers.line.declined', { name }), now);
  if (outcome === 'lapsed') addStaffLine(tx, emit, offer.ticketId, null, new Text('desk.offers.line.lapsed', { name }), now);
  emit({ topic: 'ticket', type: 'offer.ended', supporterId: offer.supporterId, data: { ticketId: offer.ticketId, offerId: offer.id, outcome } });
  return true;
}

/**
 * Moves a ticket to the first open line group (by order) where someone is available, keeping its
 * arrival; the visitor reads that they are being passed there. False when there is none.
 */
function moveToStaffedLine(tx: Db, emit: Emit, ticketId: number, group: Group, now: number): boolean {
  const target = listGroups(tx).find((g) => g.kind === 'line' && g.id !== group.id && isOpen(g, now) && someoneAvailableIn(tx, g.id));
  if (!target) return false;
  moveTo.run(tx, target.id, ticketId);
  addStaffLine(tx, emit, ticketId, null, new Text('desk.offers.line.moved', { group: groupName(group, 'en'), to: groupName(target, 'en') }), now);
  addSystemMessage(tx, emit, ticketId, null, new Text('system.passedToGroup', { group: groupName(target, ticketLanguage(tx, ticketId)) }), now);
  emit({ topic: 'line', type: 'ticket.regrouped', ticketId, data: { from: group.id } });
  return true;
}

/** The group's second wave sees the ticket too (false when the group has none). */
function widen(tx: Db, emit: Emit, ticketId: number, group: Group, now: number): boolean {
  if (group.overflowId === null) return false;
  const wave = groupById(tx, group.overflowId);
  if (!isOpen(wave, now)) return false;
  widenTo.run(tx, wave.id, ticketId);
  addStaffLine(tx, emit, ticketId, null, new Text('desk.offers.line.widened', { group: groupName(group, 'en'), wave: groupName(wave, 'en') }), now);
  emit({ topic: 'line', type: 'ticket.widened', ticketId, data: { to: wave.id } });
  return true;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}
