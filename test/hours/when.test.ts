import { describe, expect, it } from 'vitest';
import { backOn, clockTime, weekdayName } from '../../src/hours/when.ts';
import { LANGUAGES, t } from '../../src/i18n/index.ts';

describe('when a closed team is back', () => {
  it('gives opening times on the 24-hour clock the hours are set in, in every language: never 04:29 PM', () => {
    for (const lang of LANGUAGES) {
      expect(clockTime(lang, 16 * 60 + 29), lang).toMatch(/^16[:.]29$/);
      expect(clockTime(lang, 9 * 60), lang).toMatch(/^09[:.]00$/);
    }
  });

  it('names each weekday in its own branch of the select, with the time', () => {
    for (const lang of LANGUAGES) {
      const said = [0, 1, 2, 3, 4, 5, 6].map((weekday) => backOn(weekday, 9 * 60).in(lang));
      expect(new Set(said).size, lang).toBe(7);
      for (const text of said) expect(text).toContain(clockTime(lang, 9 * 60));
      // English names the day as Intl does (the others may decline it after a preposition), and no
      // day falls through to "other".
      if (lang === 'en') said.forEach((text, weekday) => expect(text).toContain(weekdayName('en', weekday)));
      expect(said).not.toContain(t(lang, 'admin.back.on', { weekday: 'other', time: clockTime(lang, 9 * 60) }));
    }
  });
});
