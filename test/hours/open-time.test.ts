import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../src/hours/hours.ts';
import { openTimeAfter } from '../../src/hours/open-time.ts';

const weekdays9to17 = (timezone: string, closed: OpeningHours['closed'] = []): OpeningHours => ({
  timezone, closed, days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: 9 * 60, closesAt: 17 * 60 })),
});
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('open time', () => {
  it('counts the clock when no hours are set', () => {
    expect(openTimeAfter({ timezone: 'UTC', days: [], closed: [] }, at('2027-01-15T23:58:00Z'), 5 * 60_000)).toBe(at('2027-01-16T00:03:00Z'));
  });

  it('counts only inside opening hours, over evenings, weekends and closed dates', () => {
    const hours = weekdays9to17('UTC');
    // Friday 16:58 + 5 minutes of open time: 2 today, 3 on Monday.
    expect(iso(openTimeAfter(hours, at('2027-01-15T16:58:00Z'), 5 * 60_000))).toBe('2027-01-18T09:03:00.000Z');
    // Saturday night: from Monday's opening.
    expect(iso(openTimeAfter(hours, at('2027-01-16T22:00:00Z'), 60_000))).toBe('2027-01-18T09:01:00.000Z');
    // Inside hours, simply later.
    expect(iso(openTimeAfter(hours, at('2027-01-18T10:00:00Z'), 60_000))).toBe('2027-01-18T10:01:00.000Z');
    // Monday is a holiday: Tuesday.
    expect(iso(openTimeAfter(weekdays9to17('UTC', [{ day: '2027-01-18', note: '' }]), at('2027-01-15T16:58:00Z'), 5 * 60_000))).toBe('2027-01-19T09:03:00.000Z');
    // Closed dates alone: the rest of the clock runs.
    expect(iso(openTimeAfter({ timezone: 'UTC', days: [], closed: [{ day: '2027-01-16', note: '' }] }, at('2027-01-15T23:59:00Z'), 2 * 60_000))).toBe('2027-01-17T00:01:00.000Z');
  });

  it("uses the team's zone, also across a change of the clocks", () => {
    // 09:00 in Copenhagen is 08:00 UTC in winter and 07:00 in summer (clocks went forward on 28 March 2027).
    const hours = weekdays9to17('Europe/Copenhagen');
    expect(iso(openTimeAfter(hours, at('2027-01-16T12:00:00Z'), 60_000))).toBe('2027-01-18T08:01:00.000Z');
    expect(iso(openTimeAfter(hours, at('2027-03-27T12:00:00Z'), 60_000))).toBe('2027-03-29T07:01:00.000Z');
  });
});
