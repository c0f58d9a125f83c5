import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';
import { LENGTH_PUSH_MS } from '../../src/visitor/places.ts';

describe('places in line', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('are pushed to each waiting page when they move, once per sweep however many claims happened', async () => {
    const sam = await t.supporter('Sam');
    const ids = [1, 2, 3, 4].map((i) => openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId);
    const pushed = new Map<number, string[]>();
    for (const id of ids) t.places.watch(id, 'en', (html) => pushed.set(id, [...(pushed.get(id) ?? []), html]));
    t.places.sweep(); // first sweep: everyone learns their place
    claimTicket(t.deps, ids[0]!, sam.id);
    claimTicket(t.deps, ids[1]!, sam.id);
    t.places.sweep();
    const places = (id: number) => (pushed.get(id) ?? []).map((html) => html.match(/<strong>(\d+)<\/strong>/)![1]);
    expect(places(ids[2]!)).toEqual(['3', '1']);
    expect(places(ids[3]!)).toEqual(['4', '2']);
    expect(places(ids[0]!)).toEqual(['1']); // claimed: no place any more, nothing pushed
    t.places.sweep();
    expect(places(ids[3]!)).toEqual(['4', '2']); // nothing moved: nothing sent
  });
});

describe('the place card', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it("says the line's length, follows joins behind, and speaks each page's language", async () => {
    const [first, second] = [1, 2].map((i) => openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId);
    const english: string[] = [];
    const danish: string[] = [];
    t.places.watch(first!, 'en', (html) => english.push(html));
    t.places.watch(second!, 'da', (html) => danish.push(html));
    t.places.sweep();
    expect(english.at(-1)).toContain('<strong>1</strong> <span class="place__of">of 2</span>');
    expect(danish.at(-1)).toContain('Din plads i køen: <strong>2</strong> <span class="place__of">af 2</span>');
    // Someone joins behind: the new length reaches the pages, but unhurried.
    openTicket(t.deps, { name: 'V3', problem: 'Help' });
    t.places.sweep();
    expect(english).toHaveLength(1);
    t.clock.advance(LENGTH_PUSH_MS);
    t.places.sweep();
    expect(english.at(-1)).toContain('<strong>1</strong> <span class="place__of">of 3</span>');
    expect(danish.at(-1)).toContain('af 3');
    // A place that moves is sent at once, with the length as it is then.
    claimTicket(t.deps, first!, (await t.supporter('Sam')).id);
    openTicket(t.deps, { name: 'V4', problem: 'Help' });
    t.places.sweep();
    expect(danish.at(-1)).toContain('<strong>1</strong> <span class="place__of">af 3</span>');
    expect(english.join('')).not.toContain('Expected wait');
  });

  it('adds the expected wait once enough claims were made recently', async () => {
    const sam = await t.supporter('Sam');
    const done = [1, 2, 3, 4, 5].map((i) => openTicket(t.deps, { name: `D${i}`, problem: 'Help' }).ticketId);
    const waiting = [1, 2].map((i) => openTicket(t.deps, { name: `W${i}`, problem: 'Help' }));
    const pushed: string[] = [];
    t.places.watch(waiting[1]!.ticketId, 'en', (html) => pushed.push(html));
    for (const id of done) { t.clock.advance(2 * 60_000); claimTicket(t.deps, id, sam.id); }
    t.places.sweep();
    expect(pushed.at(-1)).toContain('<strong>2</strong>');
    expect(pushed.at(-1)).toContain('Expected wait: about 4 minutes, going by recent waits.');
    // The ticket page says the same when it is drawn.
    const page = await (await t.app.request(`/t/${waiting[1]!.token}`)).text();
    expect(page).toContain('<strong>2</strong> <span class="place__of">of 2</span>');
    expect(page).toContain('Expected wait: about 4 minutes, going by recent waits.');
  });
});
