import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRenderer } from '../../src/desk/feed.ts';
import { availableSupporterCount } from '../../src/presence/status.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('breaks', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const logged = () => t.deps.db.prepare('SELECT supporter_id AS supporterId, reason, started_at AS startedAt, ended_at AS endedAt FROM breaks ORDER BY id').all();
  const statusOf = (id: number) => t.deps.db.prepare('SELECT status, break_reason AS reason, break_since AS since FROM supporters WHERE id = ?').get(id);

  async function onDesk() {
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    return { ann, bob };
  }

  it('takes a break with a reason: no new tickets, the tickets held stay, colleagues see why and since when, and it is logged', async () => {
    const { ann, bob } = await onDesk();
    await t.agent().join('Vera', 'Help');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    const bobSees = deskRenderer(t.deps, bob.id);
    const seen: string[] = [];
    t.deps.hub.subscribe({ topics: ['team'], supporterId: bob.id, deliver: (e) => seen.push(bobSees(e)?.html ?? '') });
    expect(availableSupporterCount(t.deps.db)).toBe(2);

    const res = await ann.agent.post('/desk/break', { reason: '0' }, { htmx: true });
    expect(res.status).toBe(200);
    const menu = await res.text();
    expect(menu).toContain('On a break: Lunch.');
    expect(menu).toContain('Back from break');
    expect(statusOf(ann.id)).toEqual({ status: 'break', reason: '{"en":"Lunch","da":"Frokost","ru":"Обед"}', since: t.clock.now() });
    expect(availableSupporterCount(t.deps.db)).toBe(1);
    expect(ticketById(t.deps.db, 1)).toMatchObject({ state: 'claimed', supporterId: ann.id });
    expect(seen.join('')).toContain('On a break: Lunch');
    expect(seen.join('')).toContain(`data-break-since="${t.clock.now()}"`);

    t.clock.advance(25 * 60_000);
    const back = await ann.agent.post('/desk/back-from-break', {}, { htmx: true });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('Take a break');
    expect(statusOf(ann.id)).toEqual({ status: 'available', reason: null, since: null });
    const [entry] = logged() as Array<{ startedAt: number; endedAt: number }>;
    expect(entry!.endedAt - entry!.startedAt).toBe(25 * 60_000);
  });

  it('says the reason in the reader\'s language', async () => {
    const { ann, bob } = await onDesk();
    await ann.agent.post('/desk/break', { reason: '1' }, { htmx: true });
    const bobDa = deskRenderer(t.deps, bob.id, 'supporter', 'da');
    const seen: string[] = [];
    t.deps.hub.subscribe({ topics: ['team'], supporterId: bob.id, deliver: (e) => seen.push(bobDa(e)?.html ?? '') });
    await ann.agent.post('/desk/status', { status: 'available', message: '' }, { htmx: true });
    await ann.agent.post('/desk/break', { reason: '1' }, { htmx: true });
    expect(seen.join('')).toContain('På pause: Kaffe');
  });

  it('refuses a forged reason or a second break and changes nothing', async () => {
    const { ann } = await onDesk();
    for (const reason of ['99', '-1', 'x', '', '1.5']) {
      const res = await ann.agent.post('/desk/break', { reason }, { htmx: true });
      expect(res.status, reason).toBe(400);
      expect(await res.text()).toContain('Choose a reason for the break.');
    }
    expect(statusOf(ann.id)).toMatchObject({ status: 'available' });
    expect(logged()).toEqual([]);
    await ann.agent.post('/desk/break', { reason: '2' }, { htmx: true });
    const again = await ann.agent.post('/desk/break', { reason: '0' }, { htmx: true });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You are already on a break.');
    expect(logged()).toHaveLength(1);
    expect((await ann.agent.post('/desk/break', { reason: '0' }, { csrf: 'forged' })).status).toBe(403);
  });

  it('ends the break when another status is chosen, or on stepping away', async () => {
    const { ann } = await onDesk();
    await ann.agent.post('/desk/break', { reason: '0' }, { htmx: true });
    await ann.agent.post('/desk/status', { status: 'away', message: 'Meeting' }, { htmx: true });
    expect(statusOf(ann.id)).toEqual({ status: 'away', reason: null, since: null });
    await ann.agent.post('/desk/status', { status: 'available', message: '' }, { htmx: true });
    await ann.agent.post('/desk/break', { reason: '0' }, { htmx: true });
    await ann.agent.post('/desk/step-away', {}, { htmx: true });
    expect(statusOf(ann.id)).toMatchObject({ status: 'away', reason: null });
    expect((logged() as Array<{ endedAt: number | null }>).every((b) => b.endedAt !== null)).toBe(true);
  });

  it("lets admins write the reasons in each language, as text, and refuses an empty or oversized list", async () => {
    const admin = await t.supporter('Adam', 'admin');
    const { ann } = await onDesk();
    const saved = await admin.agent.post('/admin/breaks', {
      reasons_en: 'Lunch\n<b>Training</b>\n\n', reasons_da: 'Frokost\nKursus', reasons_ru: '',
    });
    expect(saved.status).toBe(200);
    const page = await saved.text();
    expect(page).toContain('The reasons for a break are saved.');
    expect(page).toContain('&lt;b&gt;Training&lt;/b&gt;');
    expect(page).not.toContain('<b>Training</b>');
    const menu = await (await ann.agent.get('/desk')).text();
    expect(menu).toContain('<option value="1">&lt;b&gt;Training&lt;/b&gt;</option>');
    const before = await (await admin.agent.get('/admin/groups')).text();
    const refused: Array<Record<string, string>> = [{ reasons_en: '\n \n', reasons_da: '', reasons_ru: '' }, { reasons_en: 'x'.repeat(41) }, { reasons_en: Array.from({ length: 21 }, (_, i) => `R${i}`).join('\n') }];
    for (const fields of refused) {
      expect((await admin.agent.post('/admin/breaks', fields)).status).toBe(400);
    }
    expect(await (await admin.agent.get('/admin/groups')).text()).toBe(before);
    expect((await ann.agent.post('/admin/breaks', { reasons_en: 'Nap' })).status).toBe(403);
  });
});
