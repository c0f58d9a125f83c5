import { afterEach, describe, expect, it } from 'vitest';
import { abandonGoneVisitors } from '../../src/line/abandon.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { postMessage } from '../../src/chat/messages.ts';
import { makeTestApp } from '../helpers/app.ts';

const TOKEN = 'a'.repeat(16) + 'b'.repeat(16);

describe('/metrics', () => {
  let t: ReturnType<typeof makeTestApp>;
  afterEach(() => t.close());

  const scrape = async (authorization = `Bearer ${TOKEN}`) => t.app.request('/metrics', { headers: { Authorization: authorization } });
  /** One sample's value from the text format, by its name and labels as written. */
  const value = (text: string, sample: string) => Number(text.split('\n').find((line) => line.startsWith(`${sample} `))?.split(' ')[1]);

  it('is not there without METRICS_TOKEN', async () => {
    t = makeTestApp();
    expect((await scrape()).status).toBe(404);
  });

  it('answers only the bearer of the token', async () => {
    t = makeTestApp({ METRICS_TOKEN: TOKEN });
    for (const wrong of ['', TOKEN, `Bearer ${TOKEN}x`, `Bearer ${'a'.repeat(32)}`, `bearer ${TOKEN}`, `Basic ${TOKEN}`]) {
      const refused = await scrape(wrong);
      expect(refused.status, wrong).toBe(401);
      expect(refused.headers.get('WWW-Authenticate')).toContain('Bearer');
      expect(await refused.text()).not.toContain(TOKEN);
    }
    expect(() => makeTestApp({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 32 to 200/);
  });

  it('counts tickets and messages from the events, and reads the line, streams, outbox and loop at a scrape', async () => {
    t = makeTestApp({ METRICS_TOKEN: TOKEN });
    const sam = await t.supporter('Sam');
    const vera = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    openTicket(t.deps, { name: 'Walt', problem: 'Help' });
    t.clock.advance(90_000);
    const page = await t.app.request(`/t/${vera.token}/stream`);
    expect(page.status).toBe(200);

    let text = await (await scrape()).text();
    expect(value(text, 'lineup_line_waiting')).toBe(2);
    expect(value(text, 'lineup_line_longest_wait_seconds')).toBe(90);
    expect(value(text, 'lineup_tickets_total{event="opened"}')).toBe(2);
    expect(value(text, 'lineup_streams_open{kind="visitor"}')).toBe(1);
    expect(value(text, 'lineup_streams_open{kind="desk"}')).toBe(0);
    expect(value(text, 'lineup_mail_outbox{state="queued"}')).toBe(0);
    expect(text).toContain('lineup_nodejs_eventloop_lag_seconds');

    claimTicket(t.deps, vera.ticketId, sam.id);
    postMessage(t.deps, vera.ticketId, { kind: 'supporter', supporterId: sam.id }, 'Hello Vera');
    t.clock.advance(10 * 60_000);
    abandonGoneVisitors(t.deps);
    text = await (await scrape()).text();
    expect(value(text, 'lineup_tickets_total{event="claimed"}')).toBe(1);
    expect(value(text, 'lineup_tickets_total{event="abandoned"}')).toBe(1);
    expect(value(text, 'lineup_messages_total{author="supporter"}')).toBe(1);
    expect(value(text, 'lineup_messages_total{author="system"}')).toBe(2); // Sam joined; Vera left the page
    expect(value(text, 'lineup_line_waiting')).toBe(0);
    expect(value(text, 'lineup_delivery_lag_seconds_count')).toBeGreaterThanOrEqual(4);
    await page.body?.cancel();
  });
});
