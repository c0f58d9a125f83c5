import { LANGUAGES, nameIn, Text, type Key, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid, NotFound } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { GROUP_KINDS, TRANSFER_PLACES, type GroupKind, type TransferPlace } from './schema.ts';
import { readCapacity } from './capacity.ts';
import { dayStartIn, localDay, teamTimezone } from '../hours/hours.ts';
import { parseRules, readOfferSettings, type OfferSettings } from '../offers/settings.ts';
import { readNorms } from '../sla/norms.ts';

export const GROUP_LIMITS = { name: 60, groups: 100 } as const;

/** A group as pages and routing see it (with how it offers its tickets: src/offers/). */
export interface Group extends OfferSettings {
  /** Service norms in minutes (src/sla/): null follows the team's, 0 is none. */
  slaClaim: number | null;
  slaFirstReply: number | null;
  slaReply: number | null;
  /** Its own supporters see its broken norms on their desks too. */
  slaAlertMembers: boolean;
  id: number;
  /** The name in each language it was given in (at least one). */
  names: Partial<Record<Lang, string>>;
  kind: GroupKind;
  position: number;
  transferPlace: TransferPlace;
  enabled: boolean;
  endsAt: number | null;
  /** Chats a member holds at once before no more are offered (0: no limit). */
  capacity: number;
}

type GroupRow = Omit<Group, 'names' | 'enabled' | 'offerRules' | 'slaAlertMembers'> & { names: string; enabled: number; offerRules: string; slaAlertMembers: number };
const COLUMNS = `id, names, kind, position, transfer_place AS transferPlace, enabled, ends_at AS endsAt, capacity, offer_after AS offerAfter,
  offer_ring AS offerRing, offer_rounds AS offerRounds, offer_rules AS offerRules, overflow_id AS overflowId, wave_after AS waveAfter,
  sla_claim AS slaClaim, sla_first_reply AS slaFirstReply, sla_reply AS slaReply, sla_alert_members AS slaAlertMembers`;

const allGroups = sql<GroupRow>(`SELECT ${COLUMNS} FROM groups ORDER BY position, id LIMIT ${GROUP_LIMITS.groups}`);
const groupWithId = sql<GroupRow>(`SELECT ${COLUMNS} FROM groups WHERE id = +?`);
const lastPosition = sql('SELECT coalesce(max(position), 0) FROM groups');
const VALUES = 'names, kind, position, transfer_place, ends_at, capacity, offer_after, offer_ring, offer_rounds, offer_rules, overflow_id, wave_after, sla_claim, sla_first_reply, sla_reply, sla_alert_members';
const insertGroup = sql(`INSERT INTO groups (${VALUES}, created_at) VALUES (${VALUES.split(',').map(() => '?').join(', ')}, ?) RETURNING id`);
const updateGroupRow = sql(`UPDATE groups SET ${VALUES.split(', ').map((column) => `${column} = ?`).join(', ')} WHERE id = ?`);
const unbackedBy = sql('UPDATE groups SET overflow_id = NULL WHERE overflow_id = ?');
const deleteGroupRow = sql('DELETE FROM groups WHERE id = ?');
const anyTicket = sql('SELECT 1 FROM tickets WHERE group_id = ? LIMIT 1');
const dropMembers = sql('DELETE FROM group_members WHERE group_id = ?');

const fromRow = (row: GroupRow | undefined): Group | undefined => row && {
  ...row, names: JSON.parse(row.names) as Group['names'], enabled: Boolean(row.enabled), offerRules: parseRules(row.offerRules), slaAlertMembers: Boolean(row.slaAlertMembers),
};

/** A group's form values in the order of VALUES. */
const rowValues = (v: ReturnType<typeof readForm>) => [JSON.stringify(v.names), v.kind, v.position, v.transferPlace, v.endsAt, v.capacity,
  v.offerAfter, v.offerRing, v.offerRounds, v.offerRules.join(' '), v.overflowId, v.waveAfter, v.slaClaim, v.slaFirstReply, v.slaReply, v.slaAlertMembers ? 1 : 0];

/**
 * The group's name in the reader's language, else in the first language it has one in.
 * Names are plain text wherever they are shown (templates escape them).
 */
export function groupName(group: Pick<Group, 'names'>, lang: Lang): string {
  return nameIn(group.names, lang);
}

const groupCount = sql('SELECT count(*) FROM groups');

/** A group's name in the reader's language when the team has several groups (with one, nobody needs it named); else null. */
export function nameAmongSeveral(db: Db, id: number, lang: Lang): string | null {
  if ((groupCount.value(db) as number) < 2) return null;
  const group = fromRow(groupWithId.get(db, id));
  return group ? groupName(group, lang) : null;
}

/**
 * The groups' names in the reader's language, for a desk whose line mixes several groups (every
 * line, for supervisors, a supporter in more than one group, or a second wave's); null when each
 * row's group goes without saying.
 */
export function lineLabels(db: Db, scope: readonly number[] | null, lang: Lang): Map<number, string> | null {
  const groups = listGroups(db);
  // A second wave's line holds the tickets of the groups it stands behind: each names its own.
  const mixed = scope === null || scope.length > 1 || groups.some((g) => g.kind === 'overflow' && scope.includes(g.id));
  return !mixed || groups.length < 2 ? null : new Map(groups.map((g) => [g.id, groupName(g, lang)]));
}

/** The groups a desk's line can be narrowed to, when it mixes several (see lineLabels): those of its scope. */
export function lineGroups(db: Db, scope: readonly number[] | null, lang: Lang): Array<{ id: number; name: string }> {
  const labels = lineLabels(db, scope, lang);
  if (!labels) return [];
  return [...labels].filter(([id]) => scope === null || scope.includes(id)).map(([id, name]) => ({ id, name }));
}

/** Every group, in their order. */
export function listGroups(db: Db): Group[] {
  return allGroups.all(db).map((row) => fromRow(row)!);
}

export function groupById(db: Db, id: number | null): Group {
  const group = id === null ? undefined : fromRow(groupWithId.get(db, id));
  if (!group) throw new NotFound(new Text('admin.groups.notFound'));
  return group;
}

/** Whether a group takes tickets now: enabled, and not past the end of a temporary group. */
export function isOpen(group: Group, now: number): boolean {
  return group.enabled && (group.endsAt === null || group.endsAt > now);
}

/**
 * A name in each language from a form's name_en, name_da, name_ru (groups and topics): each a
 * line of at most GROUP_LIMITS.name characters, at least one given (else `needed` is said).
 */
export function readNames(form: Record<string, unknown>, fields: Record<string, Text>, needed: Key): Partial<Record<Lang, string>> {
  const names: Partial<Record<Lang, string>> = {};
  for (const lang of LANGUAGES) {
    const name = cleanLine(form[`name_${lang}`]);
    if ([...name].length > GROUP_LIMITS.name) fields[`name_${lang}`] = new Text('input.tooLong', { label: new Text('admin.groups.name'), max: GROUP_LIMITS.name });
    if (name) names[lang] = name;
  }
  if (!Object.keys(names).length && !Object.keys(fields).length) fields.name_en = new Text(needed);
  return names;
}

/** The form's fields, checked: names per language, kind, order, where transfers wait, the end date. */
function readForm(deps: Deps, form: Record<string, unknown>, current?: Group) {
  const fields: Record<string, Text> = {};
  const names = readNames(form, fields, 'admin.groups.nameNeeded');
  const kind = String(form.kind ?? current?.kind ?? 'line') as GroupKind;
  if (!GROUP_KINDS.includes(kind)) fields.kind = new Text('admin.groups.kindInvalid');
  const transferPlace = String(form.transfer_place ?? current?.transferPlace ?? 'arrival') as TransferPlace;
  if (!TRANSFER_PLACES.includes(transferPlace)) fields.transfer_place = new Text('admin.groups.placeInvalid');
  const rawPosition = String(form.position ?? '').trim();
  const position = rawPosition === '' ? (current?.position ?? (lastPosition.value(deps.db) as number) + 1) : Number(rawPosition);
  if (!Number.isInteger(position) || position < 1 || position > 1000) fields.position = new Text('admin.groups.positionInvalid');
  const endsAt = endOfDay(deps, String(form.ends_on ?? '').trim(), fields);
  const capacity = readCapacity(form.capacity, 'capacity', fields, current?.capacity ?? 0)!;
  const offers = readOfferSettings(deps.db, form, fields, current, current?.id);
  // A second wave is a group of its own kind, behind a group that takes tickets.
  if (kind === 'overflow' && offers.overflowId !== null) fields.overflow_id = new Text('admin.offers.overflowOfOverflow');
  // A form without the norms' fields (an older page) keeps the group's.
  const norms = form.sla_claim === undefined ? { claim: current?.slaClaim ?? null, first_reply: current?.slaFirstReply ?? null, reply: current?.slaReply ?? null }
    : readNorms(form, fields, true);
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  const slaAlertMembers = form.sla_claim === undefined ? (current?.slaAlertMembers ?? false) : form.sla_alert_members === '1';
  return { names, kind, position, transferPlace, endsAt, capacity, ...offers, slaClaim: norms.claim, slaFirstReply: norms.first_reply, slaReply: norms.reply, slaAlertMembers };
}

/** The end of a YYYY-MM-DD day in the team's time zone (the moment the next one starts); empty: none. */
function endOfDay(deps: Deps, day: string, fields: Record<string, Text>): number | null {
  if (!day) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!match || !date || date.toISOString().slice(0, 10) !== day) {
    fields.ends_on = new Text('admin.groups.dateInvalid');
    return null;
  }
  const at = dayStartIn(new Date(date.getTime() + 24 * 3600_000).toISOString().slice(0, 10), teamTimezone(deps.db));
  if (at <= deps.clock.now()) fields.ends_on = new Text('admin.groups.datePast');
  return at;
}

/** A temporary group's last day (YYYY-MM-DD) in the team's zone: the day before the one its end starts. */
export function lastDayOf(db: Db, endsAt: number): string {
  return localDay(endsAt - 1, teamTimezone(db));
}

/** An admin creates a group; returns it. */
export function createGroup(deps: Deps, form: Record<string, unknown>): Group {
  const values = readForm(deps, form);
  if ((groupCount.value(deps.db) as number) >= GROUP_LIMITS.groups) throw new Conflict(new Text('admin.groups.tooMany', { max: GROUP_LIMITS.groups }));
  const { id } = insertGroup.get(deps.db, ...rowValues(values), deps.clock.now()) as { id: number };
  return groupById(deps.db, id);
}

/** An admin changes a group's names, kind, order, transfer place or end date. */
export function updateGroup(deps: Deps, id: number, form: Record<string, unknown>): Group {
  const group = groupById(deps.db, id);
  const values = readForm(deps, form, group);
  deps.db.transaction(() => {
    if (group.kind === 'line' && values.kind !== 'line') lastLineGuard(deps.db, group.id);
    // No longer a second wave: the groups it stood behind have none.
    if (group.kind === 'overflow' && values.kind !== 'overflow') unbackedBy.run(deps.db, id);
    updateGroupRow.run(deps.db, ...rowValues(values), id);
  })();
  return groupById(deps.db, id);
}

/** New tickets need somewhere to go: the last enabled line group stays one. */
export function lastLineGuard(db: Db, leaving: number): void {
  const others = listGroups(db).filter((g) => g.id !== leaving && g.kind === 'line' && g.enabled);
  if (!others.length) throw new Conflict(new Text('admin.groups.lastLine'));
}

/**
 * Deletes a group nobody's ticket ever waited in (a ticket keeps its group for reports and
 * transcripts: such a group can be disabled instead); its members simply leave it.
 */
export function deleteGroup(deps: Deps, id: number): Group {
  const group = groupById(deps.db, id);
  deps.db.transaction(() => {
    if (anyTicket.value(deps.db, id)) throw new Conflict(new Text('admin.groups.hasTickets'));
    if (group.kind === 'line' && group.enabled) lastLineGuard(deps.db, id);
    dropMembers.run(deps.db, id);
    unbackedBy.run(deps.db, id);
    deleteGroupRow.run(deps.db, id);
  })();
  return group;
}
