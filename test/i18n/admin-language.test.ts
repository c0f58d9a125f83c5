import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingState, type OpeningHours } from '../../src/hours/hours.ts';
import { t as say } from '../../src/i18n/index.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { reasonText, safeReason } from '../../src/mail/outbox.ts';
import { clockTime } from '../../src/hours/when.ts';
import { makeTestApp } from '../helpers/app.ts';
import { marked, shown, upTo } from '../helpers/texts.ts';

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
const ENGLISH_NAV = [`>${shown('en', 'admin.nav.signOut')}<`, `>${shown('en', 'admin.nav.transcripts')}<`, `>${shown('en', 'admin.nav.canned')}<`,
  `>${shown('en', 'admin.nav.supporters')}<`, `aria-label="${shown('en', 'admin.nav.label')}"`];
const noEnglishNav = (html: string) => { for (const words of ENGLISH_NAV) expect(html).not.toContain(words); };

describe('the admin and staff pages in Russian and Danish', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('shows the sign-in page in Russian to a Russian browser, and in Danish by the cookie, with a switcher', async () => {
    await t.supporter('Ada', 'admin');
    const ru = await (await t.agent().get('/login', { 'Accept-Language': 'ru-RU,ru;q=0.9' })).text();
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain(`<h1>${shown('ru', 'admin.login.heading')}</h1>`);
    expect(ru).toContain(`<label for="login-password">${shown('ru', 'admin.account.password')}</label>`);
    expect(ru).toMatch(/<form method="post" action="\/language">[\s\S]*name="back" value="\/login"/);
    expect(ru).not.toContain(shown('en', 'admin.login.heading'));

    const dane = t.agent();
    dane.cookies.set('lineup_lang', 'da');
    const da = await (await dane.get('/login', { 'Accept-Language': 'ru' })).text();
    expect(da).toContain('<html lang="da">');
    expect(da).toContain(`<h1>${shown('da', 'admin.login.heading')}</h1>`);
    expect(da).toContain(`>${shown('da', 'admin.login.button')}</button>`);
  });

  it('shows the supporters page in Russian, roles and account states included', async () => {
    const ada = await t.supporter('Ada', 'admin');
    await t.supporter('Lea', 'supervisor');
    const html = await pageIn(ada, '/admin/supporters', 'ru');
    expect(html).toContain(`<h1>${shown('ru', 'admin.supporters.title')}</h1>`);
    expect(html).toContain(`<td>${shown('ru', 'admin.role.admin')}</td>`);
    expect(html).toContain(`<td>${shown('ru', 'admin.role.supervisor')}</td>`);
    expect(html).toContain(`<td>${shown('ru', 'admin.supporters.enabled')}</td>`);
    expect(html).toContain(`<option value="supporter">${shown('ru', 'admin.role.supporter')}</option>`);
    expect(html).toContain(marked('ru', 'admin.supporters.disable', { name: 'Lea' }, (name) => `<span class="visually-hidden">${name}</span>`));
    expect(html).toContain(`>${shown('ru', 'admin.nav.signOut')}</button>`);
    noEnglishNav(html);
    expect(html).not.toContain(shown('en', 'admin.supporters.addButton'));
  });

  it('shows the hours page in Danish: weekdays from Intl, the state, and Danish field errors', async () => {
    const ada = await t.supporter('Ada', 'admin');
    const html = await pageIn(ada, '/admin/hours', 'da', 'cookie');
    expect(html).toContain(`<h1>${shown('da', 'admin.hours.title')}</h1>`);
    expect(html).toContain('<th scope="row">Mandag</th>'); // weekday names are Intl's, not the catalogue's
    expect(html).toContain('<th scope="row">Søndag</th>');
    expect(html).toContain(marked('da', 'admin.hours.now', { state: say('da', 'admin.hours.open') }));
    expect(html).not.toContain('Monday');
    const refused = await ada.agent.post('/admin/hours', { timezone: 'UTC', opens1: '17:00', closes1: '09:00' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain(shown('da', 'admin.form.fixMarked'));
    expect(page).toContain(shown('da', 'admin.hours.dayOrder', { day: 'mandag' }));
  });

  it('shows the mail page in Russian: kinds, states and the stored reason, never the English', async () => {
    const ada = await t.supporter('Ada', 'admin');
    await t.agent().join('Vera', 'The invoice total is wrong', 'vera@example.com');
    await ada.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    t.deps.db.prepare('UPDATE tickets SET visitor_online = 1 WHERE id = 1').run();
    expect((await ada.agent.post('/desk/tickets/1/close', {}, { htmx: true })).status).toBe(204);
    t.deps.db.prepare("UPDATE mail_outbox SET attempts = 2, last_error = 'The mail server refused the message (550).'").run();
    const html = await pageIn(ada, '/admin/mail', 'ru');
    expect(html).toContain(`<h1>${shown('ru', 'admin.mail.title')}</h1>`);
    expect(html).toContain(`<td>${shown('ru', 'admin.mail.kindTranscript')}<br><span class="muted">${shown('ru', 'admin.mail.ticket', { id: 1 })}</span></td>`);
    expect(html).toContain(`${shown('ru', 'admin.mail.queued')}<br>`);
    expect(html).toContain(`${upTo(shown('ru', 'admin.mail.stateRetrying', { count: 2 }), 'time')}<time`);
    expect(html).toContain(shown('ru', 'admin.mail.reasonRefused', { status: 550 }));
    expect(html).toContain(`${shown('ru', 'admin.mail.sendAgain')} <span class="visually-hidden">${shown('ru', 'admin.mail.sendAgainTo', { address: 'vera@example.com' })}</span>`);
    expect(html).not.toContain(upTo(say('en', 'admin.mail.reasonRefused'), 'status'));
    // The transcript page's mail block too.
    const block = await (await ada.agent.get('/transcripts/1/mail', { 'Accept-Language': 'ru' })).text();
    expect(block).toContain(marked('ru', 'admin.mail.ticketLine', { kind: say('ru', 'admin.mail.ticketTranscript'), address: 'vera@example.com', state: '' },
      (text, name) => (name === 'state' ? upTo(shown('ru', 'admin.mail.stateRetrying', { count: 2 }), 'time') : text)));
  });

  it('reads every stored mail reason back exactly, and shows an unknown one as it was stored', () => {
    for (const error of [{ code: 'EAUTH' }, { responseCode: 421 }, { responseCode: 554 }, { code: 'ETLS' }, { code: 'ECONNREFUSED' }, {}]) {
      const stored = safeReason(error);
      expect(String(reasonText(stored))).toBe(stored);
    }
    const busy = say('en', 'admin.mail.reasonBusy', { status: 451 });
    expect(String(reasonText(busy))).toBe(busy);
    expect((reasonText(busy) as { in(l: string): string }).in('da')).toBe(say('da', 'admin.mail.reasonBusy', { status: 451 }));
    expect(reasonText('<b>something older</b>')).toBe('<b>something older</b>');
  });

  it('shows the sites pages in Danish, and a new site gets the default greeting in the admin language', async () => {
    const ada = await t.supporter('Ada', 'admin');
    ada.agent.cookies.set('lineup_lang', 'da');
    const html = await pageIn(ada, '/admin/sites', 'da', 'cookie');
    expect(html).toContain(`<h1>${shown('da', 'admin.sites.title')}</h1>`);
    expect(html).toContain(shown('da', 'admin.sites.empty'));
    expect(html).toContain(`placeholder="${shown('da', 'admin.site.greetingDefault')}"`);
    const added = await ada.agent.post('/admin/sites', { name: 'Shop', origins: 'https://shop.example', invite_after_seconds: '20' });
    expect(added.status).toBe(303);
    expect(t.deps.db.prepare('SELECT invite_greeting FROM sites').pluck().get()).toBe(say('da', 'admin.site.greetingDefault'));
    const site = await (await ada.agent.get(added.headers.get('Location')!)).text();
    expect(site).toContain(shown('da', 'admin.site.added', { name: 'Shop' }));
    expect(site).toContain(marked('da', 'admin.site.embedHint', { tag: '</body>' }, (tag) => `<code>${tag}</code>`));
    expect(site).toContain('<code>&lt;/body&gt;</code>:');
    expect(site).toContain('name="back" value="/admin/sites/1"');
    const bad = await ada.agent.post('/admin/sites', { name: '', origins: 'ftp://x' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain(shown('da', 'input.required', { label: say('da', 'field.name') }));
    expect(page).toContain(shown('da', 'admin.site.originInvalid', { origin: 'ftp://x' }));
  });

  it('shows transcript search in Russian, and says a search with nothing to search for in Danish', async () => {
    const sam = await t.supporter('Sam');
    const { ticketId } = openTicket(t.deps, { name: 'Ann', problem: 'refund please' });
    claimTicket(t.deps, ticketId, sam.id);
    closeTicket(t.deps, ticketId, sam.id, '');
    const ru = await pageIn(sam, '/search', 'ru');
    expect(ru).toContain(`<h1>${shown('ru', 'admin.transcripts.title')}</h1>`);
    expect(ru).toContain(`<label for="q">${shown('ru', 'admin.transcripts.searchLabel')}</label>`);
    expect(ru).toContain(`<h2>${shown('ru', 'admin.transcripts.recent')}</h2>`);
    noEnglishNav(ru);
    const nothing = await (await sam.agent.get('/search?q=%F0%9F%99%82', { 'Accept-Language': 'da' })).text();
    expect(nothing).toContain(shown('da', 'admin.transcripts.noTerms'));
    expect(nothing).not.toContain(shown('en', 'admin.transcripts.noTerms'));
    const none = await (await sam.agent.get('/search?q=%3Cscript%3Ezebra', { 'Accept-Language': 'da' })).text();
    expect(none).toContain(marked('da', 'admin.transcripts.noMatch', { q: '<script>zebra' }, (q) => `<q>${q}</q>`));
    expect(none).toContain('<q>&lt;script&gt;zebra</q>');
    const transcript = await (await sam.agent.get('/transcripts/1', { 'Accept-Language': 'da' })).text();
    expect(transcript).toContain(`<h1>${shown('da', 'admin.transcript.heading', { name: 'Ann' })}</h1>`);
    expect(transcript).toContain('name="back" value="/transcripts/1"');
  });

  it('answers a sign-in refusal in Danish, and a locked-out one too', async () => {
    await t.supporter('Ada', 'admin');
    const dane = t.agent();
    dane.cookies.set('lineup_lang', 'da');
    const wrong = await dane.post('/login', { email: 'ada@example.com', password: 'not the password' });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain(shown('da', 'admin.login.mismatch'));
    expect(html).not.toContain(shown('en', 'admin.login.mismatch'));
    for (let i = 0; i < 5; i++) await dane.post('/login', { email: 'ada@example.com', password: 'still wrong' });
    const locked = await dane.post('/login', { email: 'ada@example.com', password: 'correct horse battery' });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain(shown('da', 'admin.login.tooMany'));
  });

  it('says refusals from the error handler in the reader language', async () => {
    const sam = await t.supporter('Sam');
    const forbidden = await sam.agent.get('/admin/hours', { 'Accept-Language': 'da' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain(shown('da', 'admin.auth.adminOnly'));
    openTicket(t.deps, { name: 'Ann', problem: 'still waiting' });
    const open = await sam.agent.get('/transcripts/1', { 'Accept-Language': 'ru' });
    expect(open.status).toBe(404);
    expect(await open.text()).toContain(shown('ru', 'admin.transcript.stillOpen'));
    const signedOut = await t.agent().request('/admin/hours', { headers: { 'Accept-Language': 'ru', Accept: 'application/json' } });
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toBe(say('ru', 'admin.auth.signIn'));
  });

  it('keeps a hostile name escaped inside a translated notice', async () => {
    const ada = await t.supporter('Ada', 'admin');
    ada.agent.cookies.set('lineup_lang', 'ru');
    const res = await ada.agent.post('/admin/supporters', { name: '<script>alert(1)</script> "Q"', email: 'x@example.com', password: 'correct horse battery', role: 'supporter' });
    const html = await res.text();
    expect(html).toContain(shown('ru', 'admin.supporters.added', { name: '<script>alert(1)</script> "Q"' }));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot;');
    expect(html).not.toContain('<script>alert(1)');
    const dup = await ada.agent.post('/admin/supporters', { name: 'Again', email: 'x@example.com', password: 'correct horse battery', role: 'supporter' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain(shown('ru', 'admin.supporters.emailTaken', { email: 'x@example.com' }));
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
    const nine = (lang: 'en' | 'ru' | 'da') => clockTime(lang, 540);
    expect([nine('en'), nine('ru'), nine('da')]).toEqual(['09:00', '09:00', '09.00']); // Intl's clock, in the hours' 24-hour form
    const back = openingState(copenhagen, friday).back!;
    expect(String(back)).toBe(say('en', 'admin.back.on', { weekday: 'monday', time: nine('en') }));
    expect(back.in('ru')).toBe(say('ru', 'admin.back.on', { weekday: 'monday', time: nine('ru') }));
    expect(back.in('da')).toBe(say('da', 'admin.back.on', { weekday: 'monday', time: nine('da') }));
    expect(say('ru', 'intake.reopens', { when: back, zone: 'Europe/Copenhagen' }))
      .toBe(say('ru', 'intake.reopens', { when: say('ru', 'admin.back.on', { weekday: 'monday', time: nine('ru') }), zone: 'Europe/Copenhagen' }));
    const later = openingState(copenhagen, Date.parse('2026-01-08T07:00:00Z')).back!;
    expect([String(later), later.in('ru'), later.in('da')])
      .toEqual([say('en', 'admin.back.today', { time: nine('en') }), say('ru', 'admin.back.today', { time: nine('ru') }), say('da', 'admin.back.today', { time: nine('da') })]);
    const tomorrow = openingState(copenhagen, Date.parse('2026-01-07T17:00:00Z')).back!;
    expect([String(tomorrow), tomorrow.in('ru')]).toEqual([say('en', 'admin.back.tomorrow', { time: nine('en') }), say('ru', 'admin.back.tomorrow', { time: nine('ru') })]);
  });

  it('shows the state on the hours page in Russian', async () => {
    const t = makeTestApp();
    try {
      t.clock.set(friday);
      const ada = await t.supporter('Ada', 'admin');
      await ada.agent.post('/admin/hours', { timezone: 'Europe/Copenhagen', opens1: '09:00', closes1: '17:00' });
      const html = await pageIn(ada, '/admin/hours', 'ru');
      expect(html).toContain(marked('ru', 'admin.hours.nowClosedBack', { state: say('ru', 'admin.hours.closed'), when: say('ru', 'admin.back.on', { weekday: 'monday', time: '09:00' }) },
        (text, name) => (name === 'state' ? `<strong>${text}</strong>` : text)));
      expect(html).toContain('<th scope="row">Понедельник</th>');
    } finally {
      t.close();
    }
  });
});
