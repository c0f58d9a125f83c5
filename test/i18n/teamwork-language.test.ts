import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { deskRenderer } from '../../src/desk/feed.ts';
import { addCannedReply } from '../../src/canned/replies.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { ticketView } from '../../src/line/tickets.ts';
import { render } from '../../src/lib/render.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { visitorDetails } from '../../src/visitor/details.ts';
import type { Agent } from '../helpers/app.ts';
import { makeTestApp } from '../helpers/app.ts';
import { agentAt, joinWith, UA } from '../visitor/visitor-agents.ts';

type TestApp = ReturnType<typeof makeTestApp>;
// A visitor name may not hold double quotes (it can go into mail headers); everything else is tried.
const HOSTILE = "<img src=x onerror=alert(1)> Vera & 'Co'";
const HOSTILE_HTML = '&lt;img src=x onerror=alert(1)&gt; Vera &amp; &#39;Co&#39;';

/** The reader's language for every later request of this agent, as the switcher would set it. */
const speaks = (agent: Agent, lang: string) => agent.cookies.set('lineup_lang', lang);

describe('the teamwork side in Russian and Danish', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** Ann holds a ticket of a visitor with a hostile name; the named colleagues exist (offline). */
  async function annHolds(name = HOSTILE) {
    const ann = await t.supporter('Ann', 'admin');
    const visitor = agentAt(t, '203.0.113.7');
    expect((await joinWith(visitor, { name, timezone: 'Asia/Kolkata' }, { 'User-Agent': 'curl/8.5.0' })).status).toBe(303);
    claimTicket(t.deps, 1, ann.id);
    return { ann, visitor };
  }
  /** What a desk in `lang` shows for everything addressed to it from now on. */
  const deskSaw = (supporterId: number, lang: 'en' | 'ru' | 'da') => {
    const renderEvent = deskRenderer(t.deps, supporterId, 'supporter', lang);
    const seen: string[] = [];
    t.deps.hub.subscribe({ topics: [], supporterId, deliver: (e: LineupEvent) => seen.push(renderEvent(e)?.html ?? '') });
    return () => seen.join('');
  };

  describe('the /canned page', () => {
    it('is in Russian for a browser that prefers Russian, placeholders and the "/" hint included', async () => {
      const sam = await t.supporter('Sam');
      addCannedReply(t.deps, sam, { name: 'greeting', body: 'Hello {visitor.name}' });
      const html = await (await sam.agent.get('/canned', { 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.5' })).text();
      expect(html).toContain('<html lang="ru">');
      expect(html).toContain('<h1>Готовые ответы</h1>');
      expect(html).toContain('В поле сообщения введите <kbd>/</kbd> и начало названия');
      expect(html).toContain('Ваши ответы');
      expect(html).toContain('<label for="new-name">Название</label>');
      expect(html).toContain('Добавить ответ</button>');
      expect(html).toContain('<dd>имя посетителя</dd>');
      expect(html).toContain('Сохранить изменения</button>');
      for (const english of ['Your replies', 'Add reply', "the visitor&#39;s name", 'Save changes', 'Placeholders', 'In a message box']) {
        expect(html).not.toContain(english);
      }
    });

    it('is in Danish for a browser that prefers Danish, and so are its notices and refusals', async () => {
      const sam = await t.supporter('Sam');
      const html = await (await sam.agent.get('/canned?done=added', { 'Accept-Language': 'da-DK,da;q=0.9' })).text();
      expect(html).toContain('<html lang="da">');
      expect(html).toContain('<h1>Standardsvar</h1>');
      expect(html).toContain('Svaret er tilføjet.');
      expect(html).toContain('Du har ingen egne svar endnu.');
      expect(html).not.toContain('Reply added.');
      expect(html).not.toContain('Your replies');

      speaks(sam.agent, 'da');
      const bad = await sam.agent.post('/canned', { name: '', body: 'x' }, { htmx: true });
      expect(bad.status).toBe(400);
      const refused = await bad.text();
      expect(refused).toContain('Ret venligst felterne nedenfor.');
      expect(refused).toContain('Udfyld feltet &quot;Navn&quot;.');
      expect(refused).not.toContain('Please fix the fields below.');
      addCannedReply(t.deps, sam, { name: 'thanks', body: 'Thank you!' });
      const taken = await (await sam.agent.post('/canned', { name: 'THANKS', body: 'again' }, { htmx: true })).text();
      expect(taken).toContain('Du har allerede et svar med navnet THANKS.');
    });

    it('keeps a hostile reply and a hostile refused name escaped inside the translated page', async () => {
      const sam = await t.supporter('Sam');
      speaks(sam.agent, 'ru');
      addCannedReply(t.deps, sam, { name: 'x', body: `<script>alert(1)</script> "quoted" {visitor.name}` });
      const html = await (await sam.agent.get('/canned')).text();
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;');
      expect(html).not.toContain('<script>alert(1)');
      const bad = await (await sam.agent.post('/canned', { name: '"><script>alert(2)</script>', body: 'x' }, { htmx: true })).text();
      expect(bad).toContain('В названии можно использовать только латинские буквы');
      expect(bad).toContain('value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
      expect(bad).not.toContain('<script>alert(2)');
    });
  });

  describe('the "/" suggestions', () => {
    it('announce the count with the plural Russian needs, and keep a hostile visitor name escaped', async () => {
      const { ann } = await annHolds();
      speaks(ann.agent, 'ru');
      for (const name of ['a1', 'a2']) addCannedReply(t.deps, ann, { name, body: 'Hi {visitor.name}' });
      let html = await (await ann.agent.get('/desk/tickets/1/canned?q=a')).text();
      expect(html).toContain('aria-label="Готовые ответы"');
      expect(html).toContain('data-status="2 готовых ответа. Стрелки вверх и вниз — выбор, Enter — вставить, Escape — закрыть."');
      expect(html).toContain(`data-text="Hi ${HOSTILE_HTML}"`);
      expect(html).not.toContain('<img');
      for (const name of ['a3', 'a4', 'a5']) addCannedReply(t.deps, ann, { name, body: 'x', shared: 'on' });
      html = await (await ann.agent.get('/desk/tickets/1/canned?q=a')).text();
      expect(html).toContain('data-status="5 готовых ответов.');
      expect(html).toContain('<span class="canned-option__scope">общий</span>');
      html = await (await ann.agent.get('/desk/tickets/1/canned?q=a1')).text();
      expect(html).toContain('data-status="1 готовый ответ.');
    });
  });

  describe('the blocked-visitors page', () => {
    it('is in Russian and in Danish, with the blocked visitor escaped, and lifts a block with a Danish notice', async () => {
      const { ann } = await annHolds();
      expect((await ann.agent.post('/desk/tickets/1/block', { ip: '1', reason: '<b>spam</b>' }, { htmx: true })).status).toBe(204);

      const ru = await (await ann.agent.get('/admin/blocks', { 'Accept-Language': 'ru' })).text();
      expect(ru).toContain('<html lang="ru">');
      expect(ru).toContain('<h1>Заблокированные посетители</h1>');
      expect(ru).toContain('<th scope="col">Кто заблокировал</th>');
      expect(ru).toMatch(/ключ браузера <code>[A-Za-z0-9_-]{8}…<\/code> и IP-адрес 203\.0\.113\.7/);
      expect(ru).toContain('Разблокировать <span class="visually-hidden">');
      expect(ru).toContain(HOSTILE_HTML);
      expect(ru).toContain('&lt;b&gt;spam&lt;/b&gt;');
      for (const english of ['Blocked by', 'browser key', 'Unblock', 'Blocked visitors are not offered']) expect(ru).not.toContain(english);

      const da = await (await ann.agent.get('/admin/blocks', { 'Accept-Language': 'da-DK' })).text();
      expect(da).toContain('<h1>Blokerede besøgende</h1>');
      expect(da).toContain('browsernøgle <code>');
      expect(da).toContain('Ophæv blokering');

      speaks(ann.agent, 'da');
      const lifted = await (await ann.agent.post('/admin/blocks/1/delete')).text();
      expect(lifted).toContain(`${HOSTILE_HTML} kan starte en chat igen.`);
      expect(lifted).toContain('Ingen er blokeret.');
      const gone = await ann.agent.post('/admin/blocks/1/delete');
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain('Den blokering findes ikke (længere).');
    });
  });

  describe('hand-overs', () => {
    it('refuses a hand-over to an offline colleague in Danish to a Danish reader, and changes nothing', async () => {
      const { ann } = await annHolds('Vera');
      const bob = await t.supporter('Bob');
      speaks(ann.agent, 'da');
      const res = await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true });
      expect(res.status).toBe(409);
      expect(await res.text()).toBe('Bob er offline; vælg en, der er online.');
      expect(t.deps.db.prepare('SELECT count(*) FROM transfers').pluck().get()).toBe(0);
      // An English reader still reads the words it always had.
      speaks(ann.agent, 'en');
      expect(await (await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true })).text())
        .toBe('Bob is offline; choose someone who is online.');
    });

    it('shows the offer card in the colleague\'s language and the answer in the holder\'s, names escaped', async () => {
      const { ann } = await annHolds();
      const bob = await t.supporter('Bob');
      t.deps.db.prepare('UPDATE supporters SET online = 1').run();
      const annDesk = deskSaw(ann.id, 'ru');
      const bobDesk = deskSaw(bob.id, 'da');
      expect((await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true })).status).toBe(204);
      expect(bobDesk()).toContain(`<strong>Ann</strong> tilbyder dig henvendelsen fra <strong>${HOSTILE_HTML}</strong>.`);
      expect(bobDesk()).toContain(`Tag imod ${HOSTILE_HTML}</button>`);
      expect(bobDesk()).toContain('Afslå</button>');
      expect(bobDesk()).not.toContain('offers you');
      expect(annDesk()).toContain('Обращение предложено коллеге <strong>Bob</strong>; ждём ответа');

      speaks(bob.agent, 'da');
      const declined = await bob.agent.post('/desk/transfers/1/decline', {}, { htmx: true });
      expect(await declined.text()).toContain(`Du takkede nej til henvendelsen fra ${HOSTILE_HTML}.`);
      expect(annDesk()).toContain('Bob: предложение отклонено; обращение остаётся у вас.');
      expect(annDesk()).not.toContain('declined the ticket');
      expect(bobDesk()).not.toContain('<img');
    });

    it('heads a note for the next supporter in the language it was written in', async () => {
      const { ann } = await annHolds('Vera');
      speaks(ann.agent, 'ru');
      expect((await ann.agent.post('/desk/tickets/1/back-to-line', { note: 'Нужен возврат' }, { htmx: true })).status).toBe(204);
      expect(listMessages(t.deps.db, 1, { withNotes: true }).map((m) => m.body)).toContain('Заметка для следующего специалиста: Нужен возврат');
    });

    it('tells a Russian supervisor about a take-over in Russian, and lists the chats in progress in Russian', async () => {
      await annHolds('Vera');
      const carol = await t.supporter('Carol', 'supervisor');
      speaks(carol.agent, 'ru');
      const desk = await (await carol.agent.get('/desk')).text();
      expect(desk).toContain('Текущие чаты');
      expect(desk).toContain('<strong>Vera</strong> — отвечает Ann');
      expect(desk).toContain('Забрать себе: Vera</button>');
      const res = await carol.agent.post('/desk/tickets/1/take-over', {}, { htmx: true });
      expect(await res.text()).toContain('Вы забрали себе обращение: Vera.');
      const again = await carol.agent.post('/desk/tickets/1/take-over', {}, { htmx: true });
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('Это обращение уже у вас.');
    });
  });

  describe('the visitor details panel', () => {
    it('renders in Russian, with the words for the time-zone difference ready for the browser', async () => {
      await annHolds();
      const html = render('desk/_details', { ...visitorDetails(t.deps, ticketView(t.deps.db, 1)!), lang: 'ru' });
      for (const russian of ['<dt>Имя</dt>', '<dt>Браузер</dt><dd>Неизвестно</dd>', '<dt>Часовой пояс</dt>', 'Не на странице',
        'data-same="(совпадает с вашим)"', 'data-ahead="(опережает ваш на {amount})"', 'data-behind="(отстаёт от вашего на {amount})"',
        '<summary>Изменить комментарий</summary>', 'placeholder="Это видят только специалисты поддержки."',
        '<span class="muted">нет</span>', 'Заблокировать также IP-адрес (203.0.113.7)', '<summary>Заблокировать посетителя…</summary>']) {
        expect(html).toContain(russian);
      }
      expect(html).toContain(HOSTILE_HTML);
      expect(html).not.toContain('<img');
      for (const english of ['Browser', 'Unknown', 'Time zone', 'ahead of you', 'Edit comment', 'Block visitor', 'Not on the page']) {
        expect(html).not.toContain(english);
      }
    });

    it('says a refused edit in Danish beside the form, and Blocked in Danish once blocked', async () => {
      const { ann } = await annHolds();
      speaks(ann.agent, 'da');
      const res = await ann.agent.post('/desk/tickets/1/fields', { key_0: 'Plan', value_0: 'Gold', key_1: 'plan', value_1: 'x' }, { htmx: true });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('Feltnavnet &quot;plan&quot; er brugt to gange.');
      expect((await ann.agent.post('/desk/tickets/1/block', {}, { htmx: true })).status).toBe(204);
      const html = render('desk/_details', { ...visitorDetails(t.deps, ticketView(t.deps.db, 1)!), lang: 'da' });
      expect(html).toContain('<strong>Blokeret</strong> · vedkommende kan ikke starte en ny chat.');
    });
  });
});
