import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/mail/outbox.ts';
import { mailTransport } from '../../src/mail/transport.ts';
import { t as say } from '../../src/i18n/index.ts';
import { makeTestApp } from '../helpers/app.ts';
import { literally, marked, shown, upTo } from '../helpers/texts.ts';
import { startSmtp, type TestSmtp } from '../mail/smtp.ts';
import { addSiteAs, fromFrame } from '../widget/widget-helpers.ts';

type TestApp = ReturnType<typeof makeTestApp>;
const language = (t: TestApp, id = 1) => (t.deps.db.prepare('SELECT visitor_language AS l FROM tickets WHERE id = ?').get(id) as { l: string | null }).l;
const systemLines = (t: TestApp) => (t.deps.db.prepare("SELECT body FROM messages WHERE author = 'system' ORDER BY id").all() as { body: string }[]).map((r) => r.body);

/** Decodes RFC 2047 words (=?UTF-8?B?...?= / =?UTF-8?Q?...?=) in a header. */
const decodeHeader = (value: string) => value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
  kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));

describe('languages on the visitor side', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('shows the intake in Russian to a browser that prefers Russian, with <html lang> and the switcher', async () => {
    const html = await (await t.agent().get('/', { 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.8' })).text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain(shown('ru', 'intake.heading'));
    expect(html).toContain(`<label for="name">${shown('ru', 'field.name')}</label>`);
    expect(html).toContain(shown('ru', 'intake.join'));
    expect(html).toMatch(new RegExp(literally(`<button class="languages__choice" type="submit" name="lang" value="da" lang="da">${shown('da', 'language.name')}</button>`)));
    expect(html).toMatch(new RegExp(literally(`value="ru" lang="ru" aria-current="true">${shown('ru', 'language.name')}<`)));
    expect(html).not.toContain(shown('en', 'intake.heading'));
  });

  it('keeps English for a browser that asks for none of the three, exactly as before', async () => {
    const html = await (await t.agent().get('/', { 'Accept-Language': 'de-DE,fr;q=0.8' })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(shown('en', 'intake.heading'));
    expect(html).toContain(shown('en', 'intake.join'));
  });

  it('lets the switcher override the browser: the cookie outranks Accept-Language', async () => {
    const visitor = t.agent();
    await visitor.get('/');
    const res = await visitor.post('/language', { lang: 'da', back: '/' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/');
    expect(visitor.cookies.get('lineup_lang')).toBe('da');
    const html = await (await visitor.get('/', { 'Accept-Language': 'ru' })).text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain(shown('da', 'intake.heading'));
  });

  it('refuses an unknown or hostile language with a clear error and changes nothing', async () => {
    const visitor = t.agent();
    await visitor.get('/');
    for (const lang of ['fr', '<script>', 'ru;', '', 'EN']) {
      const res = await visitor.post('/language', { lang });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(shown('en', 'language.unknown'));
    }
    expect(visitor.cookies.has('lineup_lang')).toBe(false);
  });

  it('falls back to English for a forged language cookie or query, and never sends a visitor elsewhere', async () => {
    const visitor = t.agent();
    visitor.cookies.set('lineup_lang', '"><script>alert(1)</script>');
    const html = await (await visitor.get('/?lang=xx', { 'Accept-Language': 'zz' })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toContain('<script>alert(1)');
    const res = await visitor.post('/language', { lang: 'ru', back: 'https://evil.example/' });
    expect(res.headers.get('Location')).toBe('/');
    expect((await visitor.post('/language', { lang: 'ru', back: '//evil.example' })).headers.get('Location')).toBe('/');
  });

  it('refuses a switch without the CSRF secret', async () => {
    const visitor = t.agent();
    await visitor.get('/');
    expect((await visitor.post('/language', { lang: 'ru' }, { csrf: 'forged' })).status).toBe(403);
    expect(visitor.cookies.has('lineup_lang')).toBe(false);
  });

  it('says intake errors in the visitor language, and keeps them English in English', async () => {
    const ru = t.agent();
    ru.cookies.set('lineup_lang', 'ru');
    const html = await (await ru.post('/tickets', { name: '', email: 'nope', problem: '' })).text();
    expect(html).toContain(shown('ru', 'intake.fixFields'));
    expect(html).toContain(shown('ru', 'input.required', { label: say('ru', 'field.name') }));
    expect(html).toContain(shown('ru', 'input.emailInvalid'));
    const en = await (await t.agent().post('/tickets', { name: '', email: '', problem: '' })).text();
    expect(en).toContain(shown('en', 'input.required', { label: say('en', 'field.name') }));
    expect(en).toContain(shown('en', 'input.required', { label: say('en', 'field.problem') }));
  });

  it('opens the ticket in the chosen language: its page, its system lines and its stored language', async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    visitor.cookies.set('lineup_lang', 'ru');
    const page = await visitor.join('Vera', 'Счёт неверный');
    expect(language(t)).toBe('ru');
    const html = await (await visitor.get(page)).text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain(shown('ru', 'ticket.place'));
    expect(html).toContain('&amp;lang=ru'); // the stream renders its pushes in Russian too
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(systemLines(t)).toEqual([say('ru', 'system.joined', { name: 'Sam' })]);
    expect(await (await visitor.post(`${page}/messages`, { body: '   ' }, { htmx: true })).text()).toBe(shown('ru', 'message.empty'));
  });

  it('switches a ticket to Danish from its page: later lines are Danish, earlier ones stay as written', async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'The invoice total is wrong');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    const res = await visitor.post(`${page}/language`, { lang: 'da' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(page);
    expect(language(t)).toBe('da');
    expect(await (await visitor.get(page)).text()).toContain(marked('da', 'ticket.talkingWith', { name: 'Sam' }));
    await visitor.post(`${page}/away`, {}, { htmx: true });
    expect(systemLines(t)).toEqual([say('en', 'system.joined', { name: 'Sam' }), say('da', 'system.steppedAway', { name: 'Vera' })]);
  });

  it('refuses a switch for a ticket that does not exist, and a forged language for one that does', async () => {
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'The invoice total is wrong');
    expect((await visitor.post('/t/not-a-token/language', { lang: 'da' })).status).toBe(404);
    expect((await visitor.post(`${page}/language`, { lang: 'xx' })).status).toBe(400);
    expect(language(t)).toBe('en');
  });

  it('keeps the English of existing visitors exactly: an English ticket still reads as before', async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    await visitor.join('Vera', 'The invoice total is wrong');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(systemLines(t)).toEqual([say('en', 'system.joined', { name: 'Sam' })]);
  });

  describe('in the widget (no cookies in a cross-site frame)', () => {
    it('honours ?lang=da on the widget intake, keeps it in the form and the links, and opens a Danish ticket', async () => {
      const site = await addSiteAs(t, await t.supporter('Ann', 'admin'));
      const html = await (await fromFrame(t, `/w/${site.key}?lang=da`, { headers: { 'Accept-Language': 'ru' } })).text();
      expect(html).toContain('<html lang="da">');
      expect(html).toContain(shown('da', 'intake.heading'));
      expect(html).toContain(`action="/w/${site.key}/tickets?lang=da"`);
      expect(html).toMatch(new RegExp(`href="/w/[A-Za-z0-9_-]+\\?lang=ru" lang="ru" hreflang="ru">${literally(shown('ru', 'language.name'))}<`));
      const csrf = html.match(/<meta name="csrf-token" content="([^"]+)">/)![1]!;
      const res = await fromFrame(t, `/w/${site.key}/tickets?lang=da`, { fields: { _csrf: csrf, name: 'Vera', problem: 'Fakturaen er forkert' } });
      expect(res.status).toBe(303);
      const token = res.headers.get('Location')!.split('/t/')[1]!;
      expect(language(t)).toBe('da');
      expect(await (await fromFrame(t, `/w/${site.key}/t/${token}`)).text()).toContain(shown('da', 'ticket.place'));
    });

    it('gives widget.js its words in the asked language, and English for an unknown one', async () => {
      const site = await addSiteAs(t, await t.supporter('Ann', 'admin'));
      const config = async (lang: string) => (await (await fromFrame(t, `/w/${site.key}/config?lang=${lang}`, { headers: { Origin: 'https://shop.example' } })).json()) as { texts: Record<string, string> };
      expect((await config('ru')).texts.chatWithUs).toBe(say('ru', 'widget.chatWithUs'));
      expect((await config('%3Cscript%3E')).texts.chatWithUs).toBe(say('en', 'widget.chatWithUs'));
    });
  });
});

describe('mail in the visitor language, delivered to a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  beforeEach(async () => {
    smtp = await startSmtp();
    t = makeTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Lineup Help <help@lineup.test>', PUBLIC_URL: 'http://lineup.test' });
  });
  afterEach(async () => { t.close(); await smtp.close(); });

  it('sends a visitor who joined in Russian the transcript in Russian, subject included', async () => {
    const sam = await t.supporter('Sam Supporter');
    const visitor = t.agent();
    visitor.cookies.set('lineup_lang', 'ru');
    await visitor.join('Вера', 'Счёт неверный', 'vera@example.com');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect((await sam.agent.post('/desk/tickets/1/close', { resolution: '' }, { htmx: true })).status).toBe(204);
    expect(await deliverDue(t.deps, mailTransport(t.deps.config))).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(decodeHeader(mail!.headers.subject!)).toBe(say('ru', 'mail.transcriptSubject', { service: 'Lineup Help' }));
    for (const part of [mail!.text, mail!.html]) {
      expect(part).toContain(say('ru', 'mail.hello', { name: 'Вера' }));
      expect(part).toContain(upTo(say('ru', 'mail.transcriptIntro', { service: 'Lineup Help' }), 'day'));
      expect(part).toContain(say('ru', 'system.closed', { name: 'Sam Supporter' }));
      expect(part).not.toContain(upTo(say('en', 'mail.hello'), 'name').trim());
    }
    expect(mail!.text).toContain(say('ru', 'mail.seeAgain'));
    expect(mail!.html).toContain('<html lang="ru">');
  });
});
