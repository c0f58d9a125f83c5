import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('a note left when stepping away', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('shows on the desk while the visitor is away, escaped, and goes when they are back', async () => {
    const sam = await t.supporter('Sam');
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    expect((await vera.post(`${page}/away`, { note: 'back at 3 pm <b>promise</b>' }, { htmx: true })).status).toBe(204);
    expect(ticketById(t.deps.db, 1).awayMessage).toBe('back at 3 pm <b>promise</b>');
    const desk = await (await sam.agent.get('/desk')).text();
    expect(desk).toContain('Away: back at 3 pm &lt;b&gt;promise&lt;/b&gt;');
    expect(desk).not.toContain('<b>promise</b>');
    // A new note while away replaces the old one.
    expect((await vera.post(`${page}/away`, { note: 'back at 4 pm' }, { htmx: true })).status).toBe(204);
    expect(ticketById(t.deps.db, 1).awayMessage).toBe('back at 4 pm');
    expect((await vera.post(`${page}/back`, {}, { htmx: true })).status).toBe(204);
    expect(ticketById(t.deps.db, 1)).toMatchObject({ away: false, awayMessage: null });
    expect(await (await sam.agent.get('/desk')).text()).not.toContain('back at 4 pm');
  });

  it('refuses a note over 80 characters, and changes nothing', async () => {
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    const res = await vera.post(`${page}/away`, { note: 'x'.repeat(81) }, { htmx: true });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The note can be at most 80 characters.');
    expect(ticketById(t.deps.db, 1)).toMatchObject({ away: false, awayMessage: null });
    // Stepping away without a note is as before.
    expect((await vera.post(`${page}/away`, {}, { htmx: true })).status).toBe(204);
    expect(ticketById(t.deps.db, 1)).toMatchObject({ away: true, awayMessage: null });
  });
});
