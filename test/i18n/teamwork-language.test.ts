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
import { t as say } from '../../src/i18n/index.ts';
import { literally, marked, shown, upTo } from '../helpers/texts.ts';
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
      expect(html).toContain(`<h1>${shown('ru', 'teamwork.canned.title')}</h1>`);
      expect(html).toContain(marked('ru', 'teamwork.canned.intro', { slash: '/' }, (slash) => `<kbd>${slash}</kbd>`));
      expect(html).toContain(shown('ru', 'teamwork.canned.mine'));
      expect(html).toContain(`<label for="new-name">${shown('ru', 'teamwork.canned.name')}</label>`);
      expect(html).toContain(`${shown('ru', 'teamwork.canned.addButton')}</button>`);
      expect(html).toContain(`<dd>${shown('ru', 'teamwork.placeholder.visitorName')}</dd>`);
      expect(html).toContain(`${shown('ru', 'teamwork.canned.save')}</button>`);
      for (const english of [shown('en', 'teamwork.canned.mine'), shown('en', 'teamwork.canned.addButton'), shown('en', 'teamwork.placeholder.visitorName'),
        shown('en', 'teamwork.canned.save'), shown('en', 'teamwork.canned.placeholders'), upTo(shown('en', 'teamwork.canned.intro'), 'slash').trim()]) {
        expect(html).not.toContain(english);
      }
    });

    it('is in Danish for a browser that prefers Danish, and so are its notices and refusals', async () => {
      const sam = await t.supporter('Sam');
      const html = await (await sam.agent.get('/canned?done=added', { 'Accept-Language': 'da-DK,da;q=0.9' })).text();
      expect(html).toContain('<html lang="da">');
      expect(html).toContain(`<h1>${shown('da', 'teamwork.canned.title')}</h1>`);
      expect(html).toContain(shown('da', 'teamwork.canned.added'));
      expect(html).toContain(shown('da', 'teamwork.canned.noneMine'));
      expect(html).not.toContain(shown('en', 'teamwork.canned.added'));
      expect(html).not.toContain(shown('en', 'teamwork.canned.mine'));

      speaks(sam.agent, 'da');
      const bad = await sam.agent.post('/canned', { name: '', body: 'x' }, { htmx: true });
      expect(bad.status).toBe(400);
      const refused = await bad.text();
      expect(refused).toContain(shown('da', 'teamwork.canned.fixFields'));
      expect(refused).toContain(shown('da', 'input.required', { label: say('da', 'teamwork.canned.name') }));
      expect(refused).not.toContain(shown('en', 'teamwork.canned.fixFields'));
      addCannedReply(t.deps, sam, { name: 'thanks', body: 'Thank you!' });
      const taken = await (await sam.agent.post('/canned', { name: 'THANKS', body: 'again' }, { htmx: true })).text();
      expect(taken).toContain(shown('da', 'teamwork.canned.nameTaken', { name: 'THANKS' }));
    });

    it('keeps a hostile reply and a hostile refused name escaped inside the translated page', async () => {
      const sam = await t.supporter('Sam');
      speaks(sam.agent, 'ru');
      addCannedReply(t.deps, sam, { name: 'x', body: `<script>alert(1)</script> "quoted" {visitor.name}` });
      const html = await (await sam.agent.get('/canned')).text();
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;');
      expect(html).not.toContain('<script>alert(1)');
      const bad = await (await sam.agent.post('/canned', { name: '"><script>alert(2)</script>', body: 'x' }, { htmx: true })).text();
      expect(bad).toContain(shown('ru', 'teamwork.canned.nameChars'));
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
      expect(html).toContain(`aria-label="${shown('ru', 'teamwork.canned.title')}"`);
      expect(html).toContain(`data-status="${shown('ru', 'teamwork.canned.count', { count: 2 })} ${shown('ru', 'teamwork.canned.keys')}"`);
      expect(html).toContain(`data-text="Hi ${HOSTILE_HTML}"`);
      expect(html).not.toContain('<img');
      for (const name of ['a3', 'a4', 'a5']) addCannedReply(t.deps, ann, { name, body: 'x', shared: 'on' });
      html = await (await ann.agent.get('/desk/tickets/1/canned?q=a')).text();
      expect(html).toContain(`data-status="${shown('ru', 'teamwork.canned.count', { count: 5 })}`);
      expect(html).toContain(`<span class="canned-option__scope">${shown('ru', 'teamwork.canned.sharedTag')}</span>`);
      html = await (await ann.agent.get('/desk/tickets/1/canned?q=a1')).text();
      expect(html).toContain(`data-status="${shown('ru', 'teamwork.canned.count', { count: 1 })}`);
      // Three different words for 1, 2 and 5 replies, as Russian counts.
      expect(new Set([1, 2, 5].map((count) => say('ru', 'teamwork.canned.count', { count }).replace(String(count), ''))).size).toBe(3);
    });
  });

  describe('the blocked-visitors page', () => {
    it('is in Russian and in Danish, with the blocked visitor escaped, and lifts a block with a Danish notice', async () => {
      const { ann } = await annHolds();
      expect((await ann.agent.post('/desk/tickets/1/block', { ip: '1', reason: '<b>spam</b>' }, { htmx: true })).status).toBe(204);

      const ru = await (await ann.agent.get('/admin/blocks', { 'Accept-Language': 'ru' })).text();
      expect(ru).toContain('<html lang="ru">');
      expect(ru).toContain(`<h1>${shown('ru', 'teamwork.blocks.title')}</h1>`);
      expect(ru).toContain(`<th scope="col">${shown('ru', 'teamwork.blocks.by')}</th>`);
      const keyAndIp = marked('ru', 'teamwork.blocks.keyAndIp', { key: '\u0000', ip: '203.0.113.7' }, (text, name) => (name === 'key' ? `<code>${text}</code>` : text));
      expect(ru).toMatch(new RegExp(literally(keyAndIp).replace('\u0000', '[A-Za-z0-9_-]{8}…')));
      expect(ru).toContain(`${shown('ru', 'teamwork.blocks.unblock')} <span class="visually-hidden">`);
      expect(ru).toContain(HOSTILE_HTML);
      expect(ru).toContain('&lt;b&gt;spam&lt;/b&gt;');
      for (const english of [shown('en', 'teamwork.blocks.by'), upTo(shown('en', 'teamwork.blocks.keyAndIp'), 'key').trim(), shown('en', 'teamwork.blocks.unblock'),
        shown('en', 'teamwork.blocks.intro')]) expect(ru).not.toContain(english);

      const da = await (await ann.agent.get('/admin/blocks', { 'Accept-Language': 'da-DK' })).text();
      expect(da).toContain(`<h1>${shown('da', 'teamwork.blocks.title')}</h1>`);
      expect(da).toContain(`${upTo(shown('da', 'teamwork.blocks.keyAndIp'), 'key')}<code>`);
      expect(da).toContain(shown('da', 'teamwork.blocks.unblock'));

      speaks(ann.agent, 'da');
      const lifted = await (await ann.agent.post('/admin/blocks/1/delete')).text();
      expect(lifted).toContain(shown('da', 'teamwork.blocks.lifted', { who: HOSTILE }));
      expect(lifted).toContain(HOSTILE_HTML);
      expect(lifted).toContain(shown('da', 'teamwork.blocks.empty'));
      const gone = await ann.agent.post('/admin/blocks/1/delete');
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain(shown('da', 'teamwork.blocks.noSuch'));
    });
  });

  describe('hand-overs', () => {
    it('refuses a hand-over to an offline colleague in Danish to a Danish reader, and changes nothing', async () => {
      const { ann } = await annHolds('Vera');
      const bob = await t.supporter('Bob');
      speaks(ann.agent, 'da');
      const res = await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true });
      expect(res.status).toBe(409);
      expect(await res.text()).toBe(shown('da', 'teamwork.colleagueOffline', { name: 'Bob' }));
      expect(t.deps.db.prepare('SELECT count(*) FROM transfers').pluck().get()).toBe(0);
      // An English reader still reads the words it always had.
      speaks(ann.agent, 'en');
      expect(await (await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true })).text())
        .toBe(shown('en', 'teamwork.colleagueOffline', { name: 'Bob' }));
    });

    it('shows the offer card in the colleague\'s language and the answer in the holder\'s, names escaped', async () => {
      const { ann } = await annHolds();
      const bob = await t.supporter('Bob');
      t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
      const annDesk = deskSaw(ann.id, 'ru');
      const bobDesk = deskSaw(bob.id, 'da');
      expect((await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true })).status).toBe(204);
      expect(bobDesk()).toContain(marked('da', 'teamwork.offer.text', { from: 'Ann', visitor: HOSTILE }));
      expect(bobDesk()).toContain(`<strong>${HOSTILE_HTML}</strong>`);
      expect(bobDesk()).toContain(`${shown('da', 'teamwork.offer.accept', { name: HOSTILE })}</button>`);
      expect(bobDesk()).toContain(`${shown('da', 'teamwork.offer.decline')}</button>`);
      expect(bobDesk()).not.toContain(say('en', 'teamwork.offer.text').split('{from}')[1]!.split('{visitor}')[0]!.trim());
      expect(annDesk()).toContain(marked('ru', 'teamwork.handover.pending', { name: 'Bob' }));

      speaks(bob.agent, 'da');
      const declined = await bob.agent.post('/desk/transfers/1/decline', {}, { htmx: true });
      expect(await declined.text()).toContain(shown('da', 'teamwork.offer.declinedIt', { name: HOSTILE }));
      expect(annDesk()).toContain(shown('ru', 'teamwork.handover.declined', { name: 'Bob' }));
      expect(annDesk()).not.toContain(shown('en', 'teamwork.handover.declined', { name: 'Bob' }));
      expect(bobDesk()).not.toContain('<img');
    });

    it('heads a note for the next supporter in the language it was written in', async () => {
      const { ann } = await annHolds('Vera');
      speaks(ann.agent, 'ru');
      expect((await ann.agent.post('/desk/tickets/1/back-to-line', { note: 'Нужен возврат' }, { htmx: true })).status).toBe(204);
      expect(listMessages(t.deps.db, 1, { withNotes: true }).map((m) => m.body)).toContain(say('ru', 'teamwork.note.nextSupporter', { note: 'Нужен возврат' }));
    });

    it('tells a Russian supervisor about a take-over in Russian, and lists the chats in progress in Russian', async () => {
      await annHolds('Vera');
      const carol = await t.supporter('Carol', 'supervisor');
      speaks(carol.agent, 'ru');
      const desk = await (await carol.agent.get('/desk')).text();
      expect(desk).toContain(shown('ru', 'teamwork.chats.heading'));
      expect(desk).toContain(marked('ru', 'teamwork.chats.with', { visitor: 'Vera', supporter: 'Ann' }, (text, name) => (name === 'visitor' ? `<strong>${text}</strong>` : text)));
      expect(desk).toContain(`${shown('ru', 'teamwork.chats.takeOver', { name: 'Vera' })}</button>`);
      const res = await carol.agent.post('/desk/tickets/1/take-over', {}, { htmx: true });
      expect(await res.text()).toContain(shown('ru', 'teamwork.tookOver', { name: 'Vera' }));
      const again = await carol.agent.post('/desk/tickets/1/take-over', {}, { htmx: true });
      expect(again.status).toBe(409);
      expect(await again.text()).toContain(shown('ru', 'teamwork.alreadyHeld'));
    });
  });

  describe('the visitor details panel', () => {
    it('renders in Russian, with the words for the time-zone difference ready for the browser', async () => {
      await annHolds();
      const html = render('desk/_details', { ...visitorDetails(t.deps, ticketView(t.deps.db, 1)!), lang: 'ru' });
      const ru = (key: Parameters<typeof shown>[1], params?: Parameters<typeof shown>[2]) => shown('ru', key, params);
      for (const russian of [`<dt>${ru('field.name')}</dt>`, `<dt>${ru('teamwork.details.browser')}</dt><dd>${ru('teamwork.details.unknown')}</dd>`,
        `<dt>${ru('teamwork.details.timezone')}</dt>`, ru('teamwork.details.offline'),
        `data-same="${ru('teamwork.zone.same')}"`, `data-ahead="${ru('teamwork.zone.ahead')}"`, `data-behind="${ru('teamwork.zone.behind')}"`,
        `<summary>${ru('teamwork.details.editComment')}</summary>`, `placeholder="${ru('teamwork.details.commentHint')}"`,
        `<span class="muted">${ru('teamwork.details.none')}</span>`, ru('teamwork.details.blockIp', { ip: '203.0.113.7' }), `<summary>${ru('teamwork.details.block')}</summary>`]) {
        expect(html).toContain(russian);
      }
      expect(ru('teamwork.zone.ahead')).toContain('{amount}');
      expect(html).toContain(HOSTILE_HTML);
      expect(html).not.toContain('<img');
      for (const english of [shown('en', 'teamwork.details.browser'), shown('en', 'teamwork.details.unknown'), shown('en', 'teamwork.details.timezone'),
        shown('en', 'teamwork.zone.ahead').split('{amount}')[1]!.replace(')', '').trim(), shown('en', 'teamwork.details.editComment'),
        shown('en', 'teamwork.details.blockButton'), shown('en', 'teamwork.details.offline')]) {
        expect(html).not.toContain(english);
      }
    });

    it('says a refused edit in Danish beside the form, and Blocked in Danish once blocked', async () => {
      const { ann } = await annHolds();
      speaks(ann.agent, 'da');
      const res = await ann.agent.post('/desk/tickets/1/fields', { key_0: 'Plan', value_0: 'Gold', key_1: 'plan', value_1: 'x' }, { htmx: true });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(shown('da', 'teamwork.details.fieldTwice', { name: 'plan' }));
      expect((await ann.agent.post('/desk/tickets/1/block', {}, { htmx: true })).status).toBe(204);
      const html = render('desk/_details', { ...visitorDetails(t.deps, ticketView(t.deps.db, 1)!), lang: 'da' });
      expect(html).toContain(marked('da', 'teamwork.details.blocked', { blocked: say('da', 'teamwork.details.blockedWord') }));
    });
  });
});
