import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { forReader, storeText } from '../../src/chat/system-lines.ts';
import { deskRenderer } from '../../src/desk/feed.ts';
import { t as say, Text, type Lang } from '../../src/i18n/index.ts';
import { escapeHtml, render } from '../../src/lib/render.ts';
import { eventsSince, latestEventId } from '../../src/realtime/events.ts';
import { Whispers } from '../../src/realtime/whispers.ts';
import type { Role } from '../../src/supporters/schema.ts';
import { makeTestApp } from '../helpers/app.ts';
import { readStream } from '../helpers/sse.ts';
import { shown } from '../helpers/texts.ts';

// Every render goes through the real one; the spy only counts what is rendered.
vi.mock('../../src/lib/render.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/lib/render.ts')>();
  return { ...real, render: vi.fn(real.render) };
});
const rendered = (view: string) => vi.mocked(render).mock.calls.filter(([name]) => name === view).length;

type TestApp = ReturnType<typeof makeTestApp>;

describe('the desk in the supporter\'s language', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** A visitor in the line, reading `lang`; returns their page. */
  async function visitor(name: string, lang: Lang = 'en') {
    const agent = t.agent();
    agent.cookies.set('lineup_lang', lang);
    return { agent, page: await agent.join(name, 'My invoice is wrong') };
  }
  /** What one desk shows for every event after `after` that reaches it (what its stream would replay). */
  const deskShows = (supporterId: number, lang: Lang, role: Role = 'supporter', after = 0) => {
    const render = deskRenderer(t.deps, supporterId, role, lang);
    return eventsSince(t.deps.db, { topics: ['line', 'team', 'desks'], supporterId }, after, latestEventId(t.deps.db))
      .map((e) => render(e)?.html).join('');
  };

  it('shows the desk in Russian to a browser that prefers Russian, and none of its English', async () => {
    const sam = await t.supporter('Sam');
    await visitor('Vera');
    const html = await (await sam.agent.get('/desk', { 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.8' })).text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain(`<title>${shown('ru', 'desk.title')} · Lineup</title>`);
    for (const words of [shown('ru', 'desk.line.heading'), shown('ru', 'desk.line.waiting', { count: 1 }), shown('ru', 'desk.line.claim'),
      shown('ru', 'desk.team.heading'), shown('ru', 'desk.teamChat.heading'), shown('ru', 'desk.me.heading'), shown('ru', 'desk.alerts.heading'),
      shown('ru', 'desk.keys.heading'), shown('ru', 'desk.keys.tabs'), shown('ru', 'desk.tabs.empty'), shown('ru', 'desk.line.waitingMinutes', { minutes: 0 })]) {
      expect(html).toContain(words);
    }
    // The words the page scripts write (title counts, notifications, waiting times) come with the page.
    const scriptText = (key: 'tabs.titleWrote' | 'line.waitingJustNow') => escapeHtml(`"${key}":${JSON.stringify(say('ru', `desk.${key}`))}`);
    expect(html).toContain(scriptText('tabs.titleWrote'));
    expect(scriptText('tabs.titleWrote')).toContain('({count})');
    expect(scriptText('tabs.titleWrote')).toContain('{name}');
    expect(html).toContain(scriptText('line.waitingJustNow'));
    for (const english of [shown('en', 'desk.line.heading'), shown('en', 'desk.line.waiting', { count: 1 }), `>${shown('en', 'desk.line.claim')}<`,
      shown('en', 'desk.keys.heading'), shown('en', 'desk.teamChat.heading'), shown('en', 'desk.me.heading'), shown('en', 'desk.alerts.sound'),
      shown('en', 'desk.tabs.titleWrote').split('{name}')[1]!.trim()]) {
      expect(html).not.toContain(english);
    }
  });

  it('follows the lineup_lang cookie over Accept-Language: Danish', async () => {
    const sam = await t.supporter('Sam');
    sam.agent.cookies.set('lineup_lang', 'da');
    const html = await (await sam.agent.get('/desk', { 'Accept-Language': 'ru' })).text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain(shown('da', 'desk.line.heading'));
    expect(html).toContain(shown('da', 'desk.keys.heading'));
    expect(html).toContain(`<kbd>${shown('da', 'desk.keys.shift')}</kbd>+<kbd>${shown('da', 'desk.keys.enter')}</kbd>`);
    expect(html).toContain(`<option value="available" selected>${shown('da', 'desk.team.available')}</option>`);
    expect(html).not.toContain(shown('ru', 'desk.line.heading'));
    expect(html).not.toContain(shown('en', 'desk.line.heading'));
  });

  it('keeps the English desk exactly as it was for a browser that asks for none of the three', async () => {
    const sam = await t.supporter('Sam');
    await visitor('Vera');
    const html = await (await sam.agent.get('/desk', { 'Accept-Language': 'de-DE' })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`${shown('en', 'desk.line.heading')} <span id="line-count" class="count">${shown('en', 'desk.line.waiting', { count: 1 })}</span>`);
    const alt = shown('en', 'desk.keys.alt');
    expect(html).toContain(`<dt><kbd>${alt}</kbd>+<kbd>J</kbd> / <kbd>${alt}</kbd>+<kbd>K</kbd></dt><dd>${shown('en', 'desk.keys.tabs')}</dd>`);
    expect(html).toContain(`>${shown('en', 'desk.line.waitingMinutes', { minutes: 0 })}</span>`);
    expect(html).toContain(`>${shown('en', 'desk.line.claimNext')}</button>`);
  });

  it('pushes one event to a Russian desk and an English desk, each in its own language, over their streams', async () => {
    const ann = await t.supporter('Ann');
    const boris = await t.supporter('Boris');
    const english = await ann.agent.get('/desk/stream', { 'Accept-Language': 'en' });
    const russian = await boris.agent.get('/desk/stream', { 'Accept-Language': 'ru' });
    // What the streams open with (a snapshot of an empty line) is not what this is about.
    await Promise.all([readStream(english, 300), readStream(russian, 300)]);
    await visitor('<b>Vera</b> & Co');
    const [en, ru] = await Promise.all([readStream(english, 2000, 'line-count'), readStream(russian, 2000, 'line-count')]);
    expect(en).toContain(`>${shown('en', 'desk.line.claim')}</button>`);
    expect(en).toContain(shown('en', 'desk.line.waiting', { count: 1 }));
    expect(ru).toContain(`>${shown('ru', 'desk.line.claim')}</button>`);
    expect(ru).toContain(shown('ru', 'desk.line.waiting', { count: 1 }));
    expect(ru).not.toContain(shown('en', 'desk.line.claim'));
    // The visitor's name is text in either language.
    for (const seen of [en, ru]) {
      expect(seen).toContain('&lt;b&gt;Vera&lt;/b&gt; &amp; Co');
      expect(seen).not.toContain('<b>Vera</b>');
    }
    await english.body!.cancel();
    await russian.body!.cancel();
  });

  it('renders what all desks share once per event and language, not once per desk', async () => {
    const desks = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((name) => t.supporter(name)));
    await visitor('Vera');
    const joined = eventsSince(t.deps.db, { topics: ['line'] }, 0, latestEventId(t.deps.db)).find((e) => e.type === 'ticket.joined')!;
    vi.mocked(render).mockClear();
    const langs: Lang[] = ['ru', 'en', 'ru', 'da', 'ru'];
    const pushed = desks.map((d, i) => deskRenderer(t.deps, d.id, 'supporter', langs[i])(joined)!.html);
    expect(rendered('desk/_line_row')).toBe(3);
    expect(rendered('desk/_line_count')).toBe(3);
    expect(pushed[0]).toBe(pushed[2]);
    expect(pushed[0]).toBe(pushed[4]);
    expect(pushed[0]).toContain(shown('ru', 'desk.line.claim'));
    expect(pushed[1]).toContain(shown('en', 'desk.line.claim'));
    expect(pushed[3]).toContain(`>${shown('da', 'desk.line.claim')}</button>`);
  });

  it("answers a claim someone else won in the loser's language", async () => {
    const sam = await t.supporter('Sam');
    const olga = await t.supporter('Olga');
    await visitor('Vera');
    expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    olga.agent.cookies.set('lineup_lang', 'ru');
    const lost = await olga.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(lost.status).toBe(409);
    const text = await lost.text();
    expect(text).toContain(shown('ru', 'desk.claimedFirst', { name: 'Sam' }));
    expect(text).not.toContain(shown('en', 'desk.claimedFirst', { name: 'Sam' }));
  });

  it('tells the winner in their language, the visitor\'s name escaped', async () => {
    const sam = await t.supporter('Sam');
    await visitor('<img src=x onerror=alert(1)>');
    sam.agent.cookies.set('lineup_lang', 'da');
    const won = await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(await won.text()).toBe(`<p class="notice notice--ok" data-open-ticket="1">${shown('da', 'desk.line.claimed', { name: '<img src=x onerror=alert(1)>' })}</p>`);
    expect(shown('da', 'desk.line.claimed', { name: '<img src=x onerror=alert(1)>' })).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('says status, alert and team-chat refusals in the supporter\'s language', async () => {
    const sam = await t.supporter('Sam');
    sam.agent.cookies.set('lineup_lang', 'da');
    const status = await sam.agent.post('/desk/status', { status: 'asleep', message: '' }, { htmx: true });
    expect(status.status).toBe(400);
    const form = await status.text();
    expect(form).toContain(shown('da', 'desk.chooseStatus'));
    expect(form).toContain(shown('da', 'desk.me.save'));
    expect(await (await sam.agent.post('/desk/alerts', { newTickets: '1' }, { htmx: true })).text()).toBe(shown('da', 'desk.alerts.on'));
    expect(await (await sam.agent.post('/desk/team/messages', { body: ' ' }, { htmx: true })).text()).toBe(shown('da', 'message.empty'));
  });

  it("shows Lineup's lines on the desk in the supporter's language, while the visitor keeps the ticket's", async () => {
    const sam = await t.supporter('Sam');
    const vera = await visitor('Vera <i>x</i>', 'da');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    await vera.agent.post(`${vera.page}/away`, {}, { htmx: true });
    // Stored as the visitor read them, in Danish.
    expect(listMessages(t.deps.db, 1).filter((m) => m.author === 'system').map((m) => m.body))
      .toEqual([say('da', 'system.joined', { name: 'Sam' }), say('da', 'system.steppedAway', { name: 'Vera <i>x</i>' })]);
    const english = await (await sam.agent.get('/desk', { 'Accept-Language': 'en' })).text();
    expect(english).toContain(shown('en', 'system.joined', { name: 'Sam' }));
    expect(english).toContain(shown('en', 'system.steppedAway', { name: 'Vera <i>x</i>' }));
    expect(english).toContain('Vera &lt;i&gt;x&lt;/i&gt;');
    expect(english).not.toContain(shown('da', 'system.joined', { name: 'Sam' }));
    // Live, a Russian desk reads the same lines in Russian.
    expect(deskShows(sam.id, 'ru')).toContain(shown('ru', 'system.steppedAway', { name: 'Vera <i>x</i>' }));
    expect(deskShows(sam.id, 'en')).toContain(shown('en', 'system.steppedAway', { name: 'Vera <i>x</i>' }));
    const page = await (await vera.agent.get(vera.page)).text();
    expect(page).toContain(shown('da', 'system.joined', { name: 'Sam' }));
    expect(page).not.toContain(shown('en', 'system.joined', { name: 'Sam' }));
  });

  it('keeps a line as its key and values, a nested text too, and shows a line stored without them as it was', () => {
    const meeting = new Text('system.meeting', { name: new Text('system.yourSupporter'), url: 'https://m.example/x' });
    const stored = storeText(meeting);
    expect(stored).toBe('{"key":"system.meeting","params":{"name":{"key":"system.yourSupporter","params":{}},"url":"https://m.example/x"}}');
    for (const lang of ['en', 'da'] as const) {
      expect(forReader({ author: 'system', body: 'whatever', systemText: stored }, lang).body)
        .toBe(say(lang, 'system.meeting', { name: say(lang, 'system.yourSupporter'), url: 'https://m.example/x' }));
    }
    // A name that looks like a placeholder or another line is only ever a name.
    const joined = storeText(new Text('system.joined', { name: '{name} left the chat.' }));
    expect(forReader({ author: 'system', body: '', systemText: joined }, 'da').body)
      .toBe(say('da', 'system.joined').replace('{name}', '{name} left the chat.'));
    // Older lines, unknown keys and broken JSON are shown as stored; other authors never change.
    for (const systemText of [null, '{"key":"system.nothing","params":{}}', '{not json', '"x"']) {
      expect(forReader({ author: 'system', body: 'Something Lineup said long ago.', systemText }, 'ru').body).toBe('Something Lineup said long ago.');
    }
    expect(forReader({ author: 'visitor', body: 'Sam joined the chat.', systemText: joined }, 'da').body).toBe('Sam joined the chat.');
  });

  it("tells a supporter whose ticket was taken over, in their language, and opens it on the supervisor's desk in theirs", async () => {
    const ann = await t.supporter('Ann');
    const carol = await t.supporter('Carol', 'supervisor');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    await visitor('Vera');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    const before = latestEventId(t.deps.db);
    expect((await carol.agent.post('/desk/tickets/1/take-over', {}, { htmx: true })).status).toBe(200);
    expect(deskShows(ann.id, 'ru', 'supporter', before)).toContain(shown('ru', 'desk.tabs.takenOver', { name: 'Carol', visitor: 'Vera' }));
    expect(deskShows(ann.id, 'en', 'supporter', before)).toContain(shown('en', 'desk.tabs.takenOver', { name: 'Carol', visitor: 'Vera' }));
    const carolRu = deskShows(carol.id, 'ru', 'supervisor', before);
    expect(carolRu).toContain(shown('ru', 'system.tookOver', { name: 'Carol', from: 'Ann' }));
    expect(carolRu).not.toContain(shown('en', 'system.tookOver', { name: 'Carol', from: 'Ann' }));
  });

  it("shows the visitor typing on each desk in that desk's language, made once per language", async () => {
    const ann = await t.supporter('Ann');
    const vera = await visitor('Vera');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    const russian = await ann.agent.get('/desk/stream', { 'Accept-Language': 'ru' });
    const english = await ann.agent.get('/desk/stream', { 'Accept-Language': 'en' });
    await readStream(russian, 300);
    await readStream(english, 300);
    vi.mocked(render).mockClear();
    expect((await vera.agent.post(`${vera.page}/typing`, {}, { htmx: true })).status).toBe(204);
    const ru = await readStream(russian, 2000, say('ru', 'typing.line', { name: 'Vera' }));
    const en = await readStream(english, 2000, say('en', 'typing.line', { name: 'Vera' }));
    expect(ru).toContain(shown('ru', 'typing.line', { name: 'Vera' }));
    expect(en).toContain(shown('en', 'typing.line', { name: 'Vera' }));
    expect(rendered('chat/_typing')).toBe(2);
    await russian.body!.cancel();
    await english.body!.cancel();
  });

  it('whispers made per language are made once for each, whoever listens', () => {
    const whispers = new Whispers();
    const got: string[] = [];
    for (const lang of ['ru', 'en', 'ru', 'ru'] as Lang[]) whispers.join('desk:1', (html) => got.push(html), lang);
    const made: Lang[] = [];
    whispers.send('desk:1', (lang) => { made.push(lang); return say(lang, 'typing.line', { name: 'Vera' }); });
    expect(made.sort()).toEqual(['en', 'ru']);
    const [en, ru] = [say('en', 'typing.line', { name: 'Vera' }), say('ru', 'typing.line', { name: 'Vera' })];
    expect(got.sort()).toEqual([en, ru, ru, ru].sort());
  });
});
