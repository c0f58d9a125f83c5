import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingState, type OpeningHours } from '../../src/hours/hours.ts';
import { t as say } from '../../src/i18n/index.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { reasonText, safeReason } from '../../src/mail/outbox.ts';
import { makeTestApp } from '../helpers/app.ts';

type TestApp = ReturnType<typeof makeTestApp>;
type Staff = Awaited<ReturnType<TestApp['supporter']>>;

/** The staff page a supporter reads with a browser that prefers `lang`, or with the switcher's cookie. */
const pageIn = async (who: Staff, path: string, lang: string, by: 'header' | 'cookie' = 'header') => {
  if (by === 'cookie') who.agent.cookies.set('lineup_lang', lang);
  const res = await who.agent.get(path, by === 'header' ? { 'Accept-Language': `${lang},en;q=0.5` } : {});
  expect(res.status, path).toBe(200);
  return res.text();
};

// What the English pages say, that a translated page must not.
const ENGLISH_NAV = ['>Sign out<', '>Transcripts<', '>Canned replies<', '>Supporters<', 'aria-label="Main"'];
const noEnglishNav = (html: string) => { for (const words of ENGLISH_NAV) expect(html).not.toContain(words); };

describe('the admin and staff pages in Russian and Danish', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('shows the sign-in page in Russian to a Russian browser, and in Danish by the cookie, with a switcher', async () => {
    await t.supporter('Ada', 'admin');
    const ru = await (await t.agent().get('/login', { 'Accept-Language': 'ru-RU,ru;q=0.9' })).text();
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain('<h1>Вход в рабочее место</h1>');
    expect(ru).toContain('<label for="login-password">Пароль</label>');
    expect(ru).toMatch(/<form method="post" action="\/language">[\s\S]*name="back" value="\/login"/);
    expect(ru).not.toContain('Sign in to the desk');

    const dane = t.agent();
    dane.cookies.set('lineup_lang', 'da');
    const da = await (await dane.get('/login', { 'Accept-Language': 'ru' })).text();
    expect(da).toContain('<html lang="da">');
    expect(da).toContain('<h1>Log ind på skrivebordet</h1>');
    expect(da).toContain('>Log ind</button>');
  });

  it('shows the supporters page in Russian, roles and account states included', async () => {
    const ada = await t.supporter('Ada', 'admin');
    await t.supporter('Lea', 'supervisor');
    const html = await pageIn(ada, '/admin/supporters', 'ru');
    expect(html).toContain('<h1>Сотрудники</h1>');
    expect(html).toContain('<td>администратор</td>');
    expect(html).toContain('<td>супервайзер</td>');
    expect(html).toContain('<td>Включена</td>');
    expect(html).toContain('<option value="supporter">специалист поддержки</option>');
    expect(html).toContain('Отключить <span class="visually-hidden">Lea</span>');
    expect(html).toContain('>Выйти</button>');
    noEnglishNav(html);
    expect(html).not.toContain('Add supporter');
  });

  it('shows the hours page in Danish: weekdays from Intl, the state, and Danish field errors', async () => {
    const ada = await t.supporter('Ada', 'admin');
    const html = await pageIn(ada, '/admin/hours', 'da', 'cookie');
    expect(html).toContain('<h1>Åbningstider</h1>');
    expect(html).toContain('<th scope="row">Mandag</th>');
    expect(html).toContain('<th scope="row">Søndag</th>');
    expect(html).toContain('Lige nu: <strong>åbent</strong>.');
    expect(html).not.toContain('Monday');
    const refused = await ada.agent.post('/admin/hours', { timezone: 'UTC', opens1: '17:00', closes1: '09:00' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('Ret venligst felterne markeret nedenfor.');
    expect(page).toContain('mandag: lukketiden skal ligge efter åbningstiden.');
  });

  it('shows the mail page in Russian: kinds, states and the stored reason, never the English', async () => {
    const ada = await t.supporter('Ada', 'admin');
    await t.agent().join('Vera', 'The invoice total is wrong', 'vera@example.com');
    await ada.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    t.deps.db.prepare('UPDATE tickets SET visitor_online = 1 WHERE id = 1').run();
    expect((await ada.agent.post('/desk/tickets/1/close', {}, { htmx: true })).status).toBe(204);
    t.deps.db.prepare("UPDATE mail_outbox SET attempts = 2, last_error = 'The mail server refused the message (550).'").run();
    const html = await pageIn(ada, '/admin/mail', 'ru');
    expect(html).toContain('<h1>Почта</h1>');
    expect(html).toContain('<td>Переписка<br><span class="muted">обращение 1</span></td>');
    expect(html).toContain('В очереди<br>');
    expect(html).toContain('пока не доставлено (попытка 2, следующая в <time');
    expect(html).toContain('Почтовый сервер отклонил письмо (550).');
    expect(html).toContain('Отправить ещё раз сейчас <span class="visually-hidden">на vera@example.com</span>');
    expect(html).not.toContain('refused the message');
    // The transcript page's mail block too.
    const block = await (await ada.agent.get('/transcripts/1/mail', { 'Accept-Language': 'ru' })).text();
    expect(block).toContain('Письмо с перепиской на vera@example.com: пока не доставлено');
  });

  it('reads every stored mail reason back exactly, and shows an unknown one as it was stored', () => {
    for (const error of [{ code: 'EAUTH' }, { responseCode: 421 }, { responseCode: 554 }, { code: 'ETLS' }, { code: 'ECONNREFUSED' }, {}]) {
      const stored = safeReason(error);
      expect(String(reasonText(stored))).toBe(stored);
    }
    expect(String(reasonText('The mail server is not taking mail right now (451).'))).toBe('The mail server is not taking mail right now (451).');
    expect((reasonText('The mail server is not taking mail right now (451).') as { in(l: string): string }).in('da'))
      .toBe('Mailserveren tager ikke imod mail lige nu (451).');
    expect(reasonText('<b>something older</b>')).toBe('<b>something older</b>');
  });

  it('shows the sites pages in Danish, and a new site gets the default greeting in the admin language', async () => {
    const ada = await t.supporter('Ada', 'admin');
    ada.agent.cookies.set('lineup_lang', 'da');
    const html = await pageIn(ada, '/admin/sites', 'da', 'cookie');
    expect(html).toContain('<h1>Websteder</h1>');
    expect(html).toContain('Ingen websteder endnu. Tilføj det første nedenfor.');
    expect(html).toContain('placeholder="Hej! Kan vi hjælpe dig med noget?"');
    const added = await ada.agent.post('/admin/sites', { name: 'Shop', origins: 'https://shop.example', invite_after_seconds: '20' });
    expect(added.status).toBe(303);
    expect(t.deps.db.prepare('SELECT invite_greeting FROM sites').pluck().get()).toBe('Hej! Kan vi hjælpe dig med noget?');
    const site = await (await ada.agent.get(added.headers.get('Location')!)).text();
    expect(site).toContain('Shop er tilføjet. Sæt kodestumpen nedenfor på dets sider.');
    expect(site).toContain('lige før <code>&lt;/body&gt;</code>:');
    expect(site).toContain('name="back" value="/admin/sites/1"');
    const bad = await ada.agent.post('/admin/sites', { name: '', origins: 'ftp://x' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('Udfyld feltet &quot;Navn&quot;.');
    expect(page).toContain('Hver origin skal ligne https://shop.example (http eller https, ingen sti): &quot;ftp://x&quot; gør ikke.');
  });

  it('shows transcript search in Russian, and says a search with nothing to search for in Danish', async () => {
    const sam = await t.supporter('Sam');
    const { ticketId } = openTicket(t.deps, { name: 'Ann', problem: 'refund please' });
    claimTicket(t.deps, ticketId, sam.id);
    closeTicket(t.deps, ticketId, sam.id, '');
    const ru = await pageIn(sam, '/search', 'ru');
    expect(ru).toContain('<h1>Переписки</h1>');
    expect(ru).toContain('<label for="q">Поиск по перепискам</label>');
    expect(ru).toContain('<h2>Недавно закрытые</h2>');
    noEnglishNav(ru);
    const nothing = await (await sam.agent.get('/search?q=%F0%9F%99%82', { 'Accept-Language': 'da' })).text();
    expect(nothing).toContain('Skriv mindst ét bogstav eller tal for at søge.');
    expect(nothing).not.toContain('Type at least one letter');
    const none = await (await sam.agent.get('/search?q=%3Cscript%3Ezebra', { 'Accept-Language': 'da' })).text();
    expect(none).toContain('Ingen samtaler matcher <q>&lt;script&gt;zebra</q>.');
    const transcript = await (await sam.agent.get('/transcripts/1', { 'Accept-Language': 'da' })).text();
    expect(transcript).toContain('<h1>Samtale: Ann</h1>');
    expect(transcript).toContain('name="back" value="/transcripts/1"');
  });

  it('answers a sign-in refusal in Danish, and a locked-out one too', async () => {
    await t.supporter('Ada', 'admin');
    const dane = t.agent();
    dane.cookies.set('lineup_lang', 'da');
    const wrong = await dane.post('/login', { email: 'ada@example.com', password: 'not the password' });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('E-mail og adgangskode passer ikke sammen.');
    expect(html).not.toContain('do not match');
    for (let i = 0; i < 5; i++) await dane.post('/login', { email: 'ada@example.com', password: 'still wrong' });
    const locked = await dane.post('/login', { email: 'ada@example.com', password: 'correct horse battery' });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('For mange mislykkede login-forsøg. Vent 15 minutter, og prøv igen.');
  });

  it('says refusals from the error handler in the reader language', async () => {
    const sam = await t.supporter('Sam');
    const forbidden = await sam.agent.get('/admin/hours', { 'Accept-Language': 'da' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('Kun en administrator kan gøre det.');
    openTicket(t.deps, { name: 'Ann', problem: 'still waiting' });
    const open = await sam.agent.get('/transcripts/1', { 'Accept-Language': 'ru' });
    expect(open.status).toBe(404);
    expect(await open.text()).toContain('Это обращение ещё открыто');
    const signedOut = await t.agent().request('/admin/hours', { headers: { 'Accept-Language': 'ru', Accept: 'application/json' } });
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toBe('Войдите, чтобы продолжить.');
  });

  it('keeps a hostile name escaped inside a translated notice', async () => {
    const ada = await t.supporter('Ada', 'admin');
    ada.agent.cookies.set('lineup_lang', 'ru');
    const res = await ada.agent.post('/admin/supporters', { name: '<script>alert(1)</script> "Q"', email: 'x@example.com', password: 'correct horse battery', role: 'supporter' });
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; теперь может войти.');
    expect(html).not.toContain('<script>alert(1)');
    const dup = await ada.agent.post('/admin/supporters', { name: 'Again', email: 'x@example.com', password: 'correct horse battery', role: 'supporter' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('Сотрудник с адресом x@example.com уже есть.');
  });
});

describe('the language switcher on staff pages', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('is on every staff page and returns the supporter to the page they were on', async () => {
    const ada = await t.supporter('Ada', 'admin');
    for (const [path, back] of [['/desk', '/desk'], ['/admin/hours', '/admin/hours'], ['/admin/mail', '/admin/mail'], ['/canned', '/canned'], ['/search?q=refund%20card', '/search?q=refund%20card']] as const) {
      const html = await (await ada.agent.get(path)).text();
      expect(html, path).toContain(`<input type="hidden" name="back" value="${back}">`);
      expect(html, path).toMatch(/<button class="languages__choice" type="submit" name="lang" value="da" lang="da">Dansk<\/button>/);
    }
    const res = await ada.agent.post('/language', { lang: 'da', back: '/admin/hours' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/hours');
    expect(ada.agent.cookies.get('lineup_lang')).toBe('da');
    const html = await (await ada.agent.get('/admin/hours', { 'Accept-Language': 'ru' })).text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('value="da" lang="da" aria-current="true">Dansk<');
    expect((await ada.agent.post('/language', { lang: 'ru', back: '/search?q=refund%20card' })).headers.get('Location')).toBe('/search?q=refund%20card');
    expect((await ada.agent.post('/language', { lang: 'ru', back: '/transcripts/12' })).headers.get('Location')).toBe('/transcripts/12');
  });

  it('never sends anyone off-site: a foreign or odd back goes to the desk, or the intake when signed out', async () => {
    const ada = await t.supporter('Ada', 'admin');
    for (const back of ['https://evil.example', '//evil.example', '/\\evil.example', '/search?q=x//evil', '/admin/../evil', '/desk\r\nSet-Cookie: x=1', 'javascript:alert(1)']) {
      const res = await ada.agent.post('/language', { lang: 'ru', back });
      expect(res.status, back).toBe(303);
      expect(res.headers.get('Location'), back).toBe('/desk');
    }
    const visitor = t.agent();
    await visitor.get('/');
    expect((await visitor.post('/language', { lang: 'ru', back: '//evil.example' })).headers.get('Location')).toBe('/');
    expect((await visitor.post('/language', { lang: 'ru', back: '/login' })).headers.get('Location')).toBe('/login');
  });
});

describe('when a closed team is back, in the reader language', () => {
  // Weekdays 09:00-17:00 in Copenhagen (UTC+1 in winter); Friday 2026-01-09 18:00 UTC is after closing.
  const copenhagen: OpeningHours = { timezone: 'Europe/Copenhagen', days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: 540, closesAt: 1020 })), closed: [] };
  const friday = Date.parse('2026-01-09T18:00:00Z');

  it('says "back {when}" in Russian and Danish, and in English exactly as before', () => {
    const back = openingState(copenhagen, friday).back!;
    expect(String(back)).toBe('Monday at 09:00');
    expect(back.in('ru')).toBe('в понедельник в 09:00');
    expect(back.in('da')).toBe('mandag kl. 09.00');
    expect(say('ru', 'intake.reopens', { when: back, zone: 'Europe/Copenhagen' })).toBe('Мы снова на связи в понедельник в 09:00 (время: Europe/Copenhagen).');
    const later = openingState(copenhagen, Date.parse('2026-01-08T07:00:00Z')).back!;
    expect([String(later), later.in('ru'), later.in('da')]).toEqual(['today at 09:00', 'сегодня в 09:00', 'i dag kl. 09.00']);
    const tomorrow = openingState(copenhagen, Date.parse('2026-01-07T17:00:00Z')).back!;
    expect([String(tomorrow), tomorrow.in('ru')]).toEqual(['tomorrow at 09:00', 'завтра в 09:00']);
  });

  it('shows the state on the hours page in Russian', async () => {
    const t = makeTestApp();
    try {
      t.clock.set(friday);
      const ada = await t.supporter('Ada', 'admin');
      await ada.agent.post('/admin/hours', { timezone: 'Europe/Copenhagen', opens1: '09:00', closes1: '17:00' });
      const html = await pageIn(ada, '/admin/hours', 'ru');
      expect(html).toContain('Сейчас: <strong>закрыто</strong>, снова на связи в понедельник в 09:00.');
      expect(html).toContain('<th scope="row">Понедельник</th>');
    } finally {
      t.close();
    }
  });
});
