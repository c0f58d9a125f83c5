import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { setAway } from '../../src/line/away.ts';
import { listLine, openTicket, placeInLine, ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the line', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const join = (name: string) => {
    t.clock.advance(1000);
    return openTicket(t.deps, { name, problem: `${name} needs help` }).ticketId;
  };

  it('orders tickets by arrival and numbers places from 1', () => {
    const [a, b, c] = [join('Ann'), join('Bob'), join('Cy')];
    expect(listLine(t.deps.db).tickets.map((x) => x.id)).toEqual([a, b, c]);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, c))).toBe(3);
  });

  it('keeps an away visitor in their place and never reorders around them', () => {
    const [a, b, c] = [join('Ann'), join('Bob'), join('Cy')];
    setAway(t.deps, ticketById(t.deps.db, a), true);
    t.clock.advance(60_000);
    expect(listLine(t.deps.db).tickets.map((x) => x.id)).toEqual([a, b, c]);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, a))).toBe(1);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, c))).toBe(3);
    setAway(t.deps, ticketById(t.deps.db, a), false);
    expect(listLine(t.deps.db).tickets.map((x) => x.id)).toEqual([a, b, c]);
  });

  it("doesn't let anyone claim an away visitor, and says why", async () => {
    const s = await t.supporter('Sam');
    const a = join('Ann');
    setAway(t.deps, ticketById(t.deps.db, a), true);
    expect(() => claimTicket(t.deps, a, s.id)).toThrow(/stepped away/);
    expect(ticketById(t.deps.db, a).state).toBe('waiting');
    setAway(t.deps, ticketById(t.deps.db, a), false);
    claimTicket(t.deps, a, s.id);
    expect(ticketById(t.deps.db, a).state).toBe('claimed');
  });

  it('moves the places behind a claimed ticket up by one', async () => {
    const s = await t.supporter('Sam');
    const [a, b, c] = [join('Ann'), join('Bob'), join('Cy')];
    claimTicket(t.deps, b, s.id);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, a))).toBe(1);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, c))).toBe(2);
  });

  it('gives a claim to exactly one supporter and tells the other who won', async () => {
    const [ann, bob] = [await t.supporter('Ann'), await t.supporter('Bob')];
    const ticket = join('Vera');
    claimTicket(t.deps, ticket, ann.id);
    expect(() => claimTicket(t.deps, ticket, bob.id)).toThrow('Ann claimed this ticket first.');
    expect(ticketById(t.deps.db, ticket).supporterId).toBe(ann.id);
  });
});

describe('leaving the line', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('closes a waiting ticket without a supporter, moves everyone behind up, and keeps what was written', async () => {
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Never mind, found it');
    const other = t.agent();
    const otherPage = await other.join('Walt', 'Help');
    expect(await (await other.get(otherPage)).text()).toContain('Your place in line: <strong>2</strong>');
    expect((await visitor.post(`${page}/leave`, {}, { htmx: true })).status).toBe(204);
    const html = await (await visitor.get(page)).text();
    expect(html).toContain('You left the line.');
    expect(html).toContain('Never mind, found it');
    expect(await (await other.get(otherPage)).text()).toContain('Your place in line: <strong>1</strong>');
    expect(listLine(t.deps.db).tickets.map((x) => x.visitorName)).toEqual(['Walt']);
  });

  it("can't be done once a supporter has claimed the ticket", async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    claimTicket(t.deps, 1, sam.id);
    const res = await visitor.post(`${page}/leave`, {}, { htmx: true });
    expect(res.status).toBe(409);
    expect(ticketById(t.deps.db, 1).state).toBe('claimed');
  });
});
