import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid, NotFound } from '../lib/errors.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { sql, type Db } from '../lib/sql.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { mailbox } from '../mail/addresses.ts';
import { queueMail } from '../mail/outbox.ts';
import { serviceName } from '../mail/recipients.ts';
import { renderMail } from '../mail/templates.ts';
import { checkDetails, findSupporterByEmail, getSupporter, insertAccount, type NewSupporter, type PublicSupporter } from './accounts.ts';
import { hashPassword, passwordProblem } from './password.ts';
import type { LinkPurpose } from './schema.ts';
import { endOtherSessions } from './sessions.ts';

/** How long a link works: an hour to reset a password, a week to accept an invitation. */
export const LINK_TTL_MS: Record<LinkPurpose, number> = { reset: 3600_000, invite: 7 * 24 * 3600_000 };
/** "Forgot your password?" mails one account at most this many links an hour, whoever asks. */
export const SELF_RESETS_PER_HOUR = 3;

const insertLink = sql('INSERT INTO account_links (token_hash, supporter_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
const voidOpenLinks = sql('UPDATE account_links SET used_at = ? WHERE supporter_id = ? AND used_at IS NULL');
const dropOldLinks = sql('DELETE FROM account_links WHERE expires_at < ?');
const linksSince = sql<{ n: number }>('SELECT count(*) AS n FROM account_links WHERE supporter_id = +? AND created_at > ?');
const linkWithHash = sql<{ id: number; purpose: LinkPurpose; supporterId: number }>(`SELECT id, purpose, supporter_id AS supporterId
  FROM account_links WHERE token_hash = +? AND used_at IS NULL AND expires_at > ?`);
const useLink = sql('UPDATE account_links SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?');
const setPasswordFromLink = sql('UPDATE supporters SET password_hash = ?, invited_at = NULL WHERE id = ?');

/** Who sends a link: an admin by name, or nobody (the command line, or "Forgot your password?"). */
export interface LinkSender { name: string }

/**
 * Voids a supporter's open links inside a change: a password set any other way (their own change,
 * the command line) must not leave an older link that sets it again.
 */
export function voidLinks(tx: Db, supporterId: number, now: number): void {
  voidOpenLinks.run(tx, now, supporterId);
}

/**
 * Makes a new one-time link for a supporter inside a change and queues its mail; older links of
 * theirs stop working. The key is in the mail only: the database keeps its hash, and the outbox
 * forgets the mail's text once it is sent.
 */
function mailLink(deps: Deps, tx: Db, supporter: PublicSupporter, purpose: LinkPurpose, lang: Lang, sender: LinkSender | null): void {
  const now = deps.clock.now();
  const token = randomToken();
  dropOldLinks.run(tx, now - 24 * 3600_000);
  voidLinks(tx, supporter.id, now);
  insertLink.run(tx, hashToken(token), supporter.id, purpose, now, now + LINK_TTL_MS[purpose]);
  const service = serviceName(deps.config, tx);
  const subject = purpose === 'invite'
    ? t(lang, 'admin.linkMail.inviteSubject', { service })
    : t(lang, 'admin.linkMail.resetSubject', { service });
  const parts = renderMail('account-link', {
    purpose, name: supporter.name, email: supporter.email, service, subject,
    inviter: sender?.name ?? service, role: t(lang, `admin.role.${supporter.role}`),
    link: `${deps.config.publicUrl}/set-password/${token}`,
  }, lang);
  queueMail(tx, { kind: 'account', ticketId: null, to: mailbox(supporter.name, supporter.email), subject, ...parts, now });
}

/**
 * An admin (or the command line) invites someone by e-mail: the account exists at once (in the
 * team list, marked invited) with no password; the invitee chooses one from the link.
 */
export function inviteSupporter(deps: Deps, input: NewSupporter, lang: Lang, sender: LinkSender | null): PublicSupporter {
  const clean = checkDetails(input);
  return commit(deps, (tx, emit) => {
    const added = insertAccount(tx, emit, clean, '', { now: deps.clock.now(), invited: true });
    mailLink(deps, tx, added, 'invite', lang, sender);
    return added;
  });
}

/**
 * An admin sends a supporter a link to choose a password: a reset, or for someone who never
 * accepted their invitation, the invitation again. Not for deleted or disabled accounts (a link
 * would not let them in). Returns the supporter and which link went out.
 */
export function sendLinkByAdmin(deps: Deps, supporterId: number | null, lang: Lang, sender: LinkSender): { supporter: PublicSupporter; purpose: LinkPurpose } {
  return commit(deps, (tx) => {
    const supporter = supporterId === null ? undefined : getSupporter(tx, supporterId);
    if (!supporter || supporter.deletedAt !== null) throw new NotFound(new Text('admin.supporters.notFound'));
    if (!supporter.enabled) throw new Conflict(new Text('admin.links.disabled', { name: supporter.name }));
    const purpose: LinkPurpose = supporter.invitedAt !== null ? 'invite' : 'reset';
    mailLink(deps, tx, supporter, purpose, lang, sender);
    return { supporter, purpose };
  });
}

/**
 * "Forgot your password?": mails a reset link when the address belongs to an enabled account,
 * at most SELF_RESETS_PER_HOUR an hour; otherwise nothing. The caller answers the same either
 * way, so the form does not tell who has an account. Returns the account mailed, if any.
 */
export function requestReset(deps: Deps, email: string, lang: Lang): PublicSupporter | null {
  return commit(deps, (tx) => {
    const found = findSupporterByEmail(tx, email);
    if (!found || !found.enabled || found.deletedAt !== null) return null;
    const { passwordHash: _hidden, ...row } = found;
    if (linksSince.get(tx, row.id, deps.clock.now() - 3600_000)!.n >= SELF_RESETS_PER_HOUR) return null;
    mailLink(deps, tx, row, row.invitedAt !== null ? 'invite' : 'reset', lang, null);
    return row;
  });
}


/** What a link that still works is for, and whose it is; null for an unknown, used or expired one. */
export function openLink(deps: Deps, token: string): { purpose: LinkPurpose; supporter: PublicSupporter } | null {
  if (!token || token.length > 100) return null;
  const link = linkWithHash.get(deps.db, hashToken(token), deps.clock.now());
  const supporter = link && getSupporter(deps.db, link.supporterId);
  if (!link || !supporter || !supporter.enabled || supporter.deletedAt !== null) return null;
  return { purpose: link.purpose, supporter };
}

/**
 * Sets the password from a link, once: the link is spent in the same change, every session of
 * the account ends (whoever knew the old password is out), and an invitation is accepted.
 * NotFound when the link does not work (any more); Invalid for a weak or mismatched password.
 */
export async function setPasswordWithLink(deps: Deps, token: string, input: { password?: unknown; confirm?: unknown }): Promise<{ purpose: LinkPurpose; supporter: PublicSupporter }> {
  const password = typeof input.password === 'string' ? input.password : '';
  const weak = passwordProblem(password);
  if (weak) throw new Invalid(weak, { password: weak });
  if (input.confirm !== password) throw new Invalid(new Text('admin.account.passwordMismatch'), { confirm: new Text('admin.account.passwordMismatch') });
  if (!openLink(deps, token)) throw new NotFound(new Text('admin.links.gone'));
  const hash = await hashPassword(password);
  return commit(deps, (tx, emit: Emit) => {
    const now = deps.clock.now();
    const link = linkWithHash.get(tx, hashToken(token), now);
    // Spent meanwhile (a second click, another tab) or voided: exactly one use wins.
    if (!link || useLink.run(tx, now, link.id, now).changes !== 1) throw new NotFound(new Text('admin.links.gone'));
    const supporter = getSupporter(tx, link.supporterId);
    if (!supporter || !supporter.enabled || supporter.deletedAt !== null) throw new NotFound(new Text('admin.links.gone'));
    setPasswordFromLink.run(tx, hash, supporter.id);
    voidLinks(tx, supporter.id, now);
    endOtherSessions(tx, emit, supporter.id);
    return { purpose: link.purpose, supporter: { ...supporter, invitedAt: null } };
  });
}
