import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskSnapshot } from '../../src/desk/feed.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';
import { addSiteAs, fromFrame, frameCsrf, joinInFrame } from '../widget/widget-helpers.ts';

const HOSTILE = '<script>alert(1)</script>{count} Billing';

/** "What is it about?": topics an admin makes, each leading to a line group. */
describe('topics', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const tickets = () => t.deps.db.prepare('SELECT id, group_id AS groupId, topic_id AS topicId FROM tickets ORDER BY id').all();

  /** Ann the admin, a "Billing team" line group with Bob in it, and a topic "Billing" leading there. */
  async function billing(topicFields: Record<string, string> = {}) {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    expect((await ann.agent.post('/admin/groups', { name_en: 'Billing team', kind: 'line' })).status).toBe(303);
    await ann.agent.post('/admin/groups/2/members', { [`member_${bob.id}`]: 'on' });
    const added = await ann.agent.post('/admin/topics', { name_en: 'Billing', name_da: 'Fakturering', name_ru: 'Оплата', group: '2', ...topicFields });
    expect(added.status).toBe(200);
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    return { ann, bob };
  }

  /** A visitor's intake form, sent the way a browser would after filling it in. */
  async function join(fields: Record<string, string>) {
    const visitor = t.agent();
    await visitor.get('/');
    t.clock.advance(10_000);
    return visitor.post('/tickets', { name: 'Vera', problem: 'My invoice is wrong', ...fields });
  }

  it('asks nobody while the team has no topics', async () => {
    await t.supporter('Ann', 'admin');
    expect(await (await t.agent().get('/')).text()).not.toContain('What is it about?');
  });

  it('asks "What is it about?" on the intake, in the visitor\'s language, and sends the ticket to the topic\'s group', async () => {
    const { ann, bob } = await billing();
    const admin = await (await ann.agent.get('/admin/groups')).text();
    expect(admin).toContain('<a href="/admin/topics/1">Billing</a>');
    expect(admin).toContain('<td>Billing team</td>');
    const intake = await (await t.agent().get('/')).text();
    expect(intake).toContain('<label for="topic">What is it about?</label>');
    expect(intake).toContain('<option value="">Something else</option>');
    expect(intake).toContain('<option value="1">Billing</option>');
    expect(await (await t.agent().get('/?lang=ru', { 'Accept-Language': 'ru' })).text()).toContain('Оплата');

    expect((await join({ topic: '1' })).status).toBe(303);
    expect((await join({ topic: '' })).status).toBe(303);
    expect(tickets()).toEqual([{ id: 1, groupId: 2, topicId: 1 }, { id: 2, groupId: 1, topicId: null }]);
    // Bob's desk (Billing team) shows the ticket with its topic.
    const desk = deskSnapshot(t.deps, getSupporter(t.deps.db, bob.id)!, 'en');
    expect(desk).toContain('<span class="badge line-row__topic">Billing</span>');
  });

  it("sends a topic's ticket to the first line when nobody in its group is available", async () => {
    const { bob } = await billing();
    t.deps.db.prepare("UPDATE supporters SET place = 'offline' WHERE id = ?").run(bob.id);
    expect((await join({ topic: '1' })).status).toBe(303);
    expect(tickets()).toEqual([{ id: 1, groupId: 1, topicId: 1 }]);
  });

  it('refuses a forged, unknown or hidden topic and opens no ticket', async () => {
    const { ann } = await billing();
    for (const topic of ['99', 'abc', '-1', '1 OR 1=1']) {
      const res = await join({ topic });
      expect(res.status, topic).toBe(400);
      expect(await res.text()).toContain('Choose one of the topics listed.');
    }
    const hidden = await ann.agent.post('/admin/topics/1', { name_en: 'Billing', group: '2', position: '1', hidden: 'on' });
    expect(hidden.status).toBe(200);
    expect(await (await t.agent().get('/')).text()).not.toContain('What is it about?');
    expect((await join({ topic: '1' })).status).toBe(400);
    expect(tickets()).toEqual([]);
  });

  it('keeps a hostile topic name as text on the intake, the admin page and the desk', async () => {
    const { ann, bob } = await billing({ name_en: HOSTILE });
    for (const html of [await (await t.agent().get('/')).text(), await (await ann.agent.get('/admin/groups')).text(), await (await ann.agent.get('/admin/topics/1')).text()]) {
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;{count} Billing');
    }
    await join({ topic: '1' });
    expect(deskSnapshot(t.deps, getSupporter(t.deps.db, bob.id)!, 'en')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;{count} Billing');
  });

  it('refuses bad topics on the admin page, and keeps a topic tickets are about', async () => {
    const { ann } = await billing();
    expect((await ann.agent.post('/admin/groups', { name_en: 'Second line', kind: 'transfer' })).status).toBe(303);
    const cases: Array<[Record<string, string>, string]> = [
      [{ group: '1' }, 'Give the topic a name in at least one language.'],
      [{ name_en: 'Refunds', group: '3' }, 'Choose a line group.'],
      [{ name_en: 'Refunds', group: '99' }, 'Choose a line group.'],
      [{ name_en: 'Refunds' }, 'Choose a line group.'],
      [{ name_en: 'Refunds', group: '1', position: 'first' }, 'The order is a whole number from 1 to 1000.'],
    ];
    for (const [fields, message] of cases) {
      const res = await ann.agent.post('/admin/topics', fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(t.deps.db.prepare('SELECT count(*) FROM topics').pluck().get()).toBe(1);
    await join({ topic: '1' });
    const used = await ann.agent.post('/admin/topics/1/delete');
    expect(used.status).toBe(409);
    expect(await used.text()).toContain('Tickets are about this topic');
    expect((await ann.agent.get('/admin/topics/2')).status).toBe(404);
    const bob = await t.supporter('Bobby');
    expect((await bob.agent.post('/admin/topics', { name_en: 'Refunds', group: '1' })).status).toBe(403);
  });

  it('asks in the widget too', async () => {
    await billing();
    const key = 'abcdefghijklmnop';
    t.deps.db.prepare("INSERT INTO sites (key, name, origins, secret, created_at) VALUES (?, 'Shop', 'https://shop.example', 'secret', 0)").run(key);
    const frame = await (await t.agent().get(`/w/${key}`)).text();
    expect(frame).toContain('What is it about?');
    expect(frame).toContain('<option value="1">Billing</option>');
  });

  it('lets each site ask about some of the topics, or none, and refuses a topic its widget does not offer', async () => {
    const { ann } = await billing();
    expect((await ann.agent.post('/admin/topics', { name_en: 'Shipping', group: '1' })).status).toBe(200);
    // The shop asks about Shipping only; the blog does not ask.
    const shop = await addSiteAs(t, ann, { topics_form: '1', topic_2: 'on' });
    const blog = await addSiteAs(t, ann, { name: 'Blog', topics_form: '1' });
    const shopFrame = await (await fromFrame(t, `/w/${shop.key}`)).text();
    expect(shopFrame).toContain('<option value="2">Shipping</option>');
    expect(shopFrame).not.toContain('Billing');
    expect(await (await fromFrame(t, `/w/${blog.key}`)).text()).not.toContain('What is it about?');
    const before = tickets();
    const csrf = await frameCsrf(t, shop.key);
    for (const topic of ['1', '99', '<b>']) {
      const res = await fromFrame(t, `/w/${shop.key}/tickets`, { fields: { _csrf: csrf, name: 'Vera', problem: 'Help', topic } });
      expect(res.status, topic).toBe(400);
      expect(await res.text()).toContain('Choose one of the topics');
    }
    expect(tickets()).toEqual(before);
    const { id } = await joinInFrame(t, shop.key, { topic: '2' });
    expect(tickets().at(-1)).toEqual({ id, groupId: 1, topicId: 2 });
    // The admin's page shows the shop's choice; ticking every topic means every one, later ones too.
    const page = await (await ann.agent.get(`/admin/sites/${shop.id}`)).text();
    expect(page).toMatch(/name="topic_2" value="on" checked/);
    expect(page).not.toMatch(/name="topic_1" value="on" checked/);
    expect((await ann.agent.post(`/admin/sites/${shop.id}`, { name: 'Shop', origins: 'https://shop.example', topics_form: '1', topic_1: 'on', topic_2: 'on' })).status).toBeLessThan(400);
    expect(t.deps.db.prepare('SELECT topics FROM sites WHERE id = ?').pluck().get(shop.id)).toBe('');
    expect((await ann.agent.post('/admin/topics', { name_en: 'Returns', group: '1' })).status).toBe(200);
    expect(await (await fromFrame(t, `/w/${shop.key}`)).text()).toContain('Returns');
  });
});
