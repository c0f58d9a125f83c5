import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRenderer } from '../../src/desk/feed.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { listTeamMessages, TEAM_LOG_SHOWN, TEAM_MESSAGE_MAX } from '../../src/team/chat.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('team chat', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('reaches every desk live, as text, and is on the desk after a reload', async () => {
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    const desks: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: ['desks'], deliver: (e) => desks.push(e) });
    const res = await ann.agent.post('/desk/team/messages', { body: 'Who knows <b>billing</b>?' }, { htmx: true });
    expect(res.status).toBe(204);
    const render = deskRenderer(t.deps, bob.id);
    const pushed = desks.map((e) => render(e)?.html).join('');
    expect(pushed).toContain('hx-target="#team-log" hx-swap="beforeend"');
    expect(pushed).toContain('Who knows &lt;b&gt;billing&lt;/b&gt;?');
    expect(pushed).toContain('Ann');
    const page = await (await bob.agent.get('/desk')).text();
    expect(page).toContain('Who knows &lt;b&gt;billing&lt;/b&gt;?');
  });

  it('never reaches a visitor page or the intake page', async () => {
    const ann = await t.supporter('Ann');
    const visitor = t.agent();
    await visitor.join('Vera', 'Help');
    const elsewhere: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: ['team'], ticketId: 1, deliver: (e) => elsewhere.push(e) });
    await ann.agent.post('/desk/team/messages', { body: 'internal only' }, { htmx: true });
    expect(elsewhere.filter((e) => e.type === 'team.message')).toEqual([]);
  });

  it('refuses empty and oversized messages, visitors and forged forms, and stores nothing', async () => {
    const ann = await t.supporter('Ann');
    expect((await ann.agent.post('/desk/team/messages', { body: '   ' }, { htmx: true })).status).toBe(400);
    const long = await ann.agent.post('/desk/team/messages', { body: 'x'.repeat(TEAM_MESSAGE_MAX + 1) }, { htmx: true });
    expect([long.status, await long.text()]).toEqual([400, `A team message can be at most ${TEAM_MESSAGE_MAX} characters.`]);
    expect((await t.agent().post('/desk/team/messages', { body: 'I am a visitor' }, { htmx: true })).status).toBe(401);
    expect((await ann.agent.post('/desk/team/messages', { body: 'forged' }, { htmx: true, csrf: 'wrong' })).status).toBe(403);
    expect(listTeamMessages(t.deps.db)).toEqual([]);
  });

  it('stores a form sent twice once, and shows only the newest lines', async () => {
    const ann = await t.supporter('Ann');
    const nonce = 'n0nce-n0nce-n0nce-1';
    for (let i = 0; i < 2; i++) await ann.agent.post('/desk/team/messages', { body: 'once', nonce }, { htmx: true });
    expect(listTeamMessages(t.deps.db).map((m) => m.body)).toEqual(['once']);
    for (let i = 0; i < TEAM_LOG_SHOWN + 5; i++) await ann.agent.post('/desk/team/messages', { body: `line ${i}` }, { htmx: true });
    const shown = listTeamMessages(t.deps.db);
    expect(shown).toHaveLength(TEAM_LOG_SHOWN);
    expect(shown.at(-1)!.body).toBe(`line ${TEAM_LOG_SHOWN + 4}`);
  });
});
