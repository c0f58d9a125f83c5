import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { toSearchQuery } from '../../src/transcripts/query.ts';
import { indexNewMessages } from '../../src/transcripts/indexer.ts';
import { RANK_WINDOW, searchTranscripts as searchIndex, type SearchFilters } from '../../src/transcripts/search.ts';
import { rateTicket } from '../../src/line/rating.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

const NASTY = [
  'foo AND (', '"x', '*', 'e-mail', 'body:secret', 'NEAR(a b)', 'a OR b NOT c', '^start', '"unbalanced "quotes""',
  '(((', ')))', '-', '+', '\\', "'; DROP TABLE messages; --", '🙂', '🙂 refund', 'a', 'ä', '中文', '{}', '[x]', 'x*y*z',
  '"', '""', ':', 'col:', 'NEAR/3', '%', '_', '\u0000', 'a'.repeat(1000), Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '),
];

describe('transcript search', () => {
  let t: ReturnType<typeof makeTestApp>;
  let supporterId: number;
  beforeEach(async () => {
    t = makeTestApp();
    supporterId = (await t.supporter('Sam')).id;
  });
  afterEach(() => t.close());

  // The search thread reads the index as the server keeps it: caught up before every search.
  function searchTranscripts(sqlite: typeof t.deps.db, q: string, page?: number, filters?: SearchFilters) {
    while (indexNewMessages(sqlite) > 0);
    return searchIndex(sqlite, q, page, filters);
  }

  function transcript(name: string, problem: string, lines: string[] = [], close = true) {
    t.clock.advance(60_000);
    const { ticketId } = openTicket(t.deps, { name, problem });
    claimTicket(t.deps, ticketId, supporterId);
    for (const line of lines) postMessage(t.deps, ticketId, { kind: 'supporter', supporterId }, line);
    if (close) closeTicket(t.deps, ticketId, supporterId, '');
    return ticketId;
  }

  it('finds words in the problem and in every message, newest transcript first', () => {
    const older = transcript('Ann', 'Refund for my order', ['We sent the refund today']);
    const newer = transcript('Bob', 'Where is my parcel', ['The refund was approved']);
    transcript('Cy', 'Password reset', ['Done']);
    const result = searchTranscripts(t.deps.db, 'refund');
    expect(result.hits.map((h) => h.ticketId)).toEqual([newer, older]);
    expect(result.hits[0]!.supporterName).toBe('Sam');
    expect(searchTranscripts(t.deps.db, 'parcel').hits.map((h) => h.ticketId)).toEqual([newer]);
  });

  it('narrows by the day it closed, the supporter who closed it and its rating, and counts what it found', async () => {
    const DAY = 86_400_000;
    const first = transcript('Ann', 'Refund for my order');
    rateTicket(t.deps, ticketById(t.deps.db, first)!, { stars: '2' });
    t.clock.advance(3 * DAY);
    const second = transcript('Bob', 'Refund again');
    rateTicket(t.deps, ticketById(t.deps.db, second)!, { stars: '5' });
    const cleo = await t.supporter('Cleo');
    t.clock.advance(60_000);
    const { ticketId: third } = openTicket(t.deps, { name: 'Cy', problem: 'Refund please' });
    claimTicket(t.deps, third, cleo.id);
    closeTicket(t.deps, third, cleo.id, '');
    const ids = (f: SearchFilters) => searchTranscripts(t.deps.db, 'refund', 0, f).hits.map((h) => h.ticketId);
    const day = (ms: number) => { const d = new Date(ms); d.setUTCHours(0, 0, 0, 0); return d.getTime(); };
    expect(searchTranscripts(t.deps.db, 'refund').total).toBe(3);
    expect(ids({ from: day(t.clock.now()), until: day(t.clock.now()) + DAY })).toEqual([third, second]);
    expect(ids({ until: day(t.clock.now()) })).toEqual([first]);
    expect(ids({ supporterId: cleo.id })).toEqual([third]);
    expect(ids({ rating: 'low' })).toEqual([first]);
    expect(ids({ rating: '5' })).toEqual([second]);
    expect(searchTranscripts(t.deps.db, 'refund', 0, { supporterId: cleo.id }).total).toBe(1);
    const sam = await t.supporter('Sammy');
    const page = await (await sam.agent.get(`/search?q=refund&rating=low`)).text();
    expect(page).toContain('1 transcript');
    for (const bad of ['from=2026-02-30', 'to=tomorrow', 'supporter=0', 'rating=6', "rating=1' OR '1"]) {
      expect((await sam.agent.get(`/search?q=refund&${bad}`)).status, bad).toBe(400);
    }
  });

  it('matches a prefix while typing and keeps quoted words together', () => {
    const a = transcript('Ann', 'My credit card was declined');
    transcript('Bob', 'The card reader is broken, credit note please');
    expect(searchTranscripts(t.deps.db, 'decl').hits.map((h) => h.ticketId)).toEqual([a]);
    expect(searchTranscripts(t.deps.db, '"credit card"').hits.map((h) => h.ticketId)).toEqual([a]);
  });

  it("doesn't search open tickets: only closed transcripts", () => {
    transcript('Ann', 'Invoice question', [], false);
    expect(searchTranscripts(t.deps.db, 'invoice').hits).toEqual([]);
  });

  it('treats any text a person can type as a valid search: nothing errors, nothing is FTS syntax', () => {
    transcript('Ann', 'secret body text and e mail');
    for (const q of NASTY) {
      expect(() => searchTranscripts(t.deps.db, q), JSON.stringify(q.slice(0, 20))).not.toThrow();
    }
    // A column filter is just words, and so are the operators.
    expect(searchTranscripts(t.deps.db, 'body:secret').hits).toHaveLength(1);
    expect(searchTranscripts(t.deps.db, 'e-mail').hits).toHaveLength(1);
    expect(searchTranscripts(t.deps.db, 'secret OR nothing').hits).toHaveLength(0);
    expect(searchTranscripts(t.deps.db, '🙂').empty).toBe('no-terms');
  });

  it('quotes every term it builds and caps how many there are', () => {
    expect(toSearchQuery('refund "credit card" inv')!.match).toBe('"refund" "credit card" "inv"*');
    expect(toSearchQuery('NEAR(a b)')!.match).toBe('"near" "a" "b"');
    expect(toSearchQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))!.terms).toHaveLength(8);
    expect(toSearchQuery('*()"^:')).toBeNull();
  });

  it('highlights matches as <mark> but shows what visitors typed as text', async () => {
    transcript('<b>Ann</b>', 'refund <script>alert(1)</script> please');
    const sam = t.agent();
    await sam.post('/login', { email: 'sam@example.com', password: 'correct horse battery' });
    const html = await (await sam.get('/search?q=refund')).text();
    expect(html).toContain('<mark>refund</mark>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Ann&lt;/b&gt;');
    expect(html).not.toContain('<script>alert');
  });

  it('lists the newest transcripts before anything is typed, problems shown as text', async () => {
    transcript('Ann', 'First <i>problem</i>');
    transcript('Bob', 'Second problem');
    transcript('Cy', 'Still open', [], false);
    const sam = t.agent();
    await sam.post('/login', { email: 'sam@example.com', password: 'correct horse battery' });
    const html = await (await sam.get('/search')).text();
    expect(html).toContain('Recently closed');
    expect(html.indexOf('Second problem')).toBeLessThan(html.indexOf('First &lt;i&gt;problem&lt;/i&gt;'));
    expect(html).not.toContain('Still open');
  });

  it('ranks only a bounded window of the newest matches, and says so', () => {
    const { ticketId } = openTicket(t.deps, { name: 'Ann', problem: 'common word' });
    claimTicket(t.deps, ticketId, supporterId);
    t.deps.db.transaction(() => {
      for (let i = 0; i < RANK_WINDOW + 50; i++) postMessage(t.deps, ticketId, { kind: 'supporter', supporterId }, `common ${i}`);
    })();
    closeTicket(t.deps, ticketId, supporterId, '');
    const result = searchTranscripts(t.deps.db, 'common');
    expect(result.windowFull).toBe(true);
    expect(result.hits).toHaveLength(1);
  });
});
