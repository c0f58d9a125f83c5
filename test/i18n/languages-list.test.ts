import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS, LOCALES_DIR, readArea, readCatalogue } from '../../src/i18n/catalogue.ts';
import { CATALOGS, LANGUAGES } from '../../src/i18n/index.ts';
import { compile } from '../../src/i18n/messages.ts';
import { tempDir } from '../helpers/app.ts';
import { parityProblems } from './parity.ts';

const folders = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** A locales folder with English and one more language whose messages are `translate` of English's. */
function withFourth(code: string, translate: (messages: Record<string, string>, area: string) => Record<string, string>): string {
  const dir = tempDir();
  fs.cpSync(path.join(LOCALES_DIR, 'en'), path.join(dir, 'en'), { recursive: true });
  fs.mkdirSync(path.join(dir, code));
  for (const area of AREAS) {
    const messages = translate({ ...readArea(LOCALES_DIR, 'en', area).messages }, area);
    fs.writeFileSync(path.join(dir, code, `${area}.json`), JSON.stringify(messages, null, 2));
  }
  return dir;
}

describe('the list of languages', () => {
  it('is exactly the folders under src/i18n/locales: a folder not listed, or a language without a folder, fails', () => {
    expect(folders(LOCALES_DIR)).toEqual([...LANGUAGES].sort());
  });

  it('finds one JSON file per area in every language folder, and nothing else', () => {
    for (const lang of LANGUAGES) {
      expect(fs.readdirSync(path.join(LOCALES_DIR, lang)).sort(), lang).toEqual(AREAS.map((area) => `${area}.json`).sort());
    }
  });

  it('reads a fourth language from its folder alone, and holds it to the same parity as the others', () => {
    // German, say: one more folder (here a copy of English's messages), nothing else.
    const dir = withFourth('de', (messages) => messages);
    const german = readCatalogue(dir, 'de');
    expect(Object.keys(german).sort()).toEqual(Object.keys(CATALOGS.en).sort());
    expect(parityProblems(readCatalogue(dir, 'en'), 'de', german)).toEqual([]);
    // Its plurals count with its own CLDR rules.
    expect(compile('de', german['teamwork.canned.count']!).formatter.format({ count: 1 })).toBe(compile('en', CATALOGS.en['teamwork.canned.count']!).formatter.format({ count: 1 }));
  });

  it('fails a fourth language that lacks a key or changes an argument', () => {
    const dir = withFourth('de', (messages) => {
      delete messages['desk.title'];
      if (messages['system.joined']) messages['system.joined'] = '{wer} ist da.';
      return messages;
    });
    const problems = parityProblems(readCatalogue(dir, 'en'), 'de', readCatalogue(dir, 'de'));
    expect(problems.sort()).toEqual(['de desk.title: missing', 'de system.joined: arguments [wer:plain], English has [name:plain]']);
  });

  it('refuses a translation file that holds anything but messages, naming the file and key', () => {
    const dir = withFourth('de', (messages, area) => (area === 'desk' ? { ...messages, 'desk.title': { message: 'Pult' } as unknown as string } : messages));
    expect(() => readCatalogue(dir, 'de')).toThrow(/de[\\/]desk\.json: "desk\.title" must be a message string/);
  });
});
