import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES, t as say } from '../../src/i18n/index.ts';
import { widgetTexts } from '../../src/i18n/widget.ts';
import { makeTestApp } from '../helpers/app.ts';
import { addSiteAs, fromFrame, SHOP, type TestApp } from './widget-helpers.ts';

/** What widget.js does with a counted text: the exact form, else the language's category, else other. */
function countedAsTheScriptDoes(forms: Record<string, string>, lang: string, count: number): string {
  const form = forms[`=${count}`] ?? forms[new Intl.PluralRules(lang).select(count)] ?? forms.other ?? '';
  return form.replace(/\{(\w+)\}/g, (whole, name) => (name === 'count' ? String(count) : whole));
}

describe("the widget's words", () => {
  it('count new replies in the browser exactly as the server would say them, in every language', () => {
    for (const lang of LANGUAGES) {
      const forms = widgetTexts(lang).newReplies as Record<string, string>;
      for (let count = 1; count <= 125; count++) {
        expect(countedAsTheScriptDoes(forms, lang, count), `${lang} ${count}`).toBe(say(lang, 'widget.newReplies', { count }));
      }
    }
  });

  it('leave the placeholders of plain texts for the script to fill', () => {
    expect(widgetTexts('ru').chatWith).toBe(say('ru', 'widget.chatWith'));
    expect(widgetTexts('ru').chatWith).toContain('{site}');
  });

  describe('in the config the script asks for', () => {
    let t: TestApp;
    beforeEach(() => { t = makeTestApp(); });
    afterEach(() => t.close());

    it("say which language Lineup chose: the site's data-lang if it is ours, else the browser's Accept-Language", async () => {
      const ann = await t.supporter('Ann', 'admin');
      const site = await addSiteAs(t, ann);
      const config = async (query: string, acceptLanguage?: string) => (await (await fromFrame(t, `/w/${site.key}/config${query}`, {
        headers: { Origin: SHOP, ...(acceptLanguage ? { 'Accept-Language': acceptLanguage } : {}) },
      })).json()) as { lang: string; texts: Record<string, unknown> };
      expect((await config('?lang=da', 'ru-RU')).lang).toBe('da');
      expect((await config('?lang=fr', 'ru-RU,en;q=0.5')).lang).toBe('ru');
      expect((await config('', 'de-DE,da;q=0.7,en;q=0.3')).lang).toBe('da');
      expect((await config('', 'de-DE')).lang).toBe('en');
      const ru = await config('', 'ru');
      expect(ru.texts).toEqual(widgetTexts('ru'));
    });
  });
});
