import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanSpoken, readingOrder } from '../../src/language/spoken.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the languages a visitor reads', () => {
  it('puts the chosen language first, then the browser\'s by q-value, as primary codes', () => {
    expect(readingOrder('ru-RU', 'ru-RU,ru;q=0.9,en-US;q=0.8,de;q=0')).toBe('ru en');
    expect(readingOrder('en', 'da;q=0.5, sv;q=0.7, nb')).toBe('en nb sv da');
    expect(readingOrder(null, 'fr-CA')).toBe('fr');
    expect(readingOrder(null, undefined)).toBe('');
  });

  it('drops what is not a language and keeps at most five', () => {
    expect(readingOrder('x', '*, <script>, en;q=abc, de;q=2, 12, i-klingon')).toBe('');
    expect(readingOrder(null, 'de;q=2, da;q=0.4')).toBe('da');
    expect(readingOrder(null, 'a1,bb,cc,dd,ee,ff,gg')).toBe('bb cc dd ee ff');
    expect(readingOrder(null, `${'en,'.repeat(300)}`)).toBe('');
  });
});

describe('the languages a supporter speaks', () => {
  it('keeps codes in the order given, lower-cased and once each', () => {
    expect(cleanSpoken('da, EN ru;en')).toBe('da en ru');
    expect(cleanSpoken('')).toBe('');
  });

  it('refuses anything that is not a code, or too many', () => {
    for (const bad of ['english', 'en-GB', 'e', '<b>', 'd4']) expect(() => cleanSpoken(bad), bad).toThrow('Write language codes');
    expect(() => cleanSpoken('aa ab ac ad ae af ag ah ai aj ak')).toThrow('At most 10 languages.');
  });
});

describe('languages over HTTP', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('records a new ticket\'s languages from the browser (the intake shown in Russian, its best of ours), and the desk row carries them', async () => {
    const ann = await t.supporter('Ann');
    const visitor = t.agent();
    await visitor.get('/');
    t.clock.advance(10_000);
    const res = await visitor.request('/tickets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5,ru;q=0.7' },
      body: new URLSearchParams({ name: 'Greta', problem: 'Rechnung', _csrf: visitor.csrf }),
    });
    expect(res.status).toBe(303);
    expect(ticketById(t.deps.db, 1).visitorLanguages).toBe('ru de en');
    expect(await (await ann.agent.get('/desk')).text()).toContain('data-langs="ru de en"');
  });

  it('lets a supporter set their own languages and an admin anyone\'s, and refuses bad ones changing nothing', async () => {
    const adam = await t.supporter('Adam', 'admin');
    const bob = await t.supporter('Bob');
    const own = await bob.agent.post('/account/languages', { languages: 'ru, en' }, { htmx: true });
    expect(own.status).toBe(200);
    const section = await own.text();
    expect(section).toContain('The languages are saved.');
    expect(section).toContain('(Russian, English)');
    expect(getSupporter(t.deps.db, bob.id)!.languages).toBe('ru en');

    const bad = await bob.agent.post('/account/languages', { languages: 'russian' }, { htmx: true });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Write language codes');
    expect(getSupporter(t.deps.db, bob.id)!.languages).toBe('ru en');

    expect((await adam.agent.post(`/admin/supporters/${bob.id}/languages`, { languages: 'da' })).status).toBe(303);
    expect(getSupporter(t.deps.db, bob.id)!.languages).toBe('da');
    expect(await (await adam.agent.get(`/admin/supporters/${bob.id}`)).text()).toContain('(Danish)');
    expect((await bob.agent.post(`/admin/supporters/${adam.id}/languages`, { languages: 'da' })).status).toBe(403);
    expect((await adam.agent.post('/admin/supporters/999/languages', { languages: 'da' })).status).toBe(404);
    expect((await bob.agent.post('/account/languages', { languages: 'en' }, { csrf: 'forged' })).status).toBe(403);
    expect(getSupporter(t.deps.db, adam.id)!.languages).toBe('');
  });
});
