import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';
import type { TicketView } from '../line/tickets.ts';
import { parseUserAgent, UNKNOWN } from './agent.ts';
import { ANNOTATION_LIMITS, readCustomFields } from './annotations.ts';
import { BLOCK_REASON_MAX, isBlocked } from './blocks.ts';
import { cleanPageUrl } from './context.ts';
import { customerCardUrl } from './customer-card.ts';

const visitorOfTicket = sql<VisitorRow>(`
    SELECT visitor_key AS key, visitor_ip AS ip, visitor_agent AS agent, visitor_language AS language,
           visitor_timezone AS timezone, visitor_screen AS screen, came_from AS cameFrom, current_page AS currentPage,
           comment, custom_fields AS customFields
    FROM tickets WHERE id = ?`);
const firstSeen = sql('SELECT first_seen_at FROM visitors WHERE key = ?');
const earlierTickets = sql<EarlierTicket>(`
        SELECT id, state, created_at AS createdAt, substr(problem, 1, 90) AS excerpt
        FROM tickets WHERE visitor_key = +? AND id < ? ORDER BY id DESC LIMIT +?`);
const verifiedBySite = sql('SELECT s.name FROM tickets t JOIN sites s ON s.id = t.site_id WHERE t.id = +? AND t.visitor_verified = 1');

/** How many earlier tickets of the same visitor the panel lists. */
export const EARLIER_SHOWN = 10;

interface VisitorRow {
  key: string | null; ip: string | null; agent: string | null; language: string | null; timezone: string | null;
  screen: string | null; cameFrom: string | null; currentPage: string | null; comment: string; customFields: string;
}

export interface EarlierTicket { id: number; state: string; createdAt: number; excerpt: string }

/**
 * A page address as the panel shows it: a link only when it is http(s); the text readable
 * (percent-escapes decoded, unless that would reveal invisible or direction-changing characters)
 * and cut short to fit the column.
 */
function page(url: string | null) {
  if (!url) return null;
  let readable = url;
  try {
    const decoded = decodeURI(url);
    if (!/\p{C}/u.test(decoded)) readable = decoded;
  } catch { /* malformed escapes: show it as it is */ }
  const text = [...readable.replace(/^https?:\/\//, '')];
  return { href: cleanPageUrl(url), text: text.length > 60 ? `${text.slice(0, 59).join('')}…` : text.join(''), full: readable };
}

/**
 * What the desk's visitor details panel (views/desk/_details.eta) shows for a ticket: where the
 * visitor came from, their browser's hints, earlier tickets of the same browser, the supporters'
 * comment and fields, the customer card link and whether the visitor is blocked. Runs for every
 * push to the panel, so each part is one indexed lookup.
 */
export function visitorDetails(deps: Deps, t: TicketView, csrf = '') {
  const row = visitorOfTicket.get(deps.db, t.id);
  const key = row?.key ?? null;
  const firstSeenAt = key
    ? (firstSeen.value(deps.db, key) as number | undefined) ?? null
    : null;
  const earlier = key
    ? earlierTickets.all(deps.db, key, t.id, EARLIER_SHOWN)
    : [];
  const agent = parseUserAgent(row?.agent);
  return {
    t, csrf,
    visitor: {
      ip: row?.ip ?? null,
      hasAgent: Boolean(row?.agent),
      // Null when not recognised: the panel says "Unknown" in the supporter's language.
      browser: agent.browser === UNKNOWN ? null : agent.browser,
      os: agent.os === UNKNOWN ? null : agent.os,
      screen: row?.screen ? row.screen.replace('x', ' × ') : null,
      language: row?.language ?? null,
      timezone: row?.timezone ?? null,
      cameFrom: page(row?.cameFrom ?? null),
      currentPage: page(row?.currentPage ?? null),
      firstSeenAt,
    },
    earlier,
    comment: row?.comment ?? '',
    fields: readCustomFields(row?.customFields),
    verifiedBy: (verifiedBySite.value(deps.db, t.id) as string | undefined) ?? null,
    blocked: isBlocked(deps.db, key, row?.ip ?? null),
    canBlock: Boolean(key || row?.ip),
    cardUrl: customerCardUrl(deps.config.customerCardUrl, {
      'visitor.email': t.visitorEmail, 'visitor.name': t.visitorName, 'ticket.id': t.id, 'visitor.key': key,
    }),
    limits: { ...ANNOTATION_LIMITS, reason: BLOCK_REASON_MAX },
  };
}
