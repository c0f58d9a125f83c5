import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHours, openingState, type OpeningHours } from '../../src/hours/hours.ts';

/** Open or not, and when the team is back, in English. */
const openState = (hours: OpeningHours, now: number) => {
  const state = openingState(hours, now);
  return { open: state.open, reopens: state.back?.in('en') ?? null };
};
import { makeTestApp } from '../helpers/app.ts';

const weekdays = (opensAt: number, closesAt: number) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt, closesAt }));
const copenhagen: OpeningHours = { timezone: 'Europe/Copenhagen', days: weekdays(9 * 60, 17 * 60), closed: [{ day: '2026-12-24', note: 'Christmas' }] };
// Monday 2026-11-23 in Copenhagen is UTC+1.
const at = (iso: string) => Date.parse(iso);

describe('opening hours', () => {
  it('is open inside the hours of the day, in the site time zone', () => {
    expect(openState(copenhagen, at('2026-11-23T08:00:00Z'))).toEqual({ open: true, reopens: null }); // 09:00 local
    expect(openState(copenhagen, at('2026-11-23T15:59:00Z')).open).toBe(true); // 16:59 local
  });

  it('says when the team is back: later today, tomorrow, or after the weekend', () => {
    expect(openState(copenhagen, at('2026-11-23T07:59:00Z'))).toEqual({ open: false, reopens: 'today at 09:00' });
    expect(openState(copenhagen, at('2026-11-23T16:00:00Z'))).toEqual({ open: false, reopens: 'tomorrow at 09:00' });
    expect(openState(copenhagen, at('2026-11-27T18:30:00Z'))).toEqual({ open: false, reopens: 'Monday at 09:00' });
  });

  it('skips closed dates', () => {
    expect(openState(copenhagen, at('2026-12-24T10:00:00Z')).open).toBe(false);
    expect(openState(copenhagen, at('2026-12-23T17:00:00Z'))).toEqual({ open: false, reopens: 'Friday at 09:00' });
  });

  it('is always open when no hours are set', () => {
    expect(openState({ timezone: 'UTC', days: [], closed: [] }, at('2026-11-22T03:00:00Z')).open).toBe(true);
  });
});

describe('the opening hours page', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('lets an admin set the time zone, the hours per weekday and closed dates', async () => {
    const ada = await t.supporter('Ada', 'admin');
    const res = await ada.agent.post('/admin/hours', { timezone: 'Europe/Copenhagen', opens1: '09:00', closes1: '17:00', opens2: '', closes2: '' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Opening hours saved.');
    expect(loadHours(t.deps.db)).toMatchObject({ timezone: 'Europe/Copenhagen', days: [{ weekday: 1, opensAt: 540, closesAt: 1020 }] });
    await ada.agent.post('/admin/hours/closed', { day: '2026-12-24', note: 'Christmas <b>eve</b>' });
    const page = await (await ada.agent.get('/admin/hours')).text();
    expect(page).toContain('Christmas &lt;b&gt;eve&lt;/b&gt;');
  });

  it('refuses bad time zones, bad times and bad dates, and changes nothing', async () => {
    const ada = await t.supporter('Ada', 'admin');
    await ada.agent.post('/admin/hours', { timezone: 'UTC', opens1: '09:00', closes1: '17:00' });
    for (const form of [
      { timezone: 'Mars/Olympus', opens1: '09:00', closes1: '17:00' },
      { timezone: 'UTC', opens1: '17:00', closes1: '09:00' },
      { timezone: 'UTC', opens1: '9am', closes1: '17:00' },
      { timezone: 'UTC', opens1: '09:00', closes1: '' },
    ]) {
      const res = await ada.agent.post('/admin/hours', form);
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    expect(loadHours(t.deps.db).days).toEqual([{ weekday: 1, opensAt: 540, closesAt: 1020 }]);
    for (const day of ['2026-02-30', '24.12.2026', "2026-12-24' OR 1=1"]) {
      expect((await ada.agent.post('/admin/hours/closed', { day })).status).toBe(400);
    }
    expect(loadHours(t.deps.db).closed).toEqual([]);
  });

  it('is for admins only', async () => {
    const sam = await t.supporter('Sam');
    expect((await sam.agent.get('/admin/hours')).status).toBe(403);
    expect((await sam.agent.post('/admin/hours', { timezone: 'UTC' })).status).toBe(403);
    expect(loadHours(t.deps.db).days).toEqual([]);
  });
});
