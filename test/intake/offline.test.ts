import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveHours } from '../../src/hours/hours.ts';
import { HoursWatch } from '../../src/intake/mode.ts';
import { ticketById, waitingCount } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

const MONDAY_NOON_UTC = Date.parse('2026-11-23T12:00:00Z');
const MONDAY_EVENING_UTC = Date.parse('2026-11-23T19:00:00Z');

describe('the intake when nobody can chat', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp({ WHEN_NOBODY: 'offline' }); });
  afterEach(() => t.close());

  const setHours = () => saveHours(t.deps, { timezone: 'UTC', opens1: '09:00', closes1: '17:00', opens2: '09:00', closes2: '17:00' });
  const available = async (name = 'Sam') => {
    const s = await t.supporter(name);
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk' WHERE id = ?").run(s.id);
    return s;
  };

  it('offers the live line while someone available is online and the team is open', async () => {
    await available();
    setHours();
    t.clock.set(MONDAY_NOON_UTC);
    const page = await (await t.agent().get('/')).text();
    expect(page).toContain('Join the line');
    expect(page).not.toContain('Leave a message');
  });

  it('turns into "Leave a message" when nobody is available, and keeps the message for the team, out of the line', async () => {
    const sam = await available();
    t.deps.db.prepare("UPDATE supporters SET status = 'away' WHERE id = ?").run(sam.id);
    const visitor = t.agent();
    const page = await (await visitor.get('/')).text();
    expect(page).toContain('Nobody can chat right now.');
    expect(page).toContain('>Leave a message</button>');
    const refused = await visitor.post('/tickets', { name: 'Vera', problem: 'Invoice wrong' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Leave your e-mail address so we can answer you.');
    const res = await visitor.post('/tickets', { name: 'Vera', email: 'vera@example.com', problem: 'Invoice wrong' });
    expect(res.status).toBe(303);
    const ticket = ticketById(t.deps.db, 1);
    expect([ticket.offline, ticket.state, waitingCount(t.deps.db)]).toEqual([true, 'closed', 0]);
    const thanks = await (await visitor.get(res.headers.get('Location')!)).text();
    expect(thanks).toContain('Thank you, we have your message.');
    expect(thanks).toContain('vera@example.com');
    // A second visit offers the intake again (an offline message is not an open ticket).
    expect((await visitor.get('/')).status).toBe(200);
  });

  it('says when the team is back outside opening hours, even with supporters online (a soft close)', async () => {
    t.clock.set(MONDAY_NOON_UTC);
    const sam = await available();
    setHours();
    const vera = t.agent();
    await vera.join('Vera', 'Still chatting');
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    t.clock.set(MONDAY_EVENING_UTC);
    const page = await (await t.agent().get('/')).text();
    expect(page).toContain('We are closed right now.');
    expect(page).toContain('We are back tomorrow at 09:00 (UTC time).');
    // The chat that was running goes on undisturbed.
    expect((await sam.agent.post('/desk/tickets/1/messages', { body: 'Still here after closing' }, { htmx: true })).status).toBe(204);
  });

  it('tells open intake pages when the team opens or closes, and when people come and go', async () => {
    await available();
    setHours();
    const seen: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: ['team'], deliver: (e) => seen.push(e) });
    const watch = new HoursWatch(t.deps);
    t.clock.set(MONDAY_NOON_UTC);
    watch.check();
    t.clock.set(MONDAY_NOON_UTC + 60_000);
    watch.check();
    expect(seen.filter((e) => e.type === 'hours.changed')).toHaveLength(0);
    t.clock.set(MONDAY_EVENING_UTC);
    watch.check();
    expect(seen.filter((e) => e.type === 'hours.changed')).toHaveLength(1);
  });
});

describe('messages left while nobody can chat, from one address', () => {
  it('are limited to a few an hour, so nobody can flood the team mailbox', async () => {
    const { agentAt } = await import('../visitor/visitor-agents.ts');
    const { OFFLINE_PER_ADDRESS_PER_HOUR } = await import('../../src/intake/offline.ts');
    const t = makeTestApp({ WHEN_NOBODY: 'offline' });
    try {
      const send = () => agentAt(t, '198.51.100.9').post('/tickets', { name: 'Sam Spam', email: 'spam@example.com', problem: 'Buy now' });
      for (let i = 0; i < OFFLINE_PER_ADDRESS_PER_HOUR; i++) expect((await send()).status).toBe(303);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain('Please try again later.');
      expect(t.deps.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(OFFLINE_PER_ADDRESS_PER_HOUR);
      // Another address, or the same one an hour later, is welcome.
      expect((await agentAt(t, '198.51.100.10').post('/tickets', { name: 'Vera', email: 'vera@example.com', problem: 'Help' })).status).toBe(303);
      t.clock.advance(60 * 60 * 1000 + 1);
      expect((await send()).status).toBe(303);
    } finally {
      t.close();
    }
  });
});

describe('a message left after hours, delivered to the team by a real SMTP server', () => {
  it("reaches TEAM_EMAIL with the visitor as Reply-To, and the visitor's text as text", async () => {
    const { startSmtp } = await import('../mail/smtp.ts');
    const { deliverDue } = await import('../../src/mail/outbox.ts');
    const { mailTransport } = await import('../../src/mail/transport.ts');
    const smtp = await startSmtp();
    const t = makeTestApp({ WHEN_NOBODY: 'offline', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Lineup Help <help@lineup.test>', TEAM_EMAIL: 'team@lineup.test' });
    try {
      const res = await t.agent().post('/tickets', { name: 'Walt', email: 'walt@example.com', problem: 'Call me back <b>please</b>' });
      expect(res.status).toBe(303);
      expect(await deliverDue(t.deps, mailTransport(t.deps.config))).toEqual({ sent: 1, failed: 0 });
      const [mail] = await smtp.waitFor(1);
      expect(mail!.rcptTo).toEqual(['team@lineup.test']);
      expect(mail!.headers['reply-to']).toContain('walt@example.com');
      expect(mail!.text).toContain('Call me back <b>please</b>');
      expect(mail!.html).toContain('Call me back &lt;b&gt;please&lt;/b&gt;');
    } finally {
      t.close();
      await smtp.close();
    }
  });
});
