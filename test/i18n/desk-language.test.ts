import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { forReader, storeText } from '../../src/chat/system-lines.ts';
import { deskRenderer } from '../../src/desk/feed.ts';
import { t as say, Text, type Lang } from '../../src/i18n/index.ts';
import { render } from '../../src/lib/render.ts';
import { eventsSince, latestEventId } from '../../src/realtime/events.ts';
import { Whispers } from '../../src/realtime/whispers.ts';
import type { Role } from '../../src/supporters/schema.ts';
import { makeTestApp } from '../helpers/app.ts';
import { readStream } from '../helpers/sse.ts';

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
    expect(html).toContain('<title>Рабочее место · Lineup</title>');
    for (const words of ['Очередь', 'ждут: 1', 'Взять', 'Команда', 'Чат команды', 'Ваш статус', 'Оповещения', 'Сочетания клавиш',
      'Следующая / предыдущая вкладка, сразу к вводу', 'Открытых обращений нет. Возьмите обращение из очереди.', 'ждёт 0 мин']) {
      expect(html).toContain(words);
    }
    // The words the page scripts write (title counts, notifications, waiting times) come with the page.
    expect(html).toContain('&quot;tabs.titleWrote&quot;:&quot;({count}) Новое сообщение: {name}…&quot;');
    expect(html).toContain('&quot;line.waitingJustNow&quot;:&quot;ждёт меньше минуты&quot;');
    for (const english of ['The line', '1 waiting', '>Claim<', 'Keyboard shortcuts', 'Team chat', 'Your status', 'Play a sound', 'wrote…']) {
      expect(html).not.toContain(english);
    }
  });

  it('follows the lineup_lang cookie over Accept-Language: Danish', async () => {
    const sam = await t.supporter('Sam');
    sam.agent.cookies.set('lineup_lang', 'da');
    const html = await (await sam.agent.get('/desk', { 'Accept-Language': 'ru' })).text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Køen');
    expect(html).toContain('Tastaturgenveje');
    expect(html).toContain('<kbd>Skift</kbd>+<kbd>Enter</kbd>');
    expect(html).toContain('<option value="available" selected>Ledig</option>');
    expect(html).not.toContain('Очередь');
    expect(html).not.toContain('The line');
  });

  it('keeps the English desk exactly as it was for a browser that asks for none of the three', async () => {
    const sam = await t.supporter('Sam');
    await visitor('Vera');
    const html = await (await sam.agent.get('/desk', { 'Accept-Language': 'de-DE' })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('The line <span id="line-count" class="count">1 waiting</span>');
    expect(html).toContain('<dt><kbd>Alt</kbd>+<kbd>J</kbd> / <kbd>Alt</kbd>+<kbd>K</kbd></dt><dd>Next / previous tab, ready to write</dd>');
    expect(html).toMatch(/Arrived <time datetime="[^"]+">\d\d:\d\d<\/time> ·/);
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
    expect(en).toContain('>Claim</button>');
    expect(en).toContain('1 waiting');
    expect(ru).toContain('>Взять</button>');
    expect(ru).toContain('ждут: 1');
    expect(ru).not.toContain('Claim');
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
    expect(pushed[0]).toContain('Взять');
    expect(pushed[1]).toContain('Claim');
    expect(pushed[3]).toContain('>Tag</button>');
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
    expect(text).toContain('Это обращение уже взято в работу (Sam).');
    expect(text).not.toContain('claimed this ticket first');
  });

  it('tells the winner in their language, the visitor\'s name escaped', async () => {
    const sam = await t.supporter('Sam');
    await visitor('<img src=x onerror=alert(1)>');
    sam.agent.cookies.set('lineup_lang', 'da');
    const won = await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(await won.text()).toBe('<p class="notice notice--ok" data-open-ticket="1">Du har taget henvendelsen fra &lt;img src=x onerror=alert(1)&gt;.</p>');
  });

  it('says status, alert and team-chat refusals in the supporter\'s language', async () => {
    const sam = await t.supporter('Sam');
    sam.agent.cookies.set('lineup_lang', 'da');
    const status = await sam.agent.post('/desk/status', { status: 'asleep', message: '' }, { htmx: true });
    expect(status.status).toBe(400);
    const form = await status.text();
    expect(form).toContain('Vælg ledig eller væk.');
    expect(form).toContain('Gem status');
    expect(await (await sam.agent.post('/desk/alerts', { newTickets: '1' }, { htmx: true })).text()).toBe('Du får besked, når nogen stiller sig i køen.');
    expect(await (await sam.agent.post('/desk/team/messages', { body: ' ' }, { htmx: true })).text()).toBe('Skriv en besked først.');
  });

  it("shows Lineup's lines on the desk in the supporter's language, while the visitor keeps the ticket's", async () => {
    const sam = await t.supporter('Sam');
    const vera = await visitor('Vera <i>x</i>', 'da');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    await vera.agent.post(`${vera.page}/away`, {}, { htmx: true });
    // Stored as the visitor read them, in Danish.
    expect(listMessages(t.deps.db, 1).filter((m) => m.author === 'system').map((m) => m.body))
      .toEqual(['Sam deltager nu i chatten.', 'Vera <i>x</i> er gået fra.']);
    const english = await (await sam.agent.get('/desk', { 'Accept-Language': 'en' })).text();
    expect(english).toContain('Sam joined the chat.');
    expect(english).toContain('Vera &lt;i&gt;x&lt;/i&gt; stepped away.');
    expect(english).not.toContain('deltager');
    // Live, a Russian desk reads the same lines in Russian.
    expect(deskShows(sam.id, 'ru')).toContain('Vera &lt;i&gt;x&lt;/i&gt; отходит.');
    expect(deskShows(sam.id, 'en')).toContain('Vera &lt;i&gt;x&lt;/i&gt; stepped away.');
    const page = await (await vera.agent.get(vera.page)).text();
    expect(page).toContain('Sam deltager nu i chatten.');
    expect(page).not.toContain('Sam joined the chat.');
  });

  it('keeps a line as its key and values, a nested text too, and shows a line stored without them as it was', () => {
    const meeting = new Text('system.meeting', { name: new Text('system.yourSupporter'), url: 'https://m.example/x' });
    const stored = storeText(meeting);
    expect(forReader({ author: 'system', body: 'whatever', systemText: stored }, 'en').body)
      .toBe('Your supporter opened a video meeting for this conversation: https://m.example/x');
    expect(forReader({ author: 'system', body: 'whatever', systemText: stored }, 'da').body)
      .toBe('Din supporter har åbnet et videomøde for denne samtale: https://m.example/x');
    // A name that looks like a placeholder or another line is only ever a name.
    const joined = storeText(new Text('system.joined', { name: '{name} left the chat.' }));
    expect(forReader({ author: 'system', body: '', systemText: joined }, 'da').body).toBe('{name} left the chat. deltager nu i chatten.');
    // Older lines, unknown keys and broken JSON are shown as stored; other authors never change.
    for (const systemText of [null, '{"key":"system.nothing","params":{}}', '{not json', '"x"']) {
      expect(forReader({ author: 'system', body: 'Something Lineup said long ago.', systemText }, 'ru').body).toBe('Something Lineup said long ago.');
    }
    expect(forReader({ author: 'visitor', body: 'Sam joined the chat.', systemText: joined }, 'da').body).toBe('Sam joined the chat.');
  });

  it("tells a supporter whose ticket was taken over, in their language, and opens it on the supervisor's desk in theirs", async () => {
    const ann = await t.supporter('Ann');
    const carol = await t.supporter('Carol', 'supervisor');
    t.deps.db.prepare('UPDATE supporters SET online = 1').run();
    await visitor('Vera');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    const before = latestEventId(t.deps.db);
    expect((await carol.agent.post('/desk/tickets/1/take-over', {}, { htmx: true })).status).toBe(200);
    expect(deskShows(ann.id, 'ru', 'supporter', before)).toContain('Carol забирает себе обращение: Vera.');
    expect(deskShows(ann.id, 'en', 'supporter', before)).toContain('Carol took over Vera&#39;s ticket.');
    const carolRu = deskShows(carol.id, 'ru', 'supervisor', before);
    expect(carolRu).toContain('Carol принимает разговор. Прежний собеседник: Ann.');
    expect(carolRu).not.toContain('took over the conversation');
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
    const ru = await readStream(russian, 2000, 'печатает');
    const en = await readStream(english, 2000, 'is typing');
    expect(ru).toContain('Vera печатает…');
    expect(en).toContain('Vera is typing…');
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
    expect(got.sort()).toEqual(['Vera is typing…', 'Vera печатает…', 'Vera печатает…', 'Vera печатает…']);
  });
});
