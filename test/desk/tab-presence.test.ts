import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRenderer } from '../../src/desk/feed.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

describe("the visitor's presence on their tab", () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('shows on the tab whether the visitor is on the page, away or gone, live, and leaves the tab\'s name alone', async () => {
    const sam = await t.supporter('Sam');
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    const desk = await (await sam.agent.get('/desk')).text();
    expect(desk).toContain('<span id="tab-presence-1" class="tab__presence dot dot--offline" aria-hidden="true"');

    const pushed: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], supporterId: sam.id, deliver: (e) => pushed.push(e) });
    const render = deskRenderer(t.deps, sam.id);
    t.presence.connected('visitor', 1);
    t.presence.flush();
    expect(pushed.map((e) => render(e)?.html ?? '').join('')).toContain('class="tab__presence dot dot--available"');
    pushed.length = 0;
    expect((await vera.post(`${page}/away`, {}, { htmx: true })).status).toBe(204);
    expect(pushed.map((e) => render(e)?.html ?? '').join('')).toContain('class="tab__presence dot dot--away"');
  });
});
