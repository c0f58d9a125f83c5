import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { recordDueBreaches } from '../../src/sla/watch.ts';
import { makeTestApp } from '../helpers/app.ts';
import { watchDesk } from '../helpers/desk.ts';

const MIN = 60_000;

/**
 * Service norms: claim within 5 minutes, first answer within 1, every answer within 5 (a new
 * team's), counted inside opening hours. The test clock starts on Monday 2026-01-05, 09:00 UTC.
 */
describe('service norms', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const breaches = () => t.deps.db.prepare('SELECT norm, group_id AS groupId, supporter_id AS supporterId, due_at AS dueAt, breached_at AS breachedAt, met_at AS metAt, open FROM sla_breaches ORDER BY id').all() as Array<Record<string, number | string | null>>;

  async function team() {
    const sam = await t.supporter('Sam', 'supervisor');
    const ann = await t.supporter('Ann');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    return { sam, ann };
  }

  const desk = (id: number) => watchDesk(t, id);

  it('records a late claim the moment it is late, alerts supervisors, and closes it with how late when met', async () => {
    const { sam, ann } = await team();
    const samDesk = desk(sam.id);
    const start = t.clock.now();
    await t.agent().join('Vera', 'Help');
    expect(ticketById(t.deps.db, 1)).toMatchObject({ slaNorm: 'claim', slaDeadline: start + 5 * MIN });
    expect(desk(ann.id).snapshot()).toContain(`data-sla-due="${start + 5 * MIN}" data-sla-norm="claim"`);
    t.clock.advance(5 * MIN - 1);
    expect(recordDueBreaches(t.deps)).toBe(0);
    t.clock.advance(1);
    expect(recordDueBreaches(t.deps)).toBe(1);
    expect(recordDueBreaches(t.deps)).toBe(0);
    expect(breaches()).toEqual([{ norm: 'claim', groupId: 1, supporterId: null, dueAt: start + 5 * MIN, breachedAt: start + 5 * MIN, metAt: null, open: 1 }]);
    expect(samDesk.pushed()).toContain('<strong>Vera</strong> was not claimed in time');
    expect(samDesk.signals).toContain('lineup:breach');
    expect(samDesk.snapshot()).toContain('was not claimed in time');
    // Supporters do not get the list.
    expect(desk(ann.id).snapshot()).not.toContain('id="breaches"');

    t.clock.advance(2 * MIN);
    claimTicket(t.deps, 1, ann.id);
    expect(breaches()[0]).toMatchObject({ metAt: start + 7 * MIN, open: 0 });
    expect(samDesk.pushed()).toContain('Every norm is kept.');
    // Now the first answer is due within a minute; Ann answers in time.
    expect(ticketById(t.deps.db, 1)).toMatchObject({ slaNorm: 'first_reply', slaDeadline: start + 8 * MIN });
    t.clock.advance(30_000);
    postMessage(t.deps, 1, { kind: 'supporter', supporterId: ann.id }, 'Hello Vera');
    expect(ticketById(t.deps.db, 1)).toMatchObject({ slaNorm: null, slaDeadline: null });
    expect(t.deps.db.prepare('SELECT first_reply_at FROM tickets WHERE id = 1').pluck().get()).toBe(start + 7.5 * MIN);
    // Vera writes: the next answer is due within 5 minutes; Ann is late, then answers.
    postMessage(t.deps, 1, { kind: 'visitor' }, 'It still fails');
    expect(ticketById(t.deps.db, 1)).toMatchObject({ slaNorm: 'reply', slaDeadline: start + 12.5 * MIN });
    postMessage(t.deps, 1, { kind: 'visitor' }, 'Hello?');
    expect(ticketById(t.deps.db, 1).slaDeadline).toBe(start + 12.5 * MIN);
    t.clock.advance(5 * MIN);
    expect(recordDueBreaches(t.deps)).toBe(1);
    expect(breaches()[1]).toMatchObject({ norm: 'reply', supporterId: ann.id, open: 1 });
    // The deadline stays on the desk until the norm is met.
    expect(ticketById(t.deps.db, 1).slaDeadline).toBe(start + 12.5 * MIN);
    t.clock.advance(MIN);
    postMessage(t.deps, 1, { kind: 'supporter', supporterId: ann.id }, 'Sorry, looking');
    expect(breaches()[1]).toMatchObject({ metAt: start + 13.5 * MIN, open: 0 });
  });

  it('counts only inside opening hours: a ticket left at closing time is not late overnight', async () => {
    await team();
    t.deps.db.prepare("INSERT INTO opening_hours (weekday, opens_at, closes_at) VALUES (1, 540, 1020), (2, 540, 1020), (3, 540, 1020), (4, 540, 1020), (5, 540, 1020)").run();
    t.clock.set(Date.UTC(2026, 0, 9, 16, 58)); // Friday 16:58 UTC
    t.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('when_nobody', 'line') ON CONFLICT(key) DO NOTHING").run();
    const { openTicket } = await import('../../src/line/tickets.ts');
    openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    expect(new Date(ticketById(t.deps.db, 1).slaDeadline!).toISOString()).toBe('2026-01-12T09:03:00.000Z');
    t.clock.set(Date.UTC(2026, 0, 10, 12, 0));
    expect(recordDueBreaches(t.deps)).toBe(0);
    t.clock.set(Date.UTC(2026, 0, 12, 9, 3));
    expect(recordDueBreaches(t.deps)).toBe(1);
  });

  it("follows the group's own norms over the team's, and 0 turns a norm off", async () => {
    const { ann } = await team();
    const adam = await t.supporter('Adam', 'admin');
    const saved = await adam.agent.post('/admin/norms', { sla_claim: '10', sla_first_reply: '0', sla_reply: '3' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('The norms are saved.');
    expect((await adam.agent.post('/admin/groups/1', { name_en: 'First line', kind: 'line', sla_claim: '2', sla_first_reply: '', sla_reply: '' })).status).toBe(200);
    const start = t.clock.now();
    await t.agent().join('Vera', 'Help');
    expect(ticketById(t.deps.db, 1).slaDeadline).toBe(start + 2 * MIN);
    claimTicket(t.deps, 1, ann.id);
    // No first-answer norm: nothing runs until Vera writes after an answer.
    expect(ticketById(t.deps.db, 1)).toMatchObject({ slaNorm: null, slaDeadline: null });
    postMessage(t.deps, 1, { kind: 'supporter', supporterId: ann.id }, 'Hi');
    postMessage(t.deps, 1, { kind: 'visitor' }, 'Hi!');
    expect(ticketById(t.deps.db, 1).slaDeadline).toBe(start + 3 * MIN);
    closeTicket(t.deps, 1, ann.id, '');
    expect(ticketById(t.deps.db, 1)).toMatchObject({ slaNorm: null, slaDeadline: null });
  });

  it('refuses bad norms with a clear message and changes nothing', async () => {
    const adam = await t.supporter('Adam', 'admin');
    const setting = () => t.deps.db.prepare("SELECT value FROM settings WHERE key = 'sla_norms'").pluck().get();
    for (const form of [{ sla_claim: '', sla_first_reply: '1', sla_reply: '5' }, { sla_claim: '-1', sla_first_reply: '1', sla_reply: '5' },
      { sla_claim: '5', sla_first_reply: '1.5', sla_reply: '5' }, { sla_claim: '5', sla_first_reply: '1', sla_reply: '1441' }, { sla_claim: '<b>', sla_first_reply: '1', sla_reply: '5' }]) {
      const res = await adam.agent.post('/admin/norms', form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain('Give a whole number of minutes from 0 to 1440.');
    }
    expect(setting()).toBeUndefined();
    const before = t.deps.db.prepare('SELECT * FROM groups').all();
    const res = await adam.agent.post('/admin/groups/1', { name_en: 'First line', kind: 'line', sla_claim: '99999', sla_first_reply: '', sla_reply: '' });
    expect(res.status).toBe(400);
    expect(t.deps.db.prepare('SELECT * FROM groups').all()).toEqual(before);
    const bob = await t.supporter('Bob', 'supervisor');
    expect((await bob.agent.post('/admin/norms', { sla_claim: '5', sla_first_reply: '1', sla_reply: '5' })).status).toBe(403);
    expect((await adam.agent.post('/admin/norms', { sla_claim: '5', sla_first_reply: '1', sla_reply: '5' }, { csrf: 'forged' })).status).toBe(403);
    expect(setting()).toBeUndefined();
  });

  it('reads only the tickets a deadline is due for, by an index', () => {
    const plan = t.deps.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE sla_due_at <= ? ORDER BY sla_due_at LIMIT 50').all(0) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('tickets_sla_due');
  });
});
