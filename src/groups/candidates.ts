import { sql, type Db } from '../lib/sql.ts';
import { ON_SHIFT_SQL, shiftParams } from '../schedules/shifts.ts';

/**
 * The rules that order whom Lineup offers a waiting ticket to (each switchable per group once
 * offers exist). The delay after which a supporter who reads none of the visitor's languages
 * qualifies too, so a ticket is never stranded for want of a language.
 */
export interface CandidateRules {
  lastHelperFirst: boolean;
  byLanguage: boolean;
  fewestChatsFirst: boolean;
  languageFallbackMs: number;
}

export const DEFAULT_RULES: CandidateRules = { lastHelperFirst: true, byLanguage: true, fewestChatsFirst: true, languageFallbackMs: 60_000 };

interface Member { id: number; languages: string; held: number; limit: number }

const ticketFacts = sql<{ groupId: number | null; visitorKey: string | null; languages: string; createdAt: number }>(`SELECT group_id AS groupId,
  visitor_key AS visitorKey, visitor_languages AS languages, created_at AS createdAt FROM tickets WHERE id = ?`);
// Who could take a ticket of the group now (on the desk, available, enabled), with the chats they
// hold and their limit: their own, else the strictest of their groups' (0: none).
const availableMembers = sql<Member>(`SELECT s.id, s.languages,
    (SELECT count(*) FROM tickets t WHERE t.supporter_id = s.id AND t.state = 'claimed') AS held,
    coalesce(s.capacity, (SELECT min(g.capacity) FROM group_members gm JOIN groups g ON g.id = gm.group_id
      WHERE gm.supporter_id = s.id AND g.capacity > 0), 0) AS "limit"
  FROM group_members m JOIN supporters s ON s.id = m.supporter_id
  WHERE m.group_id = +? AND s.enabled = 1 AND s.place = 'desk' AND s.status = 'available'
    -- One offer rings on a desk at a time, and only during the supporter's shifts.
    AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.supporter_id = s.id AND o.outcome = 'ringing')
    AND ${ON_SHIFT_SQL} LIMIT 5000`);
// The supporter who last held one of this visitor's earlier tickets (JaWiki: the same operator again).
const lastHelper = sql(`SELECT supporter_id FROM tickets WHERE visitor_key = +? AND id != +? AND supporter_id IS NOT NULL
  ORDER BY id DESC LIMIT 1`);

/**
 * Whom to offer a waiting ticket to, best first: supporters of its group who are on the desk and
 * available, on shift and under their limit of chats at once, never one whose desk rings with another offer
 * nor those in `passed` (who declined or let it lapse this round). `groupId` names another group
 * whose members are asked (the ticket's second wave). With `lastHelperFirst`, the supporter who last helped a returning visitor
 * leads; with `byLanguage`, those who speak the visitor's most preferred language come first, then
 * the next language's, and those who speak none of them only once nobody who does is available or
 * the ticket has waited `languageFallbackMs`; with `fewestChatsFirst`, fewer chats held first.
 * Ties keep the members' id order, so the choice is the same for the same state.
 *
 * @example
 * candidatesFor(db, 42, clock.now())[0] // the supporter to ring first, if any
 */
export function candidatesFor(db: Db, ticketId: number, now: number, passed: ReadonlySet<number> = new Set(), rules = DEFAULT_RULES, groupId?: number): number[] {
  const ticket = ticketFacts.get(db, ticketId);
  const asked = groupId ?? ticket?.groupId;
  if (!ticket || asked === null || asked === undefined) return [];
  const members = availableMembers.all(db, asked, ...shiftParams(db, now)).filter((m) => !passed.has(m.id) && (m.limit === 0 || m.held < m.limit));
  const wanted = ticket.languages.split(' ').filter(Boolean);
  // How well a member fits the visitor's languages: the place of the best language they share (lower is better).
  const fit = (m: Member) => {
    const spoken = m.languages.split(' ');
    const index = wanted.findIndex((code) => spoken.includes(code));
    return index === -1 ? wanted.length : index;
  };
  let pool = members;
  if (rules.byLanguage && wanted.length) {
    const speakers = members.filter((m) => fit(m) < wanted.length);
    if (speakers.length && now - ticket.createdAt < rules.languageFallbackMs) pool = speakers;
  }
  const helper = rules.lastHelperFirst && ticket.visitorKey ? lastHelper.value(db, ticket.visitorKey, ticketId) as number | undefined : undefined;
  return [...pool].sort((a, b) => (Number(b.id === helper) - Number(a.id === helper))
    || (rules.byLanguage ? fit(a) - fit(b) : 0)
    || (rules.fewestChatsFirst ? a.held - b.held : 0)
    || a.id - b.id).map((m) => m.id);
}
