import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('new-ticket alerts', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('are a per-supporter setting, kept on the account and shown ticked on the desk', async () => {
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    expect((await ann.agent.post('/desk/alerts', { newTickets: '1' }, { htmx: true })).status).toBe(200);
    expect(getSupporter(t.deps.db, ann.id)!.notifyNewTickets).toBe(true);
    expect(getSupporter(t.deps.db, bob.id)!.notifyNewTickets).toBe(false);
    expect(await (await ann.agent.get('/desk')).text()).toMatch(/id="alert-new" name="newTickets" value="1" checked/);
    await ann.agent.post('/desk/alerts', {}, { htmx: true });
    expect(getSupporter(t.deps.db, ann.id)!.notifyNewTickets).toBe(false);
  });

  it('cannot be changed by a forged form or by someone signed out', async () => {
    const ann = await t.supporter('Ann');
    expect((await ann.agent.post('/desk/alerts', { newTickets: '1' }, { htmx: true, csrf: 'forged' })).status).toBe(403);
    expect((await t.agent().post('/desk/alerts', { newTickets: '1' }, { htmx: true })).status).toBe(401);
    expect(getSupporter(t.deps.db, ann.id)!.notifyNewTickets).toBe(false);
  });
});
