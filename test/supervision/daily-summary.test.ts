import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { deliverDue } from '../../src/mail/outbox.ts';
import { mailTransport } from '../../src/mail/transport.ts';
import { sendDailySummary } from '../../src/supervision/daily-summary.ts';
import { makeTestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../mail/smtp.ts';

const HOUR = 3_600_000;

/** The optional daily summary reaches supervisors and admins through a real SMTP server, once a day after 07:00. */
describe('the daily summary mail', () => {
  let smtp: TestSmtp;
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(async () => {
    smtp = await startSmtp();
    t = makeTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Acme Help <help@acme.test>', PUBLIC_URL: 'http://lineup.test' });
  });
  afterEach(async () => { t.close(); await smtp.close(); });

  it("is off until an admin turns it on beside the norms, then sends yesterday's figures once after 07:00", async () => {
    await t.supporter('Sam', 'supervisor');
    const ann = await t.supporter('Ann <b>');
    t.clock.set(Date.UTC(2026, 0, 5, 10, 0)); // Monday
    for (const name of ['Vera', 'Petr']) {
      const { ticketId } = openTicket(t.deps, { name, problem: 'Help' });
      t.clock.advance(30_000);
      claimTicket(t.deps, ticketId, ann.id);
      closeTicket(t.deps, ticketId, ann.id, '');
    }
    t.clock.set(Date.UTC(2026, 0, 6, 7, 30)); // Tuesday 07:30
    expect(sendDailySummary(t.deps)).toBe(0);
    const adam = await t.supporter('Adam', 'admin');
    const saved = await adam.agent.post('/admin/norms', { sla_claim: '5', sla_first_reply: '1', sla_reply: '5', daily_summary: '1' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toMatch(/id="team-daily-summary"[^>]*checked/);
    t.clock.set(Date.UTC(2026, 0, 6, 6, 59));
    expect(sendDailySummary(t.deps)).toBe(0);
    t.clock.set(Date.UTC(2026, 0, 6, 7, 5));
    expect(sendDailySummary(t.deps)).toBe(2);
    expect(sendDailySummary(t.deps)).toBe(0);
    expect((await deliverDue(t.deps, mailTransport(t.deps.config))).sent).toBe(2);
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.rcptTo[0]).sort()).toEqual(['adam@example.com', 'sam@example.com']);
    expect(mails[0]!.headers.subject).toBe('Acme Help: the day of 2026-01-05');
    expect(mails[0]!.text).toContain('Tickets: 2');
    expect(mails[0]!.text).toContain('Ann <b>: 2 closed');
    expect(mails[0]!.html).toContain('Ann &lt;b&gt;: 2 closed');
    expect(mails[0]!.text).toContain('http://lineup.test/reports?period=day&date=2026-01-05');
    // The next day, the next summary.
    t.clock.advance(24 * HOUR);
    expect(sendDailySummary(t.deps)).toBe(2);
  });
});
