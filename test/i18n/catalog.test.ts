import { describe, expect, it } from 'vitest';
import { AREAS, LOCALES_DIR, readArea } from '../../src/i18n/catalogue.ts';
import { CATALOGS, fromAcceptLanguage, LANGUAGES } from '../../src/i18n/index.ts';
import { messageProblems, parityProblems } from './parity.ts';

describe('the translation catalogues', () => {
  const english = CATALOGS.en;

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`gives every English key a non-empty ${lang} text`, () => {
      const missing = Object.keys(english).filter((key) => !CATALOGS[lang][key]?.trim());
      expect(missing).toEqual([]);
    });

    it(`has no ${lang} key that English lacks`, () => {
      expect(Object.keys(CATALOGS[lang]).filter((key) => !(key in english))).toEqual([]);
    });

    it(`uses the same ICU arguments in ${lang} as in English (name and kind), and every ${lang} message parses and can choose`, () => {
      expect(parityProblems(english, lang, CATALOGS[lang])).toEqual([]);
    });
  }

  it('parses every English message, and every plural and select in it has an "other" and only English categories', () => {
    expect(Object.entries(english).flatMap(([key, message]) => messageProblems('en', key, message))).toEqual([]);
  });

  it('describes every English key for translators', () => {
    const undescribed = AREAS.flatMap((area) => {
      const { messages, descriptions } = readArea(LOCALES_DIR, 'en', area);
      return Object.keys(messages).filter((key) => !descriptions[key]?.trim());
    });
    expect(undescribed).toEqual([]);
  });

  it('defines each key in one area only (a second definition would silently win)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const area of AREAS) {
      for (const key of Object.keys(readArea(LOCALES_DIR, 'en', area).messages)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)} and ${area})`);
        seen.set(key, area);
      }
    }
    expect(twice).toEqual([]);
  });

  it("keeps the desk's, teamwork's and admin's keys under their own prefix, and the visitor side's out of them", () => {
    const misplaced = AREAS.flatMap((area) => Object.keys(readArea(LOCALES_DIR, 'en', area).messages)
      .filter((key) => (area === 'visitor' ? /^(desk|teamwork|admin)\./.test(key) : !key.startsWith(`${area}.`))));
    expect(misplaced).toEqual([]);
  });

  it('chooses from Accept-Language by q-value, region or not, and English for anything else', () => {
    expect(fromAcceptLanguage('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(fromAcceptLanguage('da-DK')).toBe('da');
    expect(fromAcceptLanguage('en;q=0.5, da;q=0.9')).toBe('da');
    expect(fromAcceptLanguage('de-DE,fr;q=0.9')).toBe('en');
    expect(fromAcceptLanguage('ru;q=0, da;q=0.1')).toBe('da');
    expect(fromAcceptLanguage('ru;q=nonsense')).toBe('ru');
    expect(fromAcceptLanguage('')).toBe('en');
    expect(fromAcceptLanguage('x'.repeat(10_000))).toBe('en');
    expect(fromAcceptLanguage(undefined)).toBe('en');
  });
});

describe('the parity check (the check itself works)', () => {
  const english = { 'a.plain': 'Hello {name}.', 'a.count': '{count, plural, one {# reply} other {# replies}}', 'a.pick': '{day, select, monday {Monday} other {Some day}}' };
  const good = { 'a.plain': 'Hej {name}.', 'a.count': '{count, plural, one {# svar} other {# svar}}', 'a.pick': '{day, select, monday {mandag} other {en dag}}' };

  it('passes a complete translation', () => {
    expect(parityProblems(english, 'da', good)).toEqual([]);
  });

  it('fails a missing, an empty or an extra key', () => {
    expect(parityProblems(english, 'da', { ...good, 'a.plain': undefined! })).toEqual(['da a.plain: missing']);
    expect(parityProblems(english, 'da', { ...good, 'a.plain': ' ' })).toEqual(['da a.plain: missing']);
    expect(parityProblems(english, 'da', { ...good, 'a.extra': 'x' })).toEqual(['da a.extra: not in English']);
  });

  it('fails an argument missing, renamed, added or of another kind', () => {
    expect(parityProblems(english, 'da', { ...good, 'a.plain': 'Hej.' })).toEqual(['da a.plain: arguments [], English has [name:plain]']);
    expect(parityProblems(english, 'da', { ...good, 'a.plain': 'Hej {navn}.' })).toEqual(['da a.plain: arguments [navn:plain], English has [name:plain]']);
    expect(parityProblems(english, 'da', { ...good, 'a.plain': 'Hej {name} {who}.' })).toEqual(['da a.plain: arguments [name:plain, who:plain], English has [name:plain]']);
    expect(parityProblems(english, 'da', { ...good, 'a.count': '{count} svar' })).toEqual(['da a.count: arguments [count:plain], English has [count:plural]']);
    expect(parityProblems(english, 'da', { ...good, 'a.pick': '{day, plural, one {x} other {y}}' })).toEqual(['da a.pick: arguments [day:plural], English has [day:select]']);
  });

  it('fails a message that does not parse, a plural or select without "other", and a category the language lacks', () => {
    expect(parityProblems(english, 'da', { ...good, 'a.plain': 'Hej {name.' })[0]).toMatch(/^da a\.plain: does not parse/);
    expect(parityProblems(english, 'da', { ...good, 'a.count': '{count, plural, one {# svar}}' })[0]).toMatch(/^da a\.count: does not parse/);
    expect(parityProblems(english, 'da', { ...good, 'a.pick': '{day, select, monday {mandag}}' })[0]).toMatch(/^da a\.pick: does not parse/);
    expect(parityProblems(english, 'da', { ...good, 'a.count': '{count, plural, one {# svar} few {# svar} other {# svar}}' }))
      .toEqual(['da a.count: "few" is no plural category of da']);
    expect(parityProblems(english, 'ru', { ...good, 'a.count': '{count, plural, one {# ответ} few {# ответа} many {# ответов} other {# ответа}}' })).toEqual([]);
  });

  it('fails a nested choice without "other"', () => {
    expect(messageProblems('en', 'a.nested', '{count, plural, other {{day, select, monday {x} other {y}}}}')).toEqual([]);
    expect(messageProblems('en', 'a.nested', '{count, plural, other {{day, select, monday {x}}}}')[0]).toMatch(/does not parse/);
  });
});
