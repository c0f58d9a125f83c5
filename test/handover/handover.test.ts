import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { deskRenderer } from '../../src/desk/feed.ts';
import { TRANSFER_ANSWER_MS, expireTransfers } from '../../src/handover/transfers.ts';
import { helpersOf } from '../../src/handover/participants.ts';
import { placeInLine, tabsOf, ticketById } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { setSupporterEnabled } from '../../src/supporters/accounts.ts';
import type { Role } from '../../src/supporters/schema.ts';
import { visitorRenderer } from '../../src/visitor/feed.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('hand-overs between supporters', () => {
  let t: ReturnType<typeof makeTestApp>;
  let events: LineupEvent[];
  beforeEach(() => {
    t = makeTestApp();
    events = [];
    t.deps.hub.subscribe({ topics: ['line'], ticketId: 1, deliver: (e) => events.push(e) });
  });
  afterEach(() => t.close());

  /** Ann holds Vera's ticket; the named colleagues are online. */
  async function setUp(colleagues: Array<[string, Role]> = [['Bob', 'supporter']]) {
    const ann = await t.supporter('Ann');
    const others = await Promise.all(colleagues.map(([name, role]) => t.supporter(name, role)));
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'My invoice is wrong');
    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    return { ann, bob: others[0]!, carol: others[1], visitor, page };
  }
  /** What a desk would show for everything that happened so far that is addressed to it. */
  const deskSaw = (supporterId: number, role: Role = 'supporter') => {
    // Rendered as each event is delivered, as a live stream does.
    const render = deskRenderer(t.deps, supporterId, role);
    const seen: string[] = [];
    t.deps.hub.subscribe({ topics: [], supporterId, deliver: (e) => seen.push(render(e)?.html ?? '') });
    return () => seen.join('');
  };
  const lastOffer = () => t.deps.db.prepare('SELECT id, state FROM transfers ORDER BY id DESC').get() as { id: number; state: string };

  it('offers a ticket to a colleague who accepts: it moves with its conversation and a private hand-over note', async () => {
    const { ann, bob, visitor, page } = await setUp();
    const annDesk = deskSaw(ann.id);
    const bobDesk = deskSaw(bob.id);
    await visitor.post(`${page}/messages`, { body: 'Order 1234' }, { htmx: true });
    const offered = await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id), note: 'Billing, <b>legacy</b> plan' }, { htmx: true });
    expect(offered.status).toBe(204);
    expect(bobDesk()).toContain('offers you <strong>Vera</strong>');
    expect(bobDesk()).toContain('Billing, &lt;b&gt;legacy&lt;/b&gt; plan');
    expect(annDesk()).toContain('Offered to <strong>Bob</strong>');

    const accepted = await bob.agent.post(`/desk/transfers/${lastOffer().id}/accept`, {}, { htmx: true });
    expect([accepted.status, await accepted.text()]).toEqual([200, `<p class="notice notice--ok" data-open-ticket="1">You took Vera&#39;s ticket.</p>`]);
    expect(ticketById(t.deps.db, 1).supporterId).toBe(bob.id);
    expect(tabsOf(t.deps.db, ann.id)).toEqual([]);
    expect(annDesk()).toContain('hx-target="#tab-1" hx-swap="delete"');
    expect(bobDesk()).toContain('hx-target="#tab-list" hx-swap="beforeend"');
    expect(bobDesk()).toContain('Order 1234');
    const said = listMessages(t.deps.db, 1, { withNotes: true }).map((m) => [m.author, m.body]);
    expect(said).toContainEqual(['system', 'Ann handed the conversation to Bob.']);
    expect(said).toContainEqual(['note', 'Hand-over note: Billing, <b>legacy</b> plan']);
    // The visitor is told who helps now, and never sees the note.
    const shown = events.map(visitorRenderer(t.deps, 1, page)).join('');
    expect(shown).toContain('You are talking with <strong>Bob</strong>');
    expect(await (await visitor.get(page)).text()).not.toContain('legacy');
  });

  it('keeps the ticket with its holder when the colleague declines or does not answer within 30 s', async () => {
    const { ann, bob } = await setUp();
    const annDesk = deskSaw(ann.id);
    await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true });
    const declined = await bob.agent.post(`/desk/transfers/${lastOffer().id}/decline`, {}, { htmx: true });
    expect(await declined.text()).toContain('You declined Vera&#39;s ticket.');
    expect(ticketById(t.deps.db, 1).supporterId).toBe(ann.id);
    expect(annDesk()).toContain('Bob declined the ticket; it stays with you.');

    await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true });
    t.clock.advance(TRANSFER_ANSWER_MS - 1);
    expect(expireTransfers(t.deps)).toBe(0);
    t.clock.advance(1);
    expect(expireTransfers(t.deps)).toBe(1);
    expect(lastOffer().state).toBe('expired');
    expect(annDesk()).toContain('Bob did not answer within 30 seconds; the ticket stays with you.');
    const late = await bob.agent.post(`/desk/transfers/${lastOffer().id}/accept`, {}, { htmx: true });
    expect([late.status, await late.text()]).toEqual([409, expect.stringContaining('This offer lapsed after 30 seconds.')]);
    expect(ticketById(t.deps.db, 1).supporterId).toBe(ann.id);

    // An answer after 30 s is late even when the sweep has not run yet.
    await ann.agent.post('/desk/tickets/1/transfer', { to: String(bob.id) }, { htmx: true });
    t.clock.advance(TRANSFER_ANSWER_MS);
    const unswept = await bob.agent.post(`/desk/transfers/${lastOffer().id}/accept`, {}, { htmx: true });
    expect([unswept.status, await unswept.text()]).toEqual([409, expect.stringContaining('This offer lapsed after 30 seconds.')]);
    expect([lastOffer().state, ticketById(t.deps.db, 1).supporterId]).toEqual(['expired', ann.id]);
  });

  it('refuses transfers to offline, disabled, unknown or oneself, by non-holders, twice at once, and with oversized notes', async () => {
    const { ann, bob, carol } = await setUp([['Bob', 'supporter'], ['Carol', 'admin']]);
    const offer = (agent: typeof ann.agent, fields: Record<string, string>) => agent.post('/desk/tickets/1/transfer', fields, { htmx: true });
    const answer = async (res: Response) => [res.status, await res.text()];
    t.deps.db.prepare("UPDATE supporters SET online = 0, place = 'offline' WHERE id = ?").run(bob.id);
    expect(await answer(await offer(ann.agent, { to: String(bob.id) }))).toEqual([409, 'Bob is offline; choose someone who is online.']);
    setSupporterEnabled(t.deps, carol!.id, bob.id, false);
    expect(await answer(await offer(ann.agent, { to: String(bob.id) }))).toEqual([409, 'Bob&#39;s account is disabled; choose someone else.']);
    expect(await answer(await offer(ann.agent, { to: String(ann.id) }))).toEqual([400, 'Choose someone other than yourself.']);
    expect(await answer(await offer(ann.agent, { to: '99999' }))).toEqual([400, 'Choose a colleague.']);
    expect(await answer(await offer(ann.agent, { to: '1 OR 1=1' }))).toEqual([400, 'Choose a colleague.']);
    expect(await answer(await offer(ann.agent, { to: String(carol!.id), note: 'x'.repeat(501) }))).toEqual([400, 'A hand-over note can be at most 500 characters.']);
    expect((await offer(carol!.agent, { to: String(ann.id) })).status).toBe(403);
    expect((await ann.agent.post('/desk/tickets/42/transfer', { to: String(carol!.id) }, { htmx: true })).status).toBe(404);
    expect((await offer(ann.agent, { to: String(carol!.id) })).status).toBe(204);
    expect(await answer(await offer(ann.agent, { to: String(carol!.id) }))).toEqual([409, 'This ticket is already offered to Carol; wait for an answer.']);
    // Only the colleague it was offered to can answer; forged ids are unknown.
    expect((await ann.agent.post(`/desk/transfers/${lastOffer().id}/accept`, {}, { htmx: true })).status).toBe(404);
    expect((await carol!.agent.post('/desk/transfers/abc/accept', {}, { htmx: true })).status).toBe(404);
    expect((await carol!.agent.post(`/desk/transfers/${lastOffer().id}/accept`, {}, { htmx: true, csrf: 'x' })).status).toBe(403);
    expect(t.deps.db.prepare('SELECT count(*) AS n FROM transfers').get()).toEqual({ n: 1 });
    expect(ticketById(t.deps.db, 1).supporterId).toBe(ann.id);
  });

  it('puts a ticket back in the line at its old place, with a note only supporters see', async () => {
    const { ann, visitor, page } = await setUp();
    await t.agent().join('Walt', 'Later arrival');
    const res = await ann.agent.post('/desk/tickets/1/back-to-line', { note: 'Needs a refund approval' }, { htmx: true });
    expect(res.status).toBe(204);
    const ticket = ticketById(t.deps.db, 1);
    expect([ticket.state, ticket.supporterId, placeInLine(t.deps.db, ticket)]).toEqual(['waiting', null, 1]);
    expect(listMessages(t.deps.db, 1, { withNotes: true }).map((m) => m.body)).toContain('Note for the next supporter: Needs a refund approval');
    const visitorPage = await (await visitor.get(page)).text();
    expect(visitorPage).toContain('You are back in the line at your old place');
    expect(visitorPage).not.toContain('refund approval');
  });

  it('invites a colleague who reads and writes beside the holder, and whom the visitor sees', async () => {
    const { ann, bob, visitor, page } = await setUp();
    const bobDesk = deskSaw(bob.id);
    expect((await ann.agent.post('/desk/tickets/1/invite', { to: String(bob.id) }, { htmx: true })).status).toBe(204);
    expect(bobDesk()).toContain('(helping)');
    expect(tabsOf(t.deps.db, bob.id).map((x) => x.id)).toEqual([1]);
    expect((await bob.agent.post('/desk/tickets/1/messages', { body: 'Hi, Bob from billing here' }, { htmx: true })).status).toBe(204);
    await visitor.post(`${page}/messages`, { body: 'Thanks both' }, { htmx: true });
    expect(bobDesk()).toContain('Thanks both');
    const visitorPage = await (await visitor.get(page)).text();
    expect(visitorPage).toContain('You are talking with <strong>Ann</strong> and <strong>Bob</strong>');
    expect(visitorPage).toContain('Hi, Bob from billing here');
    // Invited colleagues cannot close; the holder can, which closes their tab too.
    expect((await bob.agent.post('/desk/tickets/1/close', {}, { htmx: true })).status).toBe(403);
    expect((await ann.agent.post('/desk/tickets/1/invite', { to: String(bob.id) }, { htmx: true })).status).toBe(409);
    await ann.agent.post('/desk/tickets/1/close', {}, { htmx: true });
    expect(helpersOf(t.deps.db, 1)).toEqual([]);
    expect(bobDesk()).toMatch(/hx-target="#tab-1" hx-swap="delete"[^]*hx-target="#tab-1" hx-swap="delete"/);
  });

  it('lets an invited colleague leave, and keeps strangers out', async () => {
    const { ann, bob, carol } = await setUp([['Bob', 'supporter'], ['Carol', 'supporter']]);
    await ann.agent.post('/desk/tickets/1/invite', { to: String(bob.id) }, { htmx: true });
    expect((await carol!.agent.post('/desk/tickets/1/messages', { body: 'sneaky' }, { htmx: true })).status).toBe(403);
    expect((await carol!.agent.post('/desk/tickets/1/invite', { to: String(carol!.id) }, { htmx: true })).status).toBe(403);
    expect((await carol!.agent.post('/desk/tickets/1/leave-chat', {}, { htmx: true })).status).toBe(404);
    expect((await bob.agent.post('/desk/tickets/1/leave-chat', {}, { htmx: true })).status).toBe(204);
    expect(helpersOf(t.deps.db, 1)).toEqual([]);
    expect(listMessages(t.deps.db, 1).at(-1)!.body).toBe('Bob left the chat.');
  });

  it('lets a supervisor take over a ticket, telling the supporter who held it; a supporter may not', async () => {
    const { ann, bob, carol, page } = await setUp([['Bob', 'supporter'], ['Carol', 'supervisor']]);
    const annDesk = deskSaw(ann.id);
    const refused = await bob.agent.post('/desk/tickets/1/take-over', {}, { htmx: true });
    expect([refused.status, await refused.text()]).toEqual([403, expect.stringContaining('Only a supervisor or an admin can take over a ticket.')]);
    expect((await carol!.agent.post('/desk/tickets/1/take-over', {}, { htmx: true })).status).toBe(200);
    expect(ticketById(t.deps.db, 1).supporterId).toBe(carol!.id);
    expect(annDesk()).toContain("Carol took over Vera&#39;s ticket.");
    expect(listMessages(t.deps.db, 1).at(-1)!.body).toBe('Carol took over the conversation from Ann.');
    expect(events.map(visitorRenderer(t.deps, 1, page)).join('')).toContain('You are talking with <strong>Carol</strong>');
    expect((await carol!.agent.post('/desk/tickets/1/take-over', {}, { htmx: true })).status).toBe(409);
    // A supervisor's desk lists the chats in progress, live.
    const page2 = await (await carol!.agent.get('/desk')).text();
    expect(page2).toContain('Chats in progress');
    expect(await (await ann.agent.get('/desk')).text()).not.toContain('Chats in progress');
  });
});
