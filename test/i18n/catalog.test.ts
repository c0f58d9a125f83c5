import { describe, expect, it } from 'vitest';
import { AREAS, CATALOGS, fromAcceptLanguage, LANGUAGES, parts, t, Text } from '../../src/i18n/index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

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

    it(`uses the same placeholders in ${lang} as in English`, () => {
      const differing = Object.keys(english).filter((key) => CATALOGS[lang][key] !== undefined
        && placeholders(CATALOGS[lang][key]!).join() !== placeholders(english[key]!).join());
      expect(differing).toEqual([]);
    });
  }

  it('defines each key in one area only (a second definition would silently win)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [area, catalogs] of Object.entries(AREAS)) {
      for (const key of Object.keys(catalogs.en)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)} and ${area})`);
        seen.set(key, area);
      }
    }
    expect(twice).toEqual([]);
  });

  it('fills placeholders as plain text and escapes nothing itself', () => {
    expect(t('en', 'system.joined', { name: '<b>Ann</b>' })).toBe('<b>Ann</b> joined the chat.');
    expect(t('ru', 'typing.line', { name: 'Анна' })).toBe('Анна печатает…');
  });

  it('says a nested text in the same language', () => {
    expect(t('da', 'system.meeting', { name: new Text('system.yourSupporter'), url: 'https://m.example/x' }))
      .toBe('Din supporter har åbnet et videomøde for denne samtale: https://m.example/x');
  });

  it('keeps a Text English when it is used as a string', () => {
    expect(String(new Text('message.empty'))).toBe('Write a message first.');
  });

  it('throws on a key no catalogue has (in tests; production falls back to English)', () => {
    expect(() => t('ru', 'no.such.key' as never)).toThrow(/no\.such\.key/);
  });

  it('cuts a text at its placeholders for templates that emphasise them', () => {
    expect(parts('da', 'ticket.talkingWith', { name: 'Ann' })).toEqual([
      { text: 'Du taler med ', param: false }, { text: 'Ann', param: true, name: 'name' }, { text: '.', param: false },
    ]);
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
