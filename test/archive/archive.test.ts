import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { rateTicket } from '../../src/line/rating.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import { archivePage } from '../../src/archive/archive.ts';
import { recordDueBreaches } from '../../src/sla/watch.ts';
import { makeTestApp } from '../helpers/app.ts';

const MIN = 60_000;

describe('the archive', () => {
  let t: ReturnType<typeof makeTestApp>;
  let ann: Awaited<ReturnType<typeof t.supporter>>;
  let bob: Awaited<ReturnType<typeof t.supporter>>;
  let day: string;
  beforeEach(async () => {
    t = makeTestApp();
    ann = await t.supporter('Ann', 'supervisor');
    bob = await t.supporter('Bob');
    day = new Date(t.clock.now()).toISOString().slice(0, 10);
  });
  afterEach(() => t.close());

  /** A conversation: the visitor opens at `at`, the supporter claims `claimAfter` minutes later, and the lines follow at the given minutes after the claim. */
  function conversation(at: number, name: string, who: number, claimAfter: number, lines: Array<[minute: number, author: 'visitor' | 'supporter', body: string]>, stars?: string) {
    t.clock.set(at);
    const { ticketId } = openTicket(t.deps, { name, problem: `${name} needs help` });
    t.clock.set(at + claimAfter * MIN);
    // What the norms' timer does as deadlines pass (src/sla/watch.ts).
    recordDueBreaches(t.deps);
    claimTicket(t.deps, ticketId, who);
    const claimed = t.clock.now();
    for (const [minute, author, body] of lines) {
      t.clock.set(claimed + minute * MIN);
      recordDueBreaches(t.deps);
      postMessage(t.deps, ticketId, author === 'visitor' ? { kind: 'visitor' } : { kind: 'supporter', supporterId: who }, body);
    }
    t.clock.advance(MIN);
    closeTicket(t.deps, ticketId, who, '');
    if (stars) rateTicket(t.deps, ticketById(t.deps.db, ticketId)!, { stars });
    return ticketId;
  }

  function seedDay() {
    const start = t.clock.now();
    const late = conversation(start, 'Vera', ann.id, 30, [[0.5, 'supporter', 'Hello Vera'], [2, 'visitor', 'My invoice is wrong'], [9, 'supporter', 'Fixed the invoice']], '2');
    const quick = conversation(start + 5 * MIN, 'Petr', bob.id, 1, [[0.5, 'supporter', 'Hi Petr'], [1, 'visitor', 'Password reset please'], [2, 'supporter', 'Sent a reset link']], '5');
    const early = conversation(start + 10 * MIN, 'Olga', ann.id, 2, [[0.5, 'supporter', 'Hello Olga, about your invoice'], [3, 'visitor', 'Thanks']]);
    return { late, quick, early };
  }

  it("lists a supporter's day in the order they took the tickets, the slow reply marked with its delay", () => {
    const { late, early } = seedDay();
    const page = archivePage(t.deps.db, { day, supporterId: ann.id }, 0);
    // Olga was claimed at 00:12, Vera at 00:30: the working day's order, not the arrival's.
    expect(page.entries.map((e) => e.ticketId)).toEqual([early, late]);
    // Vera waited 7 minutes for the second answer (the reply norm is 5): marked; Olga's answers were quick.
    expect(page.entries.map((e) => e.slowS)).toEqual([null, 7 * 60]);
    expect(page.total).toBe(2);
  });

  it("finds the visitor's words or the supporter's answers, and filters by rating and broken norms", () => {
    const { late, quick, early } = seedDay();
    const ids = (f: Parameters<typeof archivePage>[1]) => archivePage(t.deps.db, f, 0).entries.map((e) => e.ticketId);
    expect(ids({ day, words: 'invoice' })).toEqual([early, late]);
    expect(ids({ day, words: 'invoice', wordsIn: 'visitor' })).toEqual([late]);
    expect(ids({ day, words: 'invoice', wordsIn: 'supporter' })).toEqual([early, late]);
    expect(ids({ day, words: 'reset' })).toEqual([quick]);
    expect(archivePage(t.deps.db, { day, words: 'invo' }, 0).entries[0]!.snippet).toContain('\u0002');
    expect(ids({ day, rating: 'low' })).toEqual([late]);
    expect(ids({ day, rating: '5' })).toEqual([quick]);
    expect(ids({ day, rating: 'none' })).toEqual([early]);
    // Vera waited 30 minutes in line: the claim norm (5 minutes) was broken.
    expect(ids({ day, breach: true })).toEqual([late]);
    // Search syntax and symbols mean nothing: no error, no match.
    for (const words of ['"', 'NEAR(invoice', 'invoice OR *', "') OR 1=1 --"]) expect(() => archivePage(t.deps.db, { day, words }, 0), words).not.toThrow();
    expect(archivePage(t.deps.db, { day, words: '*** ---' }, 0)).toMatchObject({ badWords: true, entries: [] });
  });

  it('shows the slow reply in the transcript too, and a supporter only the conversations they took part in', async () => {
    const { late, quick } = seedDay();
    const transcript = await (await ann.agent.get(`/transcripts/${late}`)).text();
    expect(transcript).toContain('Answered after 7 min 0 s, slower than the reply norm');
    expect(await (await ann.agent.get(`/transcripts/${quick}`)).text()).not.toContain('slower than the reply norm');
    const bobs = await (await bob.agent.get(`/archive?date=${day}&supporter=${ann.id}`)).text();
    expect(bobs).toContain('Petr');
    expect(bobs).not.toContain('Vera');
    expect(bobs).toContain('These are the conversations you took part in.');
    const anns = await (await ann.agent.get(`/archive?date=${day}`)).text();
    expect(anns.match(/<h1/g)).toHaveLength(1);
    for (const name of ['Vera', 'Petr', 'Olga', 'Slowest reply 7 min 0 s', '3 transcripts']) expect(anns).toContain(name);
  });

  it('refuses broken dates and filters with a clear error', async () => {
    for (const path of ['/archive?date=2026-13-01', '/archive?rating=6', '/archive?in=everything', '/archive?supporter=-1', '/archive?group=abc']) {
      const answer = await ann.agent.get(path);
      expect(answer.status, path).toBe(400);
    }
    expect((await t.app.request('/archive')).status).toBe(401);
  });
});
