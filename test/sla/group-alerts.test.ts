import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordDueBreaches } from '../../src/sla/watch.ts';
import { makeTestApp } from '../helpers/app.ts';
import { watchDesk } from '../helpers/desk.ts';

const MIN = 60_000;

/** A group may alert its own supporters to broken norms too, on their desks, live (the supervisors always are). */
describe("norm alerts to a group's supporters", () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it("shows a breach in a group that asks for it to that group's supporters, and to nobody else below supervisor", async () => {
    const adam = await t.supporter('Adam', 'admin');
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    // Bob works in a second group; Ann in the first, which asks for its supporters to be alerted.
    const second = await adam.agent.post('/admin/groups', { name_en: 'Billing', kind: 'line' });
    expect(second.status).toBeLessThan(400);
    t.deps.db.prepare('DELETE FROM group_members WHERE supporter_id = ?').run(bob.id);
    t.deps.db.prepare('INSERT INTO group_members (group_id, supporter_id) VALUES (2, ?)').run(bob.id);
    const form = await adam.agent.get('/admin/groups/1');
    expect(await form.text()).toContain('name="sla_alert_members"');
    const saved = await adam.agent.post('/admin/groups/1', { name_en: 'First line', kind: 'line', sla_claim: '', sla_first_reply: '', sla_reply: '', sla_alert_members: '1' });
    expect(saved.status).toBeLessThan(400);
    expect(t.deps.db.prepare('SELECT sla_alert_members FROM groups WHERE id = 1').pluck().get()).toBe(1);

    const annDesk = watchDesk(t, ann.id);
    const bobDesk = watchDesk(t, bob.id);
    expect(annDesk.snapshot()).toContain('id="breaches"');
    expect(bobDesk.snapshot()).not.toContain('id="breaches"');
    await t.agent().join('Vera', 'Help');
    t.clock.advance(5 * MIN);
    expect(recordDueBreaches(t.deps)).toBe(1);
    expect(annDesk.pushed()).toContain('<strong>Vera</strong> was not claimed in time');
    expect(annDesk.signals).toContain('lineup:breach');
    expect(bobDesk.pushed()).not.toContain('was not claimed in time');
    expect(bobDesk.signals).not.toContain('lineup:breach');

    // Off again: Ann's desk no longer lists them.
    await adam.agent.post('/admin/groups/1', { name_en: 'First line', kind: 'line', sla_claim: '', sla_first_reply: '', sla_reply: '' });
    expect(watchDesk(t, ann.id).snapshot()).not.toContain('id="breaches"');
  });
});
