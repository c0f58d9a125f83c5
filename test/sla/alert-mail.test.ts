import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/mail/outbox.ts';
import { mailTransport } from '../../src/mail/transport.ts';
import { recordDueBreaches } from '../../src/sla/watch.ts';
import { makeTestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from '../mail/smtp.ts';

const MIN = 60_000;

/** Broken norms reach supervisors and admins by mail through a real SMTP server, at most one mail each per 5 minutes. */
describe('norm alerts by mail', () => {
  let smtp: TestSmtp;
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(async () => {
    smtp = await startSmtp();
    t = makeTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Acme Help <help@acme.test>', PUBLIC_URL: 'http://lineup.test' });
  });
  afterEach(async () => { t.close(); await smtp.close(); });

  const send = () => deliverDue(t.deps, mailTransport(t.deps.config));
  const at = (minutes: number) => t.clock.set(Date.UTC(2026, 0, 5, 9, 0) + minutes * MIN);

  it('sends the first breach at once, gathers the next ones into one mail five minutes later, and never mails supporters', async () => {
    await t.supporter('Sam', 'supervisor');
    await t.supporter('Adam', 'admin');
    await t.supporter('Ann');
    at(0);
    await t.agent().join('Vera <img src=x onerror=alert(1)>', 'Help');
    at(2);
    await t.agent().join('Petr', 'Help');
    at(3.5);
    await t.agent().join('Olga', 'Help');

    at(5);
    expect(recordDueBreaches(t.deps)).toBe(1);
    expect((await send()).sent).toBe(2);
    const first = await smtp.waitFor(2);
    expect(first.map((m) => m.rcptTo[0]).sort()).toEqual(['adam@example.com', 'sam@example.com']);
    expect(first[0]!.headers.subject).toBe('A service norm was broken (Acme Help)');
    expect(first[0]!.text).toContain('- Vera <img src=x onerror=alert(1)> was not claimed in time');
    expect(first[0]!.html).toContain('Vera &lt;img src=x onerror=alert(1)&gt; was not claimed in time');
    expect(first[0]!.text).toContain('http://lineup.test/desk');

    // Petr at 09:07 and Olga at 09:08:30: one more mail each, not before 09:10, listing both.
    at(7);
    expect(recordDueBreaches(t.deps)).toBe(1);
    at(8.5);
    expect(recordDueBreaches(t.deps)).toBe(1);
    expect((await send()).sent).toBe(0);
    at(10);
    expect((await send()).sent).toBe(2);
    const second = (await smtp.waitFor(4)).slice(2);
    expect(second[0]!.headers.subject).toBe('2 service norms were broken (Acme Help)');
    expect(second[0]!.text).toContain('Petr was not claimed in time');
    expect(second[0]!.text).toContain('Olga was not claimed in time');
    expect(second[0]!.text).not.toContain('Vera');
    expect(smtp.received.some((m) => m.rcptTo.includes('ann@example.com'))).toBe(false);
  });
});
