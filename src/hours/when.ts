import { t, Text, type Key, type Lang, type Params } from '../i18n/index.ts';

/**
 * A Text whose values are made for the language it is said in: names of days and times come from
 * Intl, not from the catalogue. Like any Text, it is English as a string.
 *
 * @example
 * new LocalText('admin.hours.dayOrder', (lang) => ({ day: weekdayName(lang, 1) })).in('da') // 'mandag: lukketiden ...'
 */
export class LocalText extends Text {
  constructor(key: Key, private readonly valuesIn: (lang: Lang) => Params) { super(key); }
  override in(lang: Lang): string { return t(lang, this.key, this.valuesIn(lang)); }
}

// 2023-01-01 was a Sunday: day k of that week is weekday k (0 = Sunday, as in opening_hours).
const SUNDAY = Date.UTC(2023, 0, 1);

/** A weekday's name in a language ('Monday', 'понедельник', 'mandag'). */
export function weekdayName(lang: Lang, weekday: number): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(SUNDAY + weekday * 86_400_000);
}

/** A time of day (minutes after midnight) as a clock in a language, 24-hour: '09:00', '09.00' in Danish. */
export function clockTime(lang: Lang, minutes: number): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })
    .format(Date.UTC(2023, 0, 1, Math.floor(minutes / 60), minutes % 60));
}

/** "today at 09:00" / "i dag kl. 09.00": the team opens later today. */
export const backToday = (opensAt: number) => new LocalText('admin.back.today', (lang) => ({ time: clockTime(lang, opensAt) }));

/** "tomorrow at 09:00". */
export const backTomorrow = (opensAt: number) => new LocalText('admin.back.tomorrow', (lang) => ({ time: clockTime(lang, opensAt) }));

// The select keys of admin.back.on, by weekday number.
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/**
 * "Monday at 09:00", "в понедельник в 09:00": a select with a branch per weekday, since Russian
 * puts the day in another case after its preposition and Intl only names days on their own.
 */
export const backOn = (weekday: number, opensAt: number) =>
  new LocalText('admin.back.on', (lang) => ({ weekday: WEEKDAYS[weekday] ?? 'other', time: clockTime(lang, opensAt) }));

/** "Friday 2026-12-25": the first day that is not a closed date, when no weekly hours are set. */
export const backOnDate = (weekday: number, isoDay: string) =>
  new LocalText('admin.back.date', (lang) => ({ day: weekdayName(lang, weekday), date: isoDay }));
