import { LANGUAGES, nameIn, Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';

/** A break's reason, named in each language the admin wrote it in. */
export type BreakReason = Partial<Record<Lang, string>>;

export const BREAK_LIMITS = { reasons: 20, name: 40 } as const;

/** What a team starts with, until an admin writes its own list. */
const DEFAULT_REASONS: BreakReason[] = [
  { en: 'Lunch', da: 'Frokost', ru: 'Обед' },
  { en: 'Coffee', da: 'Kaffe', ru: 'Кофе' },
  { en: 'Training', da: 'Undervisning', ru: 'Обучение' },
];

const reasonsSetting = sql("SELECT value FROM settings WHERE key = 'break_reasons'");
const saveReasonsSetting = sql("INSERT INTO settings (key, value) VALUES ('break_reasons', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const startBreak = sql("UPDATE supporters SET status = 'break', status_message = '', break_reason = ?, break_since = ? WHERE id = ?");
const endBreakRow = sql("UPDATE supporters SET status = 'available', break_reason = NULL, break_since = NULL WHERE id = ? AND status = 'break'");
const logBreak = sql('INSERT INTO breaks (supporter_id, reason, started_at) VALUES (?, ?, ?)');
const closeLog = sql('UPDATE breaks SET ended_at = ? WHERE supporter_id = ? AND ended_at IS NULL');
const statusOf = sql("SELECT status FROM supporters WHERE id = ?");

/** The admin's list of reasons for a break, in their order. */
export function breakReasons(db: Db): BreakReason[] {
  const stored = reasonsSetting.value(db) as string | undefined;
  return stored ? JSON.parse(stored) as BreakReason[] : DEFAULT_REASONS;
}

/** A reason's name in the reader's language (else the first it has). */
export const reasonName = (reason: BreakReason, lang: Lang) => nameIn(reason, lang);

/** The reasons as the status menu offers them: their place in the list, named in the reader's language. */
export function reasonChoices(db: Db, lang: Lang): Array<{ index: number; name: string }> {
  return breakReasons(db).map((reason, index) => ({ index, name: reasonName(reason, lang) }));
}

/** The list as the admin's form shows it: one box per language, one reason per line. */
export function reasonsAsText(reasons: BreakReason[]): Record<string, string> {
  return Object.fromEntries(LANGUAGES.map((lang) => [`reasons_${lang}`, reasons.map((r) => r[lang] ?? '').join('\n')]));
}

/**
 * An admin writes the list: one reason per line, in each language (line 1 of each box is the
 * same reason). Empty lines are dropped; at least one reason stays.
 */
export function saveBreakReasons(deps: Deps, form: Record<string, unknown>): BreakReason[] {
  const lines = Object.fromEntries(LANGUAGES.map((lang) => [lang, String(form[`reasons_${lang}`] ?? '').split('\n').map(cleanLine)]));
  const count = Math.max(...LANGUAGES.map((lang) => lines[lang]!.length));
  const reasons: BreakReason[] = [];
  for (let i = 0; i < count; i++) {
    const reason: BreakReason = {};
    for (const lang of LANGUAGES) if (lines[lang]![i]) reason[lang] = lines[lang]![i];
    if (Object.keys(reason).length) reasons.push(reason);
  }
  const tooLong = reasons.some((r) => Object.values(r).some((name) => [...name!].length > BREAK_LIMITS.name));
  if (!reasons.length) throw new Invalid(new Text('admin.breaks.needOne'), { reasons_en: new Text('admin.breaks.needOne') });
  if (reasons.length > BREAK_LIMITS.reasons || tooLong) {
    throw new Invalid(new Text('admin.breaks.tooMany', { max: BREAK_LIMITS.reasons, length: BREAK_LIMITS.name }), { reasons_en: new Text('admin.breaks.tooMany', { max: BREAK_LIMITS.reasons, length: BREAK_LIMITS.name }) });
  }
  saveReasonsSetting.run(deps.db, JSON.stringify(reasons));
  return reasons;
}

/**
 * "Take a break" with one of the admin's reasons (its place in the list): no new tickets and no
 * offers until "Back from break"; the tickets held stay. The break is logged for reports.
 */
export function takeBreak(deps: Deps, supporterId: number, rawReason: unknown): void {
  const index = Number(rawReason);
  const reason = Number.isInteger(index) && String(rawReason).trim() !== '' ? breakReasons(deps.db)[index] : undefined;
  if (!reason) throw new Invalid(new Text('desk.break.chooseReason'), { reason: new Text('desk.break.chooseReason') });
  commit(deps, (tx, emit) => {
    if (statusOf.value(tx, supporterId) === 'break') throw new Conflict(new Text('desk.break.already'));
    const now = deps.clock.now();
    startBreak.run(tx, JSON.stringify(reason), now, supporterId);
    logBreak.run(tx, supporterId, JSON.stringify(reason), now);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}

/** "Back from break": available again. Nothing happens for someone not on a break. */
export function backFromBreak(deps: Deps, supporterId: number): void {
  commit(deps, (tx, emit) => {
    if (!endBreak(tx, supporterId, deps.clock.now())) return;
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}

/** Ends a supporter's break inside a change (they came back, or chose another status); whether there was one. */
export function endBreak(tx: Db, supporterId: number, now: number): boolean {
  closeLog.run(tx, now, supporterId);
  return endBreakRow.run(tx, supporterId).changes === 1;
}
