import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setAway } from '../../src/line/away.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('Claim next', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const join = (name: string) => {
    t.clock.advance(1000);
    return openTicket(t.deps, { name, problem: `${name} needs help` }).ticketId;
  };

  it('takes the oldest ticket one may claim, skipping a visitor who stepped away, and opens its tab', async () => {
    const sam = await t.supporter('Sam');
    const [vera, walt, xenia] = [join('Vera'), join('Walt'), join('Xenia')];
    setAway(t.deps, ticketById(t.deps.db, walt), true);
    const first = await sam.agent.post('/desk/claim-next', {}, { htmx: true });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`data-open-ticket="${vera}"`);
    const second = await sam.agent.post('/desk/claim-next', {}, { htmx: true });
    expect(await second.text()).toContain(`data-open-ticket="${xenia}"`);
    expect([vera, walt, xenia].map((id) => ticketById(t.deps.db, id).state)).toEqual(['claimed', 'waiting', 'claimed']);
    const none = await sam.agent.post('/desk/claim-next', {}, { htmx: true });
    expect(none.status).toBe(409);
    expect(await none.text()).toContain('Nobody in the line can be claimed right now.');
    expect(ticketById(t.deps.db, walt).state).toBe('waiting');
  });

  it('gives colleagues pressing it at the same moment different tickets, never one twice', async () => {
    const people = await Promise.all(['Ann', 'Bob', 'Cy', 'Dee'].map((name) => t.supporter(name)));
    const ids = [join('V1'), join('V2'), join('V3')];
    const answers = await Promise.all(people.map((p) => p.agent.post('/desk/claim-next', {}, { htmx: true })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 409]);
    const holders = ids.map((id) => ticketById(t.deps.db, id).supporterId);
    expect(new Set(holders).size).toBe(3);
    expect(holders.every((h) => h !== null)).toBe(true);
  });

  it('refuses the signed-out and a form without its CSRF secret, and claims nothing', async () => {
    const sam = await t.supporter('Sam');
    const id = join('Vera');
    expect((await t.agent().post('/desk/claim-next', {}, { htmx: true })).status).toBe(401);
    expect((await sam.agent.post('/desk/claim-next', {}, { htmx: true, csrf: null })).status).toBe(403);
    expect(ticketById(t.deps.db, id).state).toBe('waiting');
  });
});
