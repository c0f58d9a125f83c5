import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capacityOf } from '../../src/groups/capacity.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('chats at once (capacity)', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  async function team() {
    const adam = await t.supporter('Adam', 'admin');
    const ann = await t.supporter('Ann');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    for (const name of ['Vera', 'Vlad', 'Vika']) await t.agent().join(name, 'Help');
    return { adam, ann };
  }

  it('takes the supporter\'s own limit, else the strictest of their groups\', else none', async () => {
    const { adam, ann } = await team();
    expect(capacityOf(t.deps.db, ann.id)).toBeNull();
    expect((await adam.agent.post('/admin/groups/1', { name_en: 'First line', kind: 'line', transfer_place: 'arrival', position: '1', capacity: '4' })).status).toBe(200);
    expect((await adam.agent.post('/admin/groups', { name_en: 'Second line', kind: 'transfer', capacity: '2' })).status).toBe(303);
    expect(capacityOf(t.deps.db, ann.id)).toBe(4);
    await adam.agent.post('/admin/groups/2/members', { [`member_${ann.id}`]: 'on' });
    expect(capacityOf(t.deps.db, ann.id)).toBe(2);
    const own = await adam.agent.post(`/admin/supporters/${ann.id}/capacity`, { capacity: '6' }, { htmx: true });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('The limit is saved.');
    expect(capacityOf(t.deps.db, ann.id)).toBe(6);
    await adam.agent.post(`/admin/supporters/${ann.id}/capacity`, { capacity: '0' }, { htmx: true });
    expect(capacityOf(t.deps.db, ann.id)).toBeNull();
    await adam.agent.post(`/admin/supporters/${ann.id}/capacity`, { capacity: '' }, { htmx: true });
    expect(capacityOf(t.deps.db, ann.id)).toBe(2);
  });

  it('lets a claim past the limit through, with a warning', async () => {
    const { adam, ann } = await team();
    await adam.agent.post(`/admin/supporters/${ann.id}/capacity`, { capacity: '1' }, { htmx: true });
    const first = await (await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).text();
    expect(first).not.toContain('your limit');
    const second = await ann.agent.post('/desk/tickets/2/claim', {}, { htmx: true });
    expect(second.status).toBe(200);
    const said = await second.text();
    expect(said).toContain('You claimed Vlad&#39;s ticket.');
    expect(said).toContain('You now hold 2 chats; your limit is 1.');
  });

  it('refuses a limit that is not a whole number from 0 to 50, from anyone but an admin, and for nobody', async () => {
    const { adam, ann } = await team();
    for (const capacity of ['-1', '51', '1.5', 'many', '1e1']) {
      const res = await adam.agent.post(`/admin/supporters/${ann.id}/capacity`, { capacity }, { htmx: true });
      expect(res.status, capacity).toBe(400);
      expect(await res.text()).toContain('A whole number from 0 (no limit) to 50.');
      expect((await adam.agent.post('/admin/groups/1', { name_en: 'First line', capacity })).status, capacity).toBe(400);
    }
    expect(capacityOf(t.deps.db, ann.id)).toBeNull();
    expect((await ann.agent.post(`/admin/supporters/${ann.id}/capacity`, { capacity: '9' })).status).toBe(403);
    expect((await adam.agent.post('/admin/supporters/999/capacity', { capacity: '9' })).status).toBe(404);
    expect(capacityOf(t.deps.db, ann.id)).toBeNull();
  });
});
