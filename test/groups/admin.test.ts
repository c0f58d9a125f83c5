import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupById, listGroups } from '../../src/groups/groups.ts';
import { groupIdsOf } from '../../src/groups/members.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

const HOSTILE = '<img src=x onerror=alert(1)>{name} L2';

describe('the admin pages of groups', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const rows = () => t.deps.db.prepare('SELECT id, names, kind, position, transfer_place AS place, enabled, ends_at AS endsAt FROM groups ORDER BY id').all();
  const add = (agent: { post: (p: string, f: Record<string, string>) => Promise<Response> }, fields: Record<string, string>) =>
    agent.post('/admin/groups', { kind: 'line', transfer_place: 'arrival', ...fields });

  it('starts every team with one line group, and every new supporter in it', async () => {
    const ann = await t.supporter('Ann', 'admin');
    expect(listGroups(t.deps.db).map((g) => [g.names.en, g.kind, g.position, g.enabled])).toEqual([['First line', 'line', 1, true]]);
    expect(groupIdsOf(t.deps.db, ann.id)).toEqual([1]);
    const page = await (await ann.agent.get('/admin/groups')).text();
    expect(page).toContain('<h1>Groups</h1>');
    expect(page).toContain('First line');
  });

  it('adds a transfer-only group with names in three languages and shows each reader theirs', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const res = await add(ann.agent, { name_en: 'Second line', name_da: 'Anden linje', name_ru: 'Вторая линия', kind: 'transfer', transfer_place: 'front' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/groups/2?added=1');
    expect(groupById(t.deps.db, 2)).toMatchObject({ names: { en: 'Second line', da: 'Anden linje', ru: 'Вторая линия' }, kind: 'transfer', position: 2, transferPlace: 'front' });
    const page = await (await ann.agent.get('/admin/groups/2?added=1')).text();
    expect(page).toContain('The group Second line is added.');
    await ann.agent.post('/language', { lang: 'ru', back: '/admin/groups' });
    expect(await (await ann.agent.get('/admin/groups')).text()).toContain('Вторая линия');
  });

  it('keeps a hostile name as text everywhere', async () => {
    const ann = await t.supporter('Ann', 'admin');
    expect((await add(ann.agent, { name_en: HOSTILE })).status).toBe(303);
    for (const path of ['/admin/groups', '/admin/groups/2']) {
      const html = await (await ann.agent.get(path)).text();
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;{name} L2');
    }
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const before = rows();
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Give the group a name in at least one language.'],
      [{ name_en: 'x'.repeat(61) }, 'at most 60'],
      [{ name_en: 'L2', kind: 'sideways' }, 'Choose line, transfer only or overflow.'],
      // Offers and the second wave: numbers in range, and a second wave that is an overflow group.
      [{ name_en: 'L2', offer_after: '-1' }, 'Give a whole number from 0 to 3600.'],
      [{ name_en: 'L2', offer_after: '1e3' }, 'Give a whole number from 0 to 3600.'],
      [{ name_en: 'L2', offer_after: '30', offer_ring: '2' }, 'Give a whole number from 5 to 300.'],
      [{ name_en: 'L2', offer_after: '30', offer_rounds: '0' }, 'Give a whole number from 1 to 10.'],
      [{ name_en: 'L2', offer_after: '30', wave_after: '' }, 'Give a whole number from 0 to 86400.'],
      [{ name_en: 'L2', overflow_id: '1' }, 'Choose one of the overflow groups.'],
      [{ name_en: 'L2', overflow_id: '99' }, 'Choose one of the overflow groups.'],
      [{ name_en: 'L2', overflow_id: '<script>' }, 'Choose one of the overflow groups.'],
      [{ name_en: 'L2', transfer_place: 'middle' }, 'Choose by arrival or at the front.'],
      [{ name_en: 'L2', position: '0' }, 'The order is a whole number from 1 to 1000.'],
      [{ name_en: 'L2', position: '1.5' }, 'The order is a whole number from 1 to 1000.'],
      [{ name_en: 'L2', ends_on: '2026-02-30' }, 'Give the last day as a date'],
      [{ name_en: 'L2', ends_on: '2025-01-01' }, 'The last day must be today or later.'],
    ];
    for (const [fields, message] of cases) {
      const res = await add(ann.agent, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(rows()).toEqual(before);
  });

  it('is for admins only, and a forged id is not found', async () => {
    const bob = await t.supporter('Bob', 'supervisor');
    expect((await bob.agent.get('/admin/groups')).status).toBe(403);
    expect((await add(bob.agent, { name_en: 'L2' })).status).toBe(403);
    const ann = await t.supporter('Ann', 'admin');
    expect((await ann.agent.get('/admin/groups/99')).status).toBe(404);
    expect((await ann.agent.get('/admin/groups/abc')).status).toBe(404);
    expect((await ann.agent.post('/admin/groups/99/members', { member_1: 'on' })).status).toBe(404);
    expect((await ann.agent.post('/admin/groups', { name_en: 'L2' }, { csrf: 'forged' })).status).toBe(403);
    expect(rows()).toHaveLength(1);
  });

  it('moves supporters between groups live: each one moved has their desk redrawn', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const carol = await t.supporter('Carol');
    await add(ann.agent, { name_en: 'Second line', kind: 'transfer' });
    const events: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], everything: true, deliver: (e) => events.push(e) });
    const res = await ann.agent.post('/admin/groups/2/members', { [`member_${bob.id}`]: 'on', [`member_${carol.id}`]: 'on' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The members of Second line are saved.');
    expect(groupIdsOf(t.deps.db, bob.id)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'supporter.groups').map((e) => e.supporterId).sort()).toEqual([bob.id, carol.id].sort());
    await ann.agent.post('/admin/groups/1/members', { [`member_${ann.id}`]: 'on', [`member_${carol.id}`]: 'on' });
    expect(groupIdsOf(t.deps.db, bob.id)).toEqual([2]);
    // A forged member changes nothing.
    const forged = await ann.agent.post('/admin/groups/2/members', { member_999: 'on' });
    expect(forged.status).toBe(400);
    expect(groupIdsOf(t.deps.db, bob.id)).toEqual([2]);
  });

  it('disables softly or hard, keeps the last line group, enables again', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const only = await ann.agent.post('/admin/groups/1/disable', { how: 'soft' });
    expect(only.status).toBe(409);
    expect(await only.text()).toContain('At least one enabled line group must stay');
    expect(groupById(t.deps.db, 1).enabled).toBe(true);

    await add(ann.agent, { name_en: 'Launch' });
    const visitor = t.agent();
    await visitor.join('Vera', 'Where is my order?');
    await visitor.join('Vlad', 'And mine?');
    const noTarget = await ann.agent.post('/admin/groups/1/disable', { how: 'hard', move_to: '1' });
    expect(noTarget.status).toBe(409);
    const hard = await ann.agent.post('/admin/groups/1/disable', { how: 'hard', move_to: '2' });
    expect(hard.status).toBe(200);
    expect(await hard.text()).toContain('2 waiting tickets moved');
    expect(t.deps.db.prepare('SELECT group_id FROM tickets ORDER BY id').pluck().all()).toEqual([2, 2]);
    expect(groupById(t.deps.db, 1).enabled).toBe(false);
    expect((await ann.agent.post('/admin/groups/1/enable')).status).toBe(200);
    expect(groupById(t.deps.db, 1).enabled).toBe(true);
  });

  it('refuses to delete a group tickets waited in, and deletes an unused one', async () => {
    const ann = await t.supporter('Ann', 'admin');
    await add(ann.agent, { name_en: 'Unused' });
    await t.agent().join('Vera', 'Hello');
    const used = await ann.agent.post('/admin/groups/1/delete', { confirm: 'yes' });
    expect(used.status).toBe(409);
    expect(await used.text()).toContain('Tickets have waited in this group');
    expect((await ann.agent.post('/admin/groups/2/delete', {})).status).toBe(400);
    const gone = await ann.agent.post('/admin/groups/2/delete', { confirm: 'yes' });
    expect(gone.status).toBe(200);
    expect(await gone.text()).toContain('Unused is deleted.');
    expect(listGroups(t.deps.db).map((g) => g.id)).toEqual([1]);
  });

  it('closes a temporary group softly after its last day, in the team time zone', async () => {
    const ann = await t.supporter('Ann', 'admin');
    // The manual clock starts on 2026-01-05 09:00 UTC.
    expect((await add(ann.agent, { name_en: 'Launch', ends_on: '2026-01-06', position: '1' })).status).toBe(303);
    const launch = groupById(t.deps.db, 2);
    expect(new Date(launch.endsAt!).toISOString()).toBe('2026-01-07T00:00:00.000Z');
    await t.supporter('Bob');
    t.deps.db.prepare("UPDATE supporters SET place = 'desk'").run();
    t.deps.db.prepare('INSERT INTO group_members (group_id, supporter_id) SELECT 2, id FROM supporters').run();
    t.deps.db.prepare('UPDATE groups SET position = 9 WHERE id = 1').run();
    await t.agent().join('Vera', 'Launch day question');
    t.clock.advance(2 * 24 * 3600_000);
    await t.agent().join('Vlad', 'A question after the launch');
    expect(t.deps.db.prepare('SELECT group_id FROM tickets ORDER BY id').pluck().all()).toEqual([2, 1]);
    // Two days on, Ann's session is over: another admin looks.
    const amy = await t.supporter('Amy', 'admin');
    expect(await (await amy.agent.get('/admin/groups')).text()).toContain('Ended');
  });
});
