import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';
import { addSiteAs, frameCsrf, fromFrame, joinInFrame, ticketCount, ticketRow, type TestApp } from './widget-helpers.ts';

describe('the widget when nobody can chat', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp({ WHEN_NOBODY: 'offline' }); });
  afterEach(() => t.close());

  it('offers "Leave a message" in the frame and keeps the message, from the site, out of the line', async () => {
    const ada = await t.supporter('Ada', 'admin');
    const site = await addSiteAs(t, ada);
    const page = await (await fromFrame(t, `/w/${site.key}`)).text();
    expect(page).toContain('Nobody can chat right now.');
    expect(page).toContain('>Leave a message</button>');
    const csrf = await frameCsrf(t, site.key);
    const refused = await fromFrame(t, `/w/${site.key}/tickets`, { fields: { _csrf: csrf, name: 'Vera', problem: 'Help' } });
    expect(refused.status).toBe(400);
    expect(ticketCount(t)).toBe(0);
    const { id } = await joinInFrame(t, site.key, { email: 'vera@example.com' });
    expect(ticketById(t.deps.db, id)).toMatchObject({ offline: true, state: 'closed' });
    expect(ticketRow(t, id)).toMatchObject({ site_id: site.id });
  });
});

describe('the signed widget token', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('is refused when the request comes from another origin, even though anyone can fetch a token', async () => {
    const ada = await t.supporter('Ada', 'admin');
    const site = await addSiteAs(t, ada);
    const csrf = await frameCsrf(t, site.key);
    for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'null' }, {}] as Array<Record<string, string>>) {
      const res = await t.app.request(`http://localhost/w/${site.key}/tickets`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ _csrf: csrf, name: 'Vera', problem: 'Help' }),
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(ticketCount(t)).toBe(0);
  });
});
