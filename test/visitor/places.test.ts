import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('places in line', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('are pushed to each waiting page when they move, once per sweep however many claims happened', async () => {
    const sam = await t.supporter('Sam');
    const ids = [1, 2, 3, 4].map((i) => openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId);
    const pushed = new Map<number, string[]>();
    for (const id of ids) t.places.watch(id, (html) => pushed.set(id, [...(pushed.get(id) ?? []), html]));
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
