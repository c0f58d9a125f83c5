import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { deskRenderer, deskSnapshot } from '../../src/desk/feed.ts';
import { deskScope } from '../../src/groups/members.ts';
import { placeInLine, ticketById } from '../../src/line/tickets.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

/**
 * A team of two groups: First line (Ann, Bob) and Second line, transfer only (Carol), with Sam
 * the supervisor in none. Everyone is on their desk.
 */
describe('lines per group', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  async function team(secondPlace: 'arrival' | 'front' = 'arrival') {
    const admin = await t.supporter('Adam', 'admin');
    expect((await admin.agent.post('/admin/groups', { name_en: 'Second line', name_ru: 'Вторая линия', kind: 'transfer', transfer_place: secondPlace })).status).toBe(303);
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    const carol = await t.supporter('Carol');
    const sam = await t.supporter('Sam', 'supervisor');
    expect((await admin.agent.post('/admin/groups/2/members', { [`member_${carol.id}`]: 'on' })).status).toBe(200);
    expect((await admin.agent.post('/admin/groups/1/members', { [`member_${ann.id}`]: 'on', [`member_${bob.id}`]: 'on' })).status).toBe(200);
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    return { admin, ann, bob, carol, sam };
  }

  /** What a desk shows after a reset, and what it would be pushed live from here on. */
  function desk(id: number) {
    const me = getSupporter(t.deps.db, id)!;
    const render = deskRenderer(t.deps, me.id, me.role, 'en', deskScope(t.deps.db, me));
    const seen: string[] = [];
    t.deps.hub.subscribe({ topics: ['line', 'team', 'desks'], supporterId: me.id, deliver: (e) => seen.push(render(e)?.html ?? '') });
    return { snapshot: () => deskSnapshot(t.deps, { ...me, sessionId: 0 } as never, 'en'), pushed: () => seen.join('') };
  }

  it("shows each desk the lines of its supporter's groups, and supervisors every line", async () => {
    const { ann, carol, sam } = await team();
    const annDesk = desk(ann.id);
    const carolDesk = desk(carol.id);
    const samDesk = desk(sam.id);
    await t.agent().join('Vera', 'The invoice total is wrong');
    expect(annDesk.pushed()).toContain('Vera');
    expect(samDesk.pushed()).toContain('Vera');
    expect(carolDesk.pushed()).not.toContain('Vera');
    expect(annDesk.snapshot()).toContain('id="line-1"');
    expect(carolDesk.snapshot()).not.toContain('id="line-1"');
    expect(samDesk.snapshot()).toContain('id="line-1"');
    // A line mixing several groups names each row's group; a desk of one group's line does not.
    expect(samDesk.pushed()).toContain('<span class="badge line-row__group">First line</span>');
    expect(samDesk.snapshot()).toContain('<span class="badge line-row__group">First line</span>');
    expect(annDesk.pushed()).not.toContain('line-row__group');
    // A line mixing groups can be narrowed to one; each row says whose line it is in.
    expect(samDesk.snapshot()).toContain('<option value="2">Second line</option>');
    expect(samDesk.snapshot()).toContain('data-groups="1"');
    expect(annDesk.snapshot()).not.toContain('id="line-group"');
  });

  it("refuses a claim from outside the ticket's group, and Claim next stays within one's groups", async () => {
    const { carol, sam } = await team();
    await t.agent().join('Vera', 'Hello');
    const refused = await carol.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('First line');
    const next = await carol.agent.post('/desk/claim-next', {}, { htmx: true });
    expect(next.status).toBe(409);
    expect(ticketById(t.deps.db, 1).state).toBe('waiting');
    // A supervisor may claim from any line.
    expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
  });

  it('transfers to a group: the ticket waits in its line only, with the note private and the visitor told', async () => {
    const { ann, carol } = await team();
    const annDesk = desk(ann.id);
    const carolDesk = desk(carol.id);
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'The export crashes');
    await t.agent().join('Vlad', 'Me too');
    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    const res = await ann.agent.post('/desk/tickets/1/transfer-group', { group: '2', note: 'Crash in <b>export</b>, logs attached' }, { htmx: true });
    expect(res.status).toBe(204);
    const ticket = ticketById(t.deps.db, 1);
    expect([ticket.state, ticket.groupId]).toEqual(['waiting', 2]);
    expect(carolDesk.pushed()).toContain('id="line-1"');
    expect(annDesk.pushed()).toContain('hx-target="#line-1" hx-swap="delete"');
    expect(desk(ann.id).snapshot()).not.toContain('id="line-1"');
    const messages = listMessages(t.deps.db, 1, { withNotes: true });
    expect(messages.some((m) => m.author === 'note' && m.body.includes('Crash in <b>export</b>'))).toBe(true);
    expect(messages.at(-1)!.body).toBe('You are being passed to Second line.');
    const html = await (await visitor.get(page)).text();
    expect(html).toContain('You are being passed to Second line.');
    expect(html).not.toContain('Crash in');
    // Vera is first in Second line's line, whoever waits in First line.
    expect(placeInLine(t.deps.db, ticket)).toBe(1);
  });

  it('puts a transferred ticket at the front when the group says so, else by its arrival', async () => {
    const { ann, carol } = await team('front');
    for (const name of ['Vera', 'Vlad', 'Vika']) await t.agent().join(name, 'Help');
    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    expect((await ann.agent.post('/desk/tickets/3/claim', {}, { htmx: true })).status).toBe(200);
    await ann.agent.post('/desk/tickets/1/transfer-group', { group: '2' }, { htmx: true });
    await ann.agent.post('/desk/tickets/3/transfer-group', { group: '2' }, { htmx: true });
    // At the front: Vika (transferred last) is ahead of Vera although she arrived later.
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, 3))).toBe(1);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, 1))).toBe(2);
    const order = [...desk(carol.id).snapshot().matchAll(/id="line-(\d+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['3', '1']);
  });

  it('refuses transfers to a closed group, to its own group, to a group with nobody available, and forged ones', async () => {
    const { admin, ann, bob } = await team();
    await t.agent().join('Vera', 'Help');
    const asAnn = (fields: Record<string, string>) => ann.agent.post('/desk/tickets/1/transfer-group', fields, { htmx: true });
    expect((await asAnn({ group: '2' })).status).toBe(403);
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect((await asAnn({ group: '99' })).status).toBe(404);
    expect((await asAnn({ group: 'x' })).status).toBe(404);
    const own = await asAnn({ group: '1' });
    expect([own.status, await own.text()]).toEqual([409, expect.stringContaining('already in First line')]);
    t.deps.db.prepare("UPDATE supporters SET place = 'offline' WHERE name = 'Carol'").run();
    const nobody = await asAnn({ group: '2' });
    expect([nobody.status, await nobody.text()]).toEqual([409, expect.stringContaining('Nobody in Second line is available now')]);
    t.deps.db.prepare("UPDATE supporters SET place = 'desk' WHERE name = 'Carol'").run();
    await admin.agent.post('/admin/groups/2/disable', { how: 'soft' });
    const closed = await asAnn({ group: '2' });
    expect([closed.status, await closed.text()]).toEqual([409, expect.stringContaining('Second line is closed')]);
    // Bob does not hold it.
    expect((await bob.agent.post('/desk/tickets/1/transfer-group', { group: '2' }, { htmx: true })).status).toBe(403);
    expect(ticketById(t.deps.db, 1)).toMatchObject({ state: 'claimed', groupId: 1, supporterId: ann.id });
  });

  it("gives a visitor their place in their own group's line", async () => {
    const { ann } = await team();
    for (const name of ['Vera', 'Vlad', 'Vika']) await t.agent().join(name, 'Help');
    await ann.agent.post('/desk/tickets/2/claim', {}, { htmx: true });
    await ann.agent.post('/desk/tickets/2/transfer-group', { group: '2' }, { htmx: true });
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, 2))).toBe(1);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, 3))).toBe(2);
    // The live card says the same, with the length of their own line.
    const cards = new Map<number, string>();
    for (const id of [2, 3]) t.places.watch(id, 'en', (html) => cards.set(id, html));
    t.places.sweep();
    expect(cards.get(2)).toMatch(/<strong>1<\/strong> <span class="place__of">of 1<\/span>/);
    expect(cards.get(3)).toMatch(/<strong>2<\/strong> <span class="place__of">of 2<\/span>/);
  });

  it("moves waiting rows live when their group is disabled hard: gone from the old line's desks, there on the new one's", async () => {
    const { admin, ann, carol } = await team();
    expect((await admin.agent.post('/admin/groups', { name_en: 'Launch', kind: 'line' })).status).toBe(303);
    await admin.agent.post('/admin/groups/3/members', { [`member_${carol.id}`]: 'on' });
    await t.agent().join('Vera', 'Help');
    const annDesk = desk(ann.id);
    const carolDesk = desk(carol.id);
    expect((await admin.agent.post('/admin/groups/1/disable', { how: 'hard', move_to: '3' })).status).toBe(200);
    expect(annDesk.pushed()).toContain('hx-target="#line-1" hx-swap="delete"');
    expect(annDesk.pushed()).toContain('0 waiting');
    expect(carolDesk.pushed()).toContain('id="line-1"');
    // A claim in Launch's line is nothing to Ann's desk.
    const before = annDesk.pushed();
    await carol.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    expect(annDesk.pushed()).toBe(before);
  });

  it("claims all of a visitor's requests in one's own lines only, leaving the one in another group's line", async () => {
    const { ann } = await team();
    const vera = t.agent();
    await vera.join('Vera', 'The invoice');
    t.clock.advance(60_000);
    await vera.join('Vera', 'And the delivery');
    t.deps.db.prepare('UPDATE tickets SET group_id = 2 WHERE id = 2').run();
    const res = await ann.agent.post('/desk/tickets/1/claim-all', {}, { htmx: true });
    expect(res.status).toBe(200);
    expect([ticketById(t.deps.db, 1).state, ticketById(t.deps.db, 2).state]).toEqual(['claimed', 'waiting']);
  });

  it('lets a supporter moved out of a group keep the tickets they hold', async () => {
    const { admin, ann } = await team();
    await t.agent().join('Vera', 'Help');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    await admin.agent.post('/admin/groups/1/members', {});
    expect(ticketById(t.deps.db, 1)).toMatchObject({ state: 'claimed', supporterId: ann.id });
    const reply = await ann.agent.post('/desk/tickets/1/messages', { body: 'Still here' }, { htmx: true });
    expect(reply.status).toBeLessThan(300);
  });
});

