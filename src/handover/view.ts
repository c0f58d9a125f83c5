import type { Key, Lang } from '../i18n/index.ts';
import { groupName, isOpen, listGroups } from '../groups/groups.ts';
import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';
import type { TicketView } from '../line/tickets.ts';
import { onlineColleagues } from './checks.ts';
import { pendingTransferOf } from './transfers.ts';

const helpersOfTicket = sql<{ id: number; name: string }>(`SELECT s.id, s.name FROM ticket_helpers h JOIN supporters s ON s.id = h.supporter_id
    WHERE h.ticket_id = +? ORDER BY h.added_at LIMIT 20`);

// What the holder's box says when an offer ends without the ticket moving (said in the viewer's language).
const NOTICES: Record<string, Key> = {
  declined: 'teamwork.handover.declined',
  expired: 'teamwork.handover.expired',
  withdrawn: 'teamwork.handover.withdrawn',
};

/** What a tab's hand-over box shows its viewer: the holder's controls, or a helper's. */
export function handoverData({ db, clock }: Deps, t: TicketView, viewer: number, lang: Lang, csrf = '', answered?: { state: string; toName: string }) {
  const holding = t.supporterId === viewer;
  const groups = holding ? listGroups(db) : [];
  const helpers = helpersOfTicket.all(db, t.id);
  const taken = new Set(helpers.map((h) => h.id));
  return {
    t, csrf, holding, helpers,
    pending: holding ? pendingTransferOf(db, t.id) : undefined,
    colleagues: holding ? onlineColleagues(db, viewer).filter((c) => !taken.has(c.id)) : [],
    // "Transfer to group": the other groups that take tickets now (none while the team has one group).
    groups: groups.length > 1 ? groups.filter((g) => g.id !== t.groupId && g.kind !== 'overflow' && isOpen(g, clock.now())).map((g) => ({ id: g.id, name: groupName(g, lang) })) : [],
    notice: answered && NOTICES[answered.state] ? { key: NOTICES[answered.state]!, params: { name: answered.toName } } : undefined,
  };
}
