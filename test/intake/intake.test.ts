import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the intake page', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('asks for a name, an optional e-mail and the problem, and says how many supporters are online', async () => {
    const html = await (await t.agent().get('/')).text();
    for (const label of ['<label for="name">Name</label>', '<label for="email">E-mail</label>', '<label for="problem">Describe your problem</label>']) {
      expect(html).toContain(label);
    }
    expect(html).toContain('Join the line');
    expect(html).toContain('No supporters are online right now.');
    const sam = await t.supporter('Sam');
    t.presence.connected('supporter', sam.id);
    t.presence.flush();
    expect(await (await t.agent().get('/')).text()).toContain('1 supporter is online right now.');
  });

  it('takes a joining visitor to their ticket page and brings the same browser back to it from /', async () => {
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    expect(page).toMatch(/^\/t\/[A-Za-z0-9_-]{43}$/);
    const again = await visitor.get('/');
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe(page);
    const cookie = visitor.cookies.get('lineup_ticket');
    expect(cookie).toBe(page.slice(3));
    // Another browser is not taken anywhere.
    expect((await t.agent().get('/')).status).toBe(200);
  });

  it('opens one ticket per browser: a second submit goes to the ticket the first one opened', async () => {
    const visitor = t.agent();
    const first = await visitor.join('Vera', 'Help');
    const again = await visitor.post('/tickets', { name: 'Vera', problem: 'Help' });
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe(first);
    const htmx = await visitor.post('/tickets', { name: 'Vera', problem: 'Help' }, { htmx: true });
    expect(htmx.headers.get('HX-Redirect')).toBe(first);
    expect((await t.agent().get('/')).status).toBe(200);
    const { listLine } = await import('../../src/line/tickets.ts');
    expect(listLine(t.deps.db).total).toBe(1);
  });

  it('offers a new ticket once the old one is closed', async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    await visitor.join('Vera', 'Help');
    claimTicket(t.deps, 1, sam.id);
    closeTicket(t.deps, 1, sam.id, '');
    expect((await visitor.get('/')).status).toBe(200);
  });

  it('answers an htmx join with a redirect header and a bad one with the form and its errors', async () => {
    const visitor = t.agent();
    const ok = await visitor.post('/tickets', { name: 'Vera', problem: 'Help' }, { htmx: true });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('HX-Redirect')).toMatch(/^\/t\//);
    const bad = await t.agent().post('/tickets', { name: 'Vera', problem: '' }, { htmx: true });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/^<form id="intake"/m);
    expect(html).toContain('Describe your problem is required.');
    expect(html).toContain('value="Vera"');
  });
});
