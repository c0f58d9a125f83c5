import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { helpers } from '../lib/render.ts';
import { offersFor } from '../handover/transfers.ts';
import { ringing, ringingAtDesk } from '../offers/answer.ts';
import { offShiftNow } from '../schedules/shifts.ts';
import { breachesForMembers, openBreaches } from '../sla/breaches.ts';
import { openComplaints } from '../complaints/complaints.ts';
import { claimedTickets, LINE_SHOWN, listLine, tabsOf } from '../line/tickets.ts';
import { listSupporters, type PublicSupporter } from '../supporters/accounts.ts';
import { listTeamMessages } from '../team/chat.ts';
import { tabData } from './tab-data.ts';
import { deskScope } from '../groups/members.ts';
import { lineGroups, lineLabels } from '../groups/groups.ts';
import { topicLabels } from '../groups/topics.ts';
import { reasonChoices } from '../presence/breaks.ts';
import { lineLanguages } from '../language/spoken.ts';

/** The order the page keeps team rows in (the key it places rows arriving live by). */
const byName = (a: { name: string; id: number }, b: { name: string; id: number }) =>
  (helpers.orderKey(a.name, a.id) < helpers.orderKey(b.name, b.id) ? -1 : 1);

/**
 * Everything the desk shows, for the page and for a reset, in the supporter's language (which
 * every desk render is given: the page's, chosen when the page or its stream was opened).
 */
export function deskData(deps: Deps, me: PublicSupporter, lang: Lang = 'en') {
  const scope = deskScope(deps.db, me);
  return {
    me,
    lang,
    now: deps.clock.now(),
    line: listLine(deps.db, scope),
    // Each row names its group when the line mixes several.
    groupLabels: lineLabels(deps.db, scope, lang),
    lineGroups: lineGroups(deps.db, scope, lang),
    topicLabels: topicLabels(deps.db, lang),
    // The status menu's reasons for a break.
    breakReasons: reasonChoices(deps.db, lang),
    // What the line can be narrowed to by the visitor's language.
    lineLanguages: lineLanguages(deps.db, lang),
    lineShown: LINE_SHOWN,
    // Sorted by the same key the page uses to place rows that arrive live.
    team: listSupporters(deps.db).filter((s) => s.enabled).sort(byName),
    offShift: offShiftNow(deps.db, deps.clock.now()),
    teamLog: listTeamMessages(deps.db),
    tabs: tabsOf(deps.db, me.id).map((ticket) => tabData(deps, ticket, me.id, lang)),
    offers: offersFor(deps.db, me.id),
    // Tickets the line offers this supporter now (src/offers/): their desk rings.
    rings: ringingAtDesk(deps.db, me.id).map((o) => ringing(deps.db, o, lang)),
    // Supervisors and admins watch the chats in progress and can take one over.
    chats: me.role === 'supporter' ? null : claimedTickets(deps.db),
    // And the service norms broken and not met yet (src/sla/); a supporter, those of their groups that ask for it.
    breaches: me.role === 'supporter' ? breachesForMembers(deps.db, lang, scope) : openBreaches(deps.db, lang),
    // And visitors' complaints not resolved yet (src/complaints/).
    complaints: me.role === 'supporter' ? null : openComplaints(deps.db),
  };
}

export type DeskData = ReturnType<typeof deskData>;
