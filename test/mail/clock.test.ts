import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localeFor } from '../../src/i18n/index.ts';
import { mailOfTicket } from '../../src/mail/outbox.ts';
import { visitorClock } from '../../src/mail/templates.ts';
import { makeTestApp } from '../helpers/app.ts';

const AFTERNOON = Date.UTC(2025, 2, 4, 16, 29);
const MORNING = Date.UTC(2025, 2, 4, 9, 5);

describe("times in mail, as the visitor's browser writes them", () => {
  it('writes 4:29 PM for an American English browser, never 04:29 PM', () => {
    const clock = visitorClock('UTC', 'en', 'en-US');
    expect(clock.time(AFTERNOON)).toMatch(/^4:29\sPM UTC$/);
    expect(clock.time(MORNING)).toMatch(/^9:05\sAM UTC$/);
    expect(clock.day(AFTERNOON)).toBe('March 4, 2025');
  });

  it('writes 16:29 for a British browser, and the British way when the browser named no region', () => {
    for (const tag of ['en-GB', 'en', null]) {
      expect(visitorClock('UTC', 'en', tag).time(AFTERNOON), String(tag)).toBe('16:29 UTC');
      expect(visitorClock('UTC', 'en', tag).day(AFTERNOON), String(tag)).toBe('4 March 2025');
    }
  });

  it("writes in the mail's language when the browser asked for another, and in the visitor's own time zone", () => {
    expect(visitorClock('UTC', 'en', 'ru-RU').time(AFTERNOON)).toBe('16:29 UTC');
    expect(visitorClock('Europe/Copenhagen', 'da', 'da-DK').time(AFTERNOON)).toBe('17.29');
    expect(visitorClock('America/New_York', 'en', 'en-US').time(AFTERNOON)).toMatch(/^11:29\sAM$/);
    expect(visitorClock('UTC', 'ru', 'ru-RU').time(MORNING)).toBe('9:05 UTC');
  });

  it('chooses the locale from a stored language tag only when it is the same language, and ignores a malformed one', () => {
    expect(localeFor('en', 'en-US')).toBe('en-US');
    expect(localeFor('en', 'en_us')).toBe('en-US');
    expect(localeFor('en', 'en')).toBe('en-GB');
    expect(localeFor('en', 'ru-RU')).toBe('en-GB');
    expect(localeFor('en', 'en-<script>')).toBe('en-GB');
    expect(localeFor('en', null)).toBe('en-GB');
    expect(localeFor('ru', 'ru-RU')).toBe('ru-RU');
    expect(localeFor('da', undefined)).toBe('da');
  });
});

describe('the reply mail', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp({ SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'Lineup <help@lineup.test>' }); });
  afterEach(() => t.close());

  async function replyMailTo(languageTag: string) {
    const sam = await t.supporter('Sam Supporter');
    await t.agent().join('Vera', 'The invoice total is wrong', 'vera@example.com');
    t.deps.db.prepare("UPDATE tickets SET visitor_language = ?, visitor_timezone = 'UTC' WHERE id = 1").run(languageTag);
    expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    t.clock.set(Date.UTC(2026, 0, 5, 16, 29));
    expect((await sam.agent.post('/desk/tickets/1/messages', { body: 'Here is the answer' }, { htmx: true })).status).toBe(204);
    return mailOfTicket(t.deps.db, 1).find((m) => m.kind === 'reply')!.text;
  }

  it('tells an American visitor the time as 4:29 PM', async () => {
    expect(await replyMailTo('en-US')).toMatch(/ 4:29\sPM UTC/);
  });

  it('tells a British visitor the time as 16:29', async () => {
    const text = await replyMailTo('en-GB');
    expect(text).toContain(' 16:29 UTC');
    // The time itself (the page's link is random and may hold the letters PM).
    expect(text).not.toMatch(/\d{1,2}:\d{2}\s?[AP]M/);
  });
});
