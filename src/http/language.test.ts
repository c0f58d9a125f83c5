import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { LANGUAGE_COOKIE, rememberLanguage, requestLanguage } from './language.ts';

const config = loadConfig({});
const app = new Hono();
app.get('/', (c) => c.text(requestLanguage(c, config)));
app.post('/remember', (c) => { rememberLanguage(c, config, 'da'); return c.body(null, 204); });
const languageOf = async (path: string, headers: Record<string, string> = {}) => (await app.request(path, { headers })).text();

describe('the language of a request', () => {
  it("is the browser's Accept-Language when nothing else says", async () => {
    expect(await languageOf('/', { 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.8' })).toBe('ru');
    expect(await languageOf('/')).toBe('en');
  });

  it("is the switcher's cookie before the browser's wish", async () => {
    expect(await languageOf('/', { Cookie: `${LANGUAGE_COOKIE}=da`, 'Accept-Language': 'ru' })).toBe('da');
  });

  it('is ?lang= before the cookie (the widget frame has no cookies)', async () => {
    expect(await languageOf('/?lang=ru', { Cookie: `${LANGUAGE_COOKIE}=da` })).toBe('ru');
  });

  it("ignores anything that isn't one of Lineup's languages", async () => {
    expect(await languageOf('/?lang=xx', { Cookie: `${LANGUAGE_COOKIE}=<b>`, 'Accept-Language': 'da' })).toBe('da');
  });

  it('is remembered for a year', async () => {
    const set = (await app.request('/remember', { method: 'POST' })).headers.get('Set-Cookie')!;
    expect(set).toMatch(new RegExp(`^${LANGUAGE_COOKIE}=da;`));
    expect(set).toMatch(/Max-Age=31536000/);
    expect(set).toMatch(/HttpOnly/);
  });
});
