import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';

const blockedByKeyOrAddress = sql('SELECT 1 FROM blocks WHERE visitor_key = +? OR ip = +? LIMIT 1');
const blockedByKey = sql('SELECT 1 FROM blocks WHERE visitor_key = +? LIMIT 1');
const blockedByAddress = sql('SELECT 1 FROM blocks WHERE ip = +? LIMIT 1');
const insertBlock = sql('INSERT INTO blocks (visitor_key, ip, label, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)');
const newestBlocks = sql<BlockView>(`
    SELECT b.id, b.visitor_key AS visitorKey, b.ip, b.label, b.reason, b.created_at AS createdAt, s.name AS createdByName
    FROM blocks b LEFT JOIN supporters s ON s.id = b.created_by ORDER BY b.id DESC LIMIT +?`);
const deleteBlock = sql('DELETE FROM blocks WHERE id = ?');
const blockWithId = sql<BlockView>(`
    SELECT b.id, b.visitor_key AS visitorKey, b.ip, b.label, b.reason, b.created_at AS createdAt, s.name AS createdByName
    FROM blocks b LEFT JOIN supporters s ON s.id = b.created_by WHERE b.id = +?`);
const heldTicketsOf = sql<{ id: number; supporterId: number }>("SELECT id, supporter_id AS supporterId FROM tickets WHERE state = 'claimed' AND (visitor_key = +? OR visitor_ip = +?) LIMIT 200");

export const BLOCK_REASON_MAX = 200;

/** A block as the admin page lists it. */
export interface BlockView {
  id: number;
  visitorKey: string | null;
  ip: string | null;
  label: string;
  reason: string;
  createdAt: number;
  createdByName: string | null;
}

/**
 * Whether the intake is closed to this visitor key or address. One indexed lookup: it runs on
 * every intake request.
 */
export function isBlocked(db: Db, visitorKey: string | null, ip: string | null): boolean {
  if (!visitorKey && !ip) return false;
  return blockedByKeyOrAddress.get(db, visitorKey, ip) !== undefined;
}

/**
 * The holder of a ticket blocks its visitor: by their visitor key, and by their address too if
 * asked. The ticket itself stays open; the intake is refused to them from now on.
 *
 * @example
 * blockVisitor(deps, ticketId, me.id, { alsoIp: true, reason: 'Abusive language' });
 */
export function blockVisitor(deps: Deps, ticketId: number | null, supporterId: number, input: { alsoIp: boolean; reason: unknown }): void {
  commit(deps, (tx, emit) => {
    const ticket = heldTicket(tx, ticketId, supporterId, 'change its visitor details', 'refused');
    const reason = cleanLine(input.reason);
    if ([...reason].length > BLOCK_REASON_MAX) throw new Invalid(new Text('teamwork.blocks.reasonTooLong', { max: BLOCK_REASON_MAX }));
    const ip = input.alsoIp ? ticket.visitorIp : null;
    if (!ticket.visitorKey && !ip) {
      throw new Invalid(new Text(ticket.visitorIp ? 'teamwork.blocks.ipOnly' : 'teamwork.blocks.nothing'));
    }
    const keyBlocked = ticket.visitorKey !== null && blockedByKey.get(tx, ticket.visitorKey) !== undefined;
    const ipBlocked = ip !== null && blockedByAddress.get(tx, ip) !== undefined;
    // Pressing Block again adds nothing that is already there.
    if ((keyBlocked || !ticket.visitorKey) && (ipBlocked || !ip)) return;
    insertBlock.run(tx, ticket.visitorKey, ip, ticket.visitorName, reason, supporterId, deps.clock.now());
    announce(tx, emit, ticket.visitorKey, ip);
  });
}

/** Every block, newest first (bounded: the page is a list to read, not an archive). */
export function listBlocks(db: Db, limit = 500): BlockView[] {
  return newestBlocks.all(db, limit);
}

/** An admin lifts a block; the intake is offered again unless another block still applies. Returns what was lifted. */
export function unblock(deps: Deps, blockId: number | null): BlockView {
  return commit(deps, (tx, emit) => {
    const block = blockId === null ? undefined : listOne(tx, blockId);
    if (!block) throw new NotFound(new Text('teamwork.blocks.noSuch'));
    deleteBlock.run(tx, block.id);
    announce(tx, emit, block.visitorKey, block.ip);
    return block;
  });
}

function listOne(db: Db, id: number): BlockView | undefined {
  return blockWithId.get(db, id);
}

/**
 * Every open tab showing this visitor (by key or address) says whether they are blocked, so each
 * holder's details panel is refreshed. Only claimed tickets are looked at: few, and indexed by state.
 */
function announce(tx: Db, emit: Emit, visitorKey: string | null, ip: string | null): void {
  const held = heldTicketsOf.all(tx, visitorKey, ip);
  for (const t of held) emit({ topic: 'ticket', type: 'ticket.details', ticketId: t.id, supporterId: t.supporterId });
}
