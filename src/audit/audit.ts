import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';

/** What the audit log records; each has a label in the admin catalogue (admin.audit.action.<name>). */
export const AUDIT_ACTIONS = [
  'signIn', 'signInFailed', 'signOut', 'signOutElsewhere', 'passwordChanged', 'passwordReset', 'passwordLinkSent',
  'supporterInvited', 'invitationAccepted', 'twoFactorOn', 'twoFactorOff', 'twoFactorReset', 'recoveryCodesRenewed', 'supporterAdded', 'supporterEdited', 'supporterDisabled', 'supporterEnabled', 'supporterDeleted', 'visitorBlocked', 'visitorUnblocked', 'settingsChanged', 'visitorDataExported', 'visitorDataErased',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  actor: { id: number; name: string } | null;
  action: AuditAction;
  target?: string;
  detail?: string;
  address?: string;
}

export interface AuditRow { id: number; at: number; actorId: number | null; actorName: string; action: AuditAction; target: string; detail: string; address: string }

/** Entries are kept this long, then pruned in batches (src/server.ts). */
export const AUDIT_RETENTION_MS = 365 * 24 * 3600_000;
export const AUDIT_PAGE = 100;

const insert = sql(`INSERT INTO audit_log (at, actor_id, actor_name, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?)`);
const newestFirst = sql<AuditRow>(`SELECT id, at, actor_id AS actorId, actor_name AS actorName, action, target, detail, address
  FROM audit_log WHERE id < +? ORDER BY id DESC LIMIT +?`);
const oldestFirst = sql<AuditRow>(`SELECT id, at, actor_id AS actorId, actor_name AS actorName, action, target, detail, address
  FROM audit_log WHERE id > +? ORDER BY id LIMIT +?`);
const pruneBatch = sql('DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at LIMIT ?)');

/** Records an entry, in the caller's transaction when there is one (`tx`), so it stands or falls with the change. */
export function audit(tx: Db, now: number, entry: AuditEntry): void {
  insert.run(tx, now, entry.actor?.id ?? null, (entry.actor?.name ?? '').slice(0, 120), entry.action,
    (entry.target ?? '').slice(0, 300), (entry.detail ?? '').slice(0, 500), (entry.address ?? '').slice(0, 64));
}

/** A supporter as an entry names them: name and e-mail as they are at the time. */
export const accountLabel = (s: { name: string; email: string }) => `${s.name} <${s.email}>`;

/** Records an entry now, on its own (after the change it is about was committed). */
export function auditNow(deps: Deps, entry: AuditEntry): void {
  audit(deps.db, deps.clock.now(), entry);
}

/** A page of entries, newest first, older than `before` (an entry id; none: from the newest). */
export function auditPage(db: Db, before: number | null, limit = AUDIT_PAGE): AuditRow[] {
  return newestFirst.all(db, before ?? Number.MAX_SAFE_INTEGER, limit);
}

/** Every entry, oldest first, a batch at a time (for the CSV export: never the whole year at once). */
export function* auditInBatches(db: Db, batch = 1000): Generator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const rows = oldestFirst.all(db, after, batch);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    after = rows.at(-1)!.id;
  }
}

/** Removes entries older than a year, a batch at a time; returns how many. */
export function pruneAudit(db: Db, now: number, batch = 10_000): number {
  let removed = 0;
  for (;;) {
    const { changes } = pruneBatch.run(db, now - AUDIT_RETENTION_MS, batch);
    removed += changes;
    if (changes < batch) return removed;
  }
}
