import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailOfTicket } from '../../src/mail/outbox.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the mail page', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** Vera left an address; her ticket is closed, so a transcript mail waits in the outbox. */
  async function closedWithMail() {
    const sam = await t.supporter('Sam');
    await t.agent().join('Vera <b>V</b>', 'The invoice total is wrong', 'vera@example.com');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    t.deps.db.prepare('UPDATE tickets SET visitor_online = 1 WHERE id = 1').run();
    expect((await sam.agent.post('/desk/tickets/1/close', {}, { htmx: true })).status).toBe(204);
    return sam;
  }

  it('lists recent mail for admins and supervisors, newest first, with its state and recipient', async () => {
    await closedWithMail();
    for (const role of ['admin', 'supervisor'] as const) {
      const who = await t.supporter(role === 'admin' ? 'Ada' : 'Lea', role);
      const res = await who.agent.get('/admin/mail');
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('<h1>Mail</h1>');
      expect(page).toContain('vera@example.com');
      expect(page).toContain('Vera &lt;b&gt;V&lt;/b&gt;');
      expect(page).toContain('waiting to be sent');
      expect(page).toContain('>Send again now');
      expect(page).toContain('href="/admin/mail" aria-current="page">Mail</a>');
    }
  });

  it('is closed to supporters and to anyone signed out, and their forged "Send again now" changes nothing', async () => {
    const sam = await closedWithMail();
    const before = mailOfTicket(t.deps.db, 1);
    expect((await sam.agent.get('/admin/mail')).status).toBe(403);
    expect((await sam.agent.post('/admin/mail/1/send')).status).toBe(403);
    expect(await (await sam.agent.get('/desk')).text()).not.toContain('href="/admin/mail"');
    const stranger = t.agent();
    expect((await stranger.get('/admin/mail')).status).toBe(401);
    expect((await stranger.post('/admin/mail/1/send')).status).toBe(401);
    const ada = await t.supporter('Ada', 'admin');
    expect((await ada.agent.post('/admin/mail/1/send', {}, { csrf: 'forged' })).status).toBe(403);
    expect(mailOfTicket(t.deps.db, 1)).toEqual(before);
  });

  it('answers an unknown or malformed mail id with 404', async () => {
    const ada = await t.supporter('Ada', 'admin');
    expect((await ada.agent.post('/admin/mail/99/send')).status).toBe(404);
    expect((await ada.agent.post('/admin/mail/abc/send')).status).toBe(404);
  });

  it("shows every supporter a transcript's mail on its page", async () => {
    const sam = await closedWithMail();
    const transcript = await (await sam.agent.get('/transcripts/1')).text();
    expect(transcript).toContain('hx-get="/transcripts/1/mail"');
    const block = await (await sam.agent.get('/transcripts/1/mail', { 'HX-Request': 'true' })).text();
    expect(block).toContain('Transcript e-mail to vera@example.com: waiting to be sent');
    expect((await t.agent().get('/transcripts/1/mail')).status).toBe(401);
    expect((await sam.agent.get('/transcripts/77/mail')).status).toBe(404);
  });

  it('says so when a transcript had no mail', async () => {
    const sam = await t.supporter('Sam');
    await t.agent().join('Walt', 'No address given');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    await sam.agent.post('/desk/tickets/1/close', {}, { htmx: true });
    expect(await (await sam.agent.get('/transcripts/1/mail')).text()).toContain('No e-mail was sent for this ticket.');
  });
});
