import { stream } from 'hono/streaming';
import { clientAddress } from '../http/address.ts';
import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { noStore } from '../http/responses.ts';
import { table } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { csvLine } from '../lib/csv.ts';
import { AUDIT_PAGE, auditInBatches, auditNow, auditPage, type AuditEntry } from './audit.ts';

/** The audit log for admins: newest first, a page at a time, and the whole year as CSV. */
export function auditRoutes(deps: Deps) {
  const { admin } = supporterGuards(deps);

  return [table('/admin', [
    ['GET', '/audit',     admin, noStore, show],
    ['GET', '/audit.csv', admin, noStore, exportCsv],
  ])];

  function show(c: AppContext) {
    const entries = auditPage(deps.db, parseId(c.req.query('before')));
    return page(c, 'audit/page', { entries, older: entries.length === AUDIT_PAGE ? entries.at(-1)!.id : null });
  }

  /** Written a thousand entries at a time, so a year of them never sits in memory or holds the loop for long. */
  function exportCsv(c: AppContext) {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="lineup-audit.csv"');
    return stream(c, async (out) => {
      await out.write(csvLine(['id', 'time (UTC)', 'actor id', 'actor', 'action', 'target', 'detail', 'address']));
      for (const rows of auditInBatches(deps.db)) {
        await out.write(rows.map((e) => csvLine([e.id, new Date(e.at).toISOString(), e.actorId, e.actorName, e.action, e.target, e.detail, e.address])).join(''));
      }
    });
  }
}

/** Records what the signed-in supporter of this request did, with the address it came from. */
export function auditBy(deps: Deps, c: AppContext, entry: Omit<AuditEntry, 'actor' | 'address'>): void {
  auditNow(deps, { ...entry, actor: c.get('supporter'), address: clientAddress(c) });
}
