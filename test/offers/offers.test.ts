import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { forReader } from '../../src/chat/system-lines.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { routeDue } from '../../src/offers/offerer.ts';
import { RETRY_MS } from '../../src/offers/routing.ts';
import { makeTestApp } from '../helpers/app.ts';
import { watchDesk } from '../helpers/desk.ts';

/**
 * Offers: a ticket nobody claims rings at one supporter's desk at a time. First line (Ann, Bob)
 * stands in front of Second wave, an overflow group (Carol); Adam is the admin.
 */
describe('offers', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const FIRST_LINE = { name_en: 'First line', kind: 'line', offer_after: '30', offer_ring: '20', offer_rounds: '1', rule_helper: 'on', rule_language: 'on', rule_fewest: 'on', wave_after: '0' };

  async function team(settings: Record<string, string> = {}) {
    const adam = await t.supporter('Adam', 'admin');
    expect((await adam.agent.post('/admin/groups', { name_en: 'Second wave', kind: 'overflow' })).status).toBe(303);
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    const carol = await t.supporter('Carol');
    expect((await adam.agent.post('/admin/groups/1/members', { [`member_${ann.id}`]: 'on', [`member_${bob.id}`]: 'on' })).status).toBe(200);
    expect((await adam.agent.post('/admin/groups/2/members', { [`member_${carol.id}`]: 'on' })).status).toBe(200);
    expect((await adam.agent.post('/admin/groups/1', { ...FIRST_LINE, overflow_id: '2', ...settings })).status).toBe(200);
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    return { adam, ann, bob, carol };
  }

  const desk = (id: number) => watchDesk(t, id);

  const offers = () => t.deps.db.prepare('SELECT id, supporter_id AS supporterId, wave, round, outcome FROM offers ORDER BY id').all() as Array<{ id: number; supporterId: number; wave: number; round: number; outcome: string }>;
  const lines = (ticketId = 1) => listMessages(t.deps.db, ticketId, { withNotes: true }).filter((m) => m.author === 'note').map((m) => forReader(m, 'en').body);
  const answer = (agent: { post: (path: string, form: Record<string, string>, options?: { htmx?: boolean; csrf?: string }) => Promise<Response> }, id: number, what: 'accept' | 'decline') =>
    agent.post(`/desk/offers/${id}/${what}`, {}, { htmx: true });

  it('rings Ann after the delay; she declines, it rings Bob, he lets it lapse, and the second wave (Carol) accepts', async () => {
    const { ann, bob, carol } = await team();
    const annDesk = desk(ann.id);
    const bobDesk = desk(bob.id);
    const carolDesk = desk(carol.id);
    await t.agent().join('Vera', 'The invoice total is wrong');
    expect(carolDesk.pushed()).not.toContain('Vera');
    // Nothing is due before the group's delay.
    t.clock.advance(29_000);
    expect(routeDue(t.deps)).toBe(0);
    t.clock.advance(1_000);
    expect(routeDue(t.deps)).toBe(1);
    expect(offers()).toEqual([{ id: 1, supporterId: ann.id, wave: 1, round: 0, outcome: 'ringing' }]);
    expect(annDesk.pushed()).toContain('id="ring-1"');
    expect(annDesk.pushed()).toContain('<strong>Vera</strong> is waiting: will you take the ticket?');
    expect(annDesk.signals).toContain('lineup:ring');
    expect(annDesk.snapshot()).toContain('id="ring-1"');
    expect(bobDesk.pushed()).not.toContain('ring-');

    const declined = await answer(ann.agent, 1, 'decline');
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('You declined Vera&#39;s ticket; it rings at the next colleague.');
    expect(annDesk.pushed()).toContain('<hx-partial hx-target="#ring-1" hx-swap="delete">');
    expect(offers().map((o) => [o.supporterId, o.outcome])).toEqual([[ann.id, 'declined'], [bob.id, 'ringing']]);
    expect(bobDesk.pushed()).toContain('id="ring-2"');

    // Bob does not answer: it lapses, every first-line candidate has had it, Carol's wave sees it and rings.
    t.clock.advance(19_999);
    routeDue(t.deps);
    expect(offers()[1]!.outcome).toBe('ringing');
    t.clock.advance(1);
    routeDue(t.deps);
    expect(offers().map((o) => [o.supporterId, o.wave, o.outcome])).toEqual([[ann.id, 1, 'declined'], [bob.id, 1, 'lapsed'], [carol.id, 2, 'ringing']]);
    expect(carolDesk.pushed()).toContain('id="line-1"');
    expect(carolDesk.pushed()).toContain('id="ring-3"');
    expect(carolDesk.snapshot()).toContain('<span class="badge line-row__group">First line</span>');

    const accepted = await answer(carol.agent, 3, 'accept');
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('data-open-ticket="1"');
    expect(ticketById(t.deps.db, 1).supporterId).toBe(carol.id);
    expect(offers()[2]!.outcome).toBe('accepted');
    expect(carolDesk.pushed()).toContain('<hx-partial hx-target="#ring-3" hx-swap="delete">');
    // Nothing more is due for a claimed ticket.
    expect(t.deps.db.prepare('SELECT next_offer_at FROM tickets WHERE id = 1').pluck().get()).toBeNull();
    expect(lines()).toEqual([
      'Offered to Ann.', 'Ann declined the offer.', 'Offered to Bob.', 'Bob did not answer the offer in time.',
      'Nobody in First line took it: Second wave sees it too.', 'Offered to Carol.',
    ]);
    // The visitor never reads them.
    expect(listMessages(t.deps.db, 1).some((m) => m.body.includes('Offered'))).toBe(false);
  });

  it('never holds the ticket: a claim while it rings wins, and the late Accept says who has it; a lapsed offer answers 409', async () => {
    const { ann, bob } = await team({ offer_rounds: '2' });
    await t.agent().join('Vera', 'Help');
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect((await bob.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    expect(offers()[0]!.outcome).toBe('taken');
    const late = await answer(ann.agent, 1, 'accept');
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Bob claimed this ticket first.');
    expect(ticketById(t.deps.db, 1).supporterId).toBe(bob.id);

    // A second ticket rings at Ann; she answers after the offer ran out, before any sweep.
    await t.agent().join('Petr', 'Hello');
    t.clock.advance(30_000);
    routeDue(t.deps);
    const ringing = offers().at(-1)!;
    expect(ringing).toMatchObject({ supporterId: ann.id, outcome: 'ringing' });
    t.clock.advance(20_000);
    const lapsed = await answer(ann.agent, ringing.id, 'accept');
    expect(lapsed.status).toBe(409);
    expect(await lapsed.text()).toContain('This offer lapsed: it rang at a colleague next.');
    expect(ticketById(t.deps.db, 2).state).toBe('waiting');
    expect(offers().at(-2)!.outcome).toBe('lapsed');
    // Bob holds a chat, Ann none: in this round only Bob is left to ask.
    expect(offers().at(-1)).toMatchObject({ supporterId: bob.id, outcome: 'ringing' });
  });

  it('refuses forged, foreign and answered offers, and a forged CSRF token, changing nothing', async () => {
    const { ann, bob } = await team();
    await t.agent().join('Vera', 'Help');
    t.clock.advance(30_000);
    routeDue(t.deps);
    for (const path of ['/desk/offers/99/accept', '/desk/offers/abc/accept', '/desk/offers/-1/decline']) {
      expect((await ann.agent.post(path, {}, { htmx: true })).status, path).toBe(404);
    }
    expect((await answer(bob.agent, 1, 'accept')).status).toBe(404);
    expect((await ann.agent.post('/desk/offers/1/accept', {}, { csrf: 'forged' })).status).toBe(403);
    expect((await ann.agent.post('/desk/offers/1/keep', {}, { htmx: true })).status).toBe(404);
    expect(offers()).toEqual([{ id: 1, supporterId: ann.id, wave: 1, round: 0, outcome: 'ringing' }]);
    expect(ticketById(t.deps.db, 1).state).toBe('waiting');
    expect((await answer(ann.agent, 1, 'decline')).status).toBe(200);
    const again = await answer(ann.agent, 1, 'decline');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This offer is no longer open.');
  });

  it('exactly one holder when Accept and a colleague\'s claim come at the same moment', async () => {
    const { ann, bob } = await team();
    await t.agent().join('Vera', 'Help');
    t.clock.advance(30_000);
    routeDue(t.deps);
    const [accept, claim] = await Promise.all([answer(ann.agent, 1, 'accept'), bob.agent.post('/desk/tickets/1/claim', {}, { htmx: true })]);
    expect([accept.status, claim.status].sort()).toEqual([200, 409]);
    const holder = ticketById(t.deps.db, 1).supporterId;
    expect([ann.id, bob.id]).toContain(holder);
    expect(offers()[0]!.outcome).toBe(holder === ann.id ? 'accepted' : 'taken');
    expect(t.deps.db.prepare("SELECT count(*) FROM messages WHERE body LIKE '%joined the chat%'").pluck().get()).toBe(1);
  });

  it("offers first to whoever speaks the visitor's first language, and a returning visitor to who helped them last", async () => {
    const { adam, ann, bob } = await team();
    t.deps.db.prepare("UPDATE supporters SET languages = 'ru en' WHERE id = ?").run(bob.id);
    t.deps.db.prepare("UPDATE supporters SET languages = 'en' WHERE id = ?").run(ann.id);
    const vera = t.agent();
    await vera.join('Vera', 'Привет');
    t.deps.db.prepare("UPDATE tickets SET visitor_languages = 'ru en' WHERE id = 1").run();
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect(offers()[0]).toMatchObject({ supporterId: bob.id });
    expect((await answer(bob.agent, 1, 'accept')).status).toBe(200);
    expect((await bob.agent.post('/desk/tickets/1/close', {}, { htmx: true })).status).toBeLessThan(400);

    // Vera comes back in English: Bob helped her last, so his desk rings first although Ann reads English too.
    await vera.join('Vera', 'One more thing');
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect(offers()[1]).toMatchObject({ supporterId: bob.id });
    expect((await answer(bob.agent, 2, 'accept')).status).toBe(200);
    expect((await bob.agent.post('/desk/tickets/2/close', {}, { htmx: true })).status).toBeLessThan(400);

    // With the rule switched off for the group, fewer chats and then the order of accounts decide: Ann.
    const { rule_helper: _off, ...withoutHelper } = FIRST_LINE;
    expect((await adam.agent.post('/admin/groups/1', { ...withoutHelper, overflow_id: '2' })).status).toBe(200);
    await vera.join('Vera', 'And another');
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect(offers()[2]).toMatchObject({ supporterId: ann.id });
  });

  it('with offers off nothing rings; nobody available means a later look, or the second wave at once', async () => {
    const { ann, bob, carol } = await team({ offer_after: '0' });
    await t.agent().join('Vera', 'Help');
    t.clock.advance(3_600_000);
    expect(routeDue(t.deps)).toBe(0);
    expect(offers()).toEqual([]);
    // Turned on, the group's waiting tickets are offered after its delay from then.
    const adam = (await t.supporter('Alice', 'admin')).agent;
    expect((await adam.post('/admin/groups/1', { ...FIRST_LINE, overflow_id: '2' })).status).toBe(200);
    t.clock.advance(29_999);
    expect(routeDue(t.deps)).toBe(0);
    t.clock.advance(1);
    expect(routeDue(t.deps)).toBe(1);
    expect(offers()).toEqual([{ id: 1, supporterId: ann.id, wave: 1, round: 0, outcome: 'ringing' }]);
    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);

    expect((await adam.post('/admin/groups/1', { ...FIRST_LINE, overflow_id: '' })).status).toBe(200);
    t.deps.db.prepare("UPDATE supporters SET status = 'away' WHERE id IN (?, ?)").run(ann.id, bob.id);
    await t.agent().join('Petr', 'Hello');
    t.clock.advance(30_000);
    expect(routeDue(t.deps)).toBe(1);
    expect(offers()).toHaveLength(1);
    // Looked at again later, not forgotten.
    expect(t.deps.db.prepare('SELECT next_offer_at FROM tickets WHERE id = 2').pluck().get()).toBe(t.clock.now() + RETRY_MS);

    // With a second wave, nobody available in the first sends it there at once.
    expect((await adam.post('/admin/groups/1', { ...FIRST_LINE, overflow_id: '2' })).status).toBe(200);
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect(offers().at(-1)).toEqual({ id: 2, supporterId: carol.id, wave: 2, round: 0, outcome: 'ringing' });
    expect(ticketById(t.deps.db, 2).waveGroupId).toBe(2);
  });

  it('widens to the second wave after the wait the group sets, and a visitor leaving takes the ringing card away', async () => {
    const { ann, carol } = await team({ offer_after: '60', wave_after: '45' });
    const annDesk = desk(ann.id);
    const carolDesk = desk(carol.id);
    const vera = t.agent();
    const page = await vera.join('Vera', 'Help');
    t.clock.advance(45_000);
    routeDue(t.deps);
    expect(ticketById(t.deps.db, 1).waveGroupId).toBe(2);
    expect(carolDesk.pushed()).toContain('id="line-1"');
    // Carol may claim it from her line now; she is not in First line.
    t.clock.advance(15_000);
    routeDue(t.deps);
    expect(offers()[0]).toMatchObject({ supporterId: carol.id, wave: 2 });
    expect(annDesk.pushed()).not.toContain('ring-');
    expect((await vera.post(`${page}/leave`, {})).status).toBeLessThan(400);
    expect(offers()[0]!.outcome).toBe('withdrawn');
    expect(carolDesk.pushed()).toContain('<hx-partial hx-target="#ring-1" hx-swap="delete">');
  });

  it('moves a ticket nobody in its group can take to a line where someone can, and tells the visitor', async () => {
    const { adam, ann, bob, carol } = await team({ overflow_id: '' });
    expect((await adam.agent.post('/admin/groups', { name_en: 'Billing', kind: 'line' })).status).toBe(303);
    expect((await adam.agent.post('/admin/groups/3/members', { [`member_${carol.id}`]: 'on' })).status).toBe(200);
    const vera = t.agent();
    const page = await vera.join('Vera', 'Help');
    expect(ticketById(t.deps.db, 1).groupId).toBe(1);
    t.deps.db.prepare("UPDATE supporters SET status = 'away' WHERE id IN (?, ?)").run(ann.id, bob.id);
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect(ticketById(t.deps.db, 1).groupId).toBe(3);
    expect(await (await vera.get(page)).text()).toContain('You are being passed to Billing.');
    expect(lines()).toEqual(['Nobody in First line could take it: moved to Billing.']);
    // Billing's delay starts there: then Carol's desk rings.
    t.clock.advance(30_000);
    routeDue(t.deps);
    expect(offers()).toEqual([{ id: 1, supporterId: carol.id, wave: 1, round: 0, outcome: 'ringing' }]);
  });

  it('starts the rounds over after the delay when there is no second wave, and rings everyone again', async () => {
    const { ann, bob } = await team({ overflow_id: '', offer_rounds: '1' });
    await t.agent().join('Vera', 'Help');
    const lapse = () => { t.clock.advance(20_000); routeDue(t.deps); };
    t.clock.advance(30_000);
    routeDue(t.deps);
    lapse();
    lapse();
    expect(offers().map((o) => [o.supporterId, o.outcome])).toEqual([[ann.id, 'lapsed'], [bob.id, 'lapsed']]);
    expect(lines().at(-1)).toBe('Offered to everyone once; offers start again in 30 s.');
    // After the group's delay, a second set of rounds: Ann, then Bob, again.
    t.clock.advance(10_000);
    routeDue(t.deps);
    t.clock.advance(20_000);
    routeDue(t.deps);
    expect(offers().at(-1)).toMatchObject({ supporterId: ann.id, outcome: 'ringing' });
    lapse();
    expect(offers().at(-1)).toMatchObject({ supporterId: bob.id, outcome: 'ringing' });
    lapse();
    expect(offers()).toHaveLength(4);
    expect(lines().at(-1)).toBe('Offered to everyone once; offers start again in 30 s.');
  });

  it('reads only the tickets something is due for, by an index', () => {
    const plan = t.deps.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE next_offer_at <= ? ORDER BY next_offer_at LIMIT 20').all(0) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('tickets_offer_due');
  });
});
