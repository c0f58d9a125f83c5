import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRenderer } from '../../src/desk/feed.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { eventsAfter } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';
import { agentAt, joinWith, panelOf } from './visitor-agents.ts';

const REFUSAL = 'You cannot start a chat here right now.';

describe('blocking visitors', () => {
  let t: ReturnType<typeof makeTestApp>;
  let seenUpTo = 0;
  beforeEach(() => { t = makeTestApp(); seenUpTo = 0; });
  afterEach(() => t.close());
  /** `ticket.details` events since the last call. */
  const newDetailEvents = () => {
    const all = eventsAfter(t.deps.db, seenUpTo, 10_000);
    seenUpTo = all.at(-1)?.id ?? seenUpTo;
    return all.filter((e) => e.type === 'ticket.details');
  };

  const ticketCount = () => t.deps.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  const blockRows = () => t.deps.db.prepare('SELECT visitor_key, ip, label, reason, created_by FROM blocks ORDER BY id').all();

  /** Vera joins from 203.0.113.7; Sam claims her ticket. */
  async function veraHeldBySam() {
    const sam = await t.supporter('Sam');
    const vera = agentAt(t, '203.0.113.7');
    expect((await joinWith(vera, { name: "Vera 'V' <b>" })).status).toBe(303);
    claimTicket(t.deps, 1, sam.id);
    return { sam, vera };
  }

  /** The intake refuses this browser: a calm page without the form, and a join that opens nothing. */
  async function expectRefused(agent: ReturnType<typeof agentAt>) {
    const page = await agent.get('/');
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain(REFUSAL);
    expect(html).not.toContain('<form id="intake"');
    const before = ticketCount();
    const join = await joinWith(agent, { name: 'Again', problem: 'Let me in' });
    expect(join.status).toBe(403);
    expect(await join.text()).toContain(REFUSAL);
    const htmx = await agent.request('/tickets', {
      method: 'POST', body: new URLSearchParams({ name: 'Again', problem: 'x', _csrf: agent.csrf }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true' },
    });
    expect(htmx.status).toBe(403);
    expect(await htmx.text()).toMatch(/^<div id="intake"[^]*You cannot start a chat here right now\./);
    expect(ticketCount()).toBe(before);
  }

  it('refuses the intake to a browser blocked by its visitor key, and keeps its open ticket open', async () => {
    const { sam, vera } = await veraHeldBySam();
    const res = await sam.agent.post('/desk/tickets/1/block', { reason: 'Abusive <b>language</b>' }, { htmx: true });
    expect(res.status).toBe(204);
    expect(blockRows()).toEqual([{ visitor_key: vera.cookies.get('lineup_visitor'), ip: null, label: "Vera 'V' <b>", reason: 'Abusive <b>language</b>', created_by: sam.id }]);
    await expectRefused(vera);
    // The same address in another browser is still welcome: only the key was blocked.
    const neighbour = agentAt(t, '203.0.113.7');
    expect((await neighbour.get('/')).status).toBe(200);
    expect(t.deps.db.prepare('SELECT state FROM tickets WHERE id = 1').pluck().get()).toBe('claimed');
  });

  it('also refuses every browser at the address when asked to block the IP address', async () => {
    const { sam } = await veraHeldBySam();
    expect((await sam.agent.post('/desk/tickets/1/block', { ip: '1' }, { htmx: true })).status).toBe(204);
    expect(blockRows()).toMatchObject([{ ip: '203.0.113.7' }]);
    await expectRefused(agentAt(t, '203.0.113.7'));
    expect((await agentAt(t, '198.51.100.1').get('/')).status).toBe(200);
  });

  it('says Blocked in the holder\'s panel, pushed live, and offers the IP box only when the address is known', async () => {
    const { sam } = await veraHeldBySam();
    const before = panelOf(await (await sam.agent.get('/desk')).text(), 1);
    expect(before).toContain('Also block their IP address (203.0.113.7)');
    expect(before).not.toContain('Blocked');
    newDetailEvents();
    await sam.agent.post('/desk/tickets/1/block', {}, { htmx: true });
    const event = newDetailEvents()[0]!;
    expect(event).toMatchObject({ ticketId: 1, supporterId: sam.id });
    const pushed = deskRenderer(t.deps, sam.id)(event)!.html;
    expect(pushed).toContain('<strong>Blocked</strong>');
    expect(pushed).not.toContain('Block visitor');
    // Pressing Block again adds no second row.
    await sam.agent.post('/desk/tickets/1/block', {}, { htmx: true });
    expect(blockRows()).toHaveLength(1);

    // A browser the server could not see the address of is never blocked by "unknown".
    await t.agent().join('Walt', 'Help');
    claimTicket(t.deps, 2, sam.id);
    expect(panelOf(await (await sam.agent.get('/desk')).text(), 2)).not.toContain('Also block their IP address');
    await sam.agent.post('/desk/tickets/2/block', { ip: '1' }, { htmx: true });
    expect(blockRows()[1]).toMatchObject({ ip: null });
    expect((await agentAt(t, '198.51.100.1').get('/')).status).toBe(200);
  });

  it('refuses to block for a supporter who does not hold the ticket (403), a forged id (404) or an overlong reason (400)', async () => {
    const { sam } = await veraHeldBySam();
    newDetailEvents();
    const olga = await t.supporter('Olga', 'admin');
    const other = await olga.agent.post('/desk/tickets/1/block', { ip: '1' }, { htmx: true });
    expect(other.status).toBe(403);
    expect((await olga.agent.post('/desk/tickets/77/block', {}, { htmx: true })).status).toBe(404);
    const long = await sam.agent.post('/desk/tickets/1/block', { reason: 'r'.repeat(201) }, { htmx: true });
    expect(long.status).toBe(400);
    expect(await long.text()).toBe('The reason must be at most 200 characters.');
    expect(blockRows()).toEqual([]);
    expect(newDetailEvents()).toEqual([]);
  });

  it('lets an admin see who is blocked and unblock them; the intake is offered again', async () => {
    const { sam, vera } = await veraHeldBySam();
    const ada = await t.supporter('Ada', 'admin');
    await sam.agent.post('/desk/tickets/1/block', { ip: '1', reason: 'Spam <i>links</i>' }, { htmx: true });
    await expectRefused(vera);

    const desk = await (await ada.agent.get('/desk')).text();
    expect(desk).toContain('<a href="/admin/blocks">Blocked visitors</a>');
    const list = await ada.agent.get('/admin/blocks');
    expect(list.status).toBe(200);
    const html = await list.text();
    for (const text of ['Vera &#39;V&#39; &lt;b&gt;', 'IP address 203.0.113.7', 'Spam &lt;i&gt;links&lt;/i&gt;', '<td>Sam</td>', vera.cookies.get('lineup_visitor')!.slice(0, 8)]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('aria-current="page">Blocked visitors');
    newDetailEvents();
    const lifted = await ada.agent.post('/admin/blocks/1/delete');
    expect(lifted.status).toBe(200);
    expect(await lifted.text()).toContain('Vera &#39;V&#39; &lt;b&gt; can start a chat again.');
    expect(blockRows()).toEqual([]);
    // Sam's panel stops saying Blocked without a reload.
    const event = newDetailEvents()[0]!;
    expect(event).toMatchObject({ ticketId: 1, supporterId: sam.id });
    expect(deskRenderer(t.deps, sam.id)(event)?.html).not.toContain('<strong>Blocked</strong>');
    // Vera's ticket is still open, so / takes her back to it; a new browser at her address gets the form.
    expect((await vera.get('/')).status).toBe(303);
    expect((await agentAt(t, '203.0.113.7').get('/')).status).toBe(200);
    expect((await ada.agent.post('/admin/blocks/1/delete')).status).toBe(404);
  });

  it('keeps the list and unblocking to admins (403 for supporters and supervisors, sign-in for visitors)', async () => {
    const { sam } = await veraHeldBySam();
    await sam.agent.post('/desk/tickets/1/block', {}, { htmx: true });
    const sue = await t.supporter('Sue', 'supervisor');
    for (const agent of [sam.agent, sue.agent]) {
      expect((await agent.get('/admin/blocks')).status).toBe(403);
      expect((await agent.post('/admin/blocks/1/delete')).status).toBe(403);
      expect(await (await agent.get('/desk')).text()).not.toContain('/admin/blocks');
    }
    const stranger = t.agent();
    expect((await stranger.get('/admin/blocks', { Accept: 'text/html' })).status).toBe(303);
    expect((await stranger.post('/admin/blocks/1/delete')).status).toBe(401);
    expect(blockRows()).toHaveLength(1);
  });
});
