import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { Norm } from './schema.ts';

/** Minutes for each norm; 0: the norm is off. */
export interface Norms { claim: number; first_reply: number; reply: number }

/** A new team's norms (the control centre's: claim within 5 minutes, answer within 1). */
export const DEFAULT_NORMS: Norms = { claim: 5, first_reply: 1, reply: 5 };
export const NORM_MAX_MINUTES = 1440;

const teamSetting = sql("SELECT value FROM settings WHERE key = 'sla_norms'");
const saveTeamSetting = sql("INSERT INTO settings (key, value) VALUES ('sla_norms', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const groupNorms = sql<{ claim: number | null; first_reply: number | null; reply: number | null }>(
  'SELECT sla_claim AS claim, sla_first_reply AS first_reply, sla_reply AS reply FROM groups WHERE id = ?');

/** The team's norms, which every group without its own follows. */
export function teamNorms(db: Db): Norms {
  const raw = teamSetting.value(db) as string | undefined;
  if (!raw) return DEFAULT_NORMS;
  try {
    return { ...DEFAULT_NORMS, ...(JSON.parse(raw) as Partial<Norms>) };
  } catch {
    return DEFAULT_NORMS;
  }
}

/** The norms a ticket of this group is held to. */
export function normsFor(db: Db, groupId: number | null): Norms {
  const team = teamNorms(db);
  if (groupId === null) return team;
  // The group's own (null: the team's).
  const own = groupNorms.get(db, groupId) ?? { claim: null, first_reply: null, reply: null };
  return { claim: own.claim ?? team.claim, first_reply: own.first_reply ?? team.first_reply, reply: own.reply ?? team.reply };
}

/**
 * Minutes for each norm from a form (`sla_claim`, `sla_first_reply`, `sla_reply`): whole numbers
 * from 0 (off) to a day; empty is null when `emptyIsTeam` (a group following the team's).
 */
export function readNorms(form: Record<string, unknown>, fields: Record<string, Text>, emptyIsTeam: boolean): Record<Norm, number | null> {
  const read = (name: Norm): number | null => {
    const raw = String(form[`sla_${name}`] ?? '').trim();
    if (raw === '' && emptyIsTeam) return null;
    if (!/^\d{1,4}$/.test(raw) || Number(raw) > NORM_MAX_MINUTES) {
      fields[`sla_${name}`] = new Text('admin.sla.invalid', { max: NORM_MAX_MINUTES });
      return null;
    }
    return Number(raw);
  };
  return { claim: read('claim'), first_reply: read('first_reply'), reply: read('reply') };
}

/** An admin sets the team's norms (every field needed). */
export function saveTeamNorms(deps: Deps, form: Record<string, unknown>): Norms {
  const fields: Record<string, Text> = {};
  const norms = readNorms(form, fields, false) as Norms;
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  saveTeamSetting.run(deps.db, JSON.stringify(norms));
  return norms;
}
