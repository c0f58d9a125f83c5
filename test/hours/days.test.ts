import { describe, expect, it } from 'vitest';
import { dayStartIn, localDay } from '../../src/hours/hours.ts';

describe('calendar days in a time zone', () => {
  it('finds the instant a day begins, also on the days the clocks change', () => {
    expect(new Date(dayStartIn('2027-01-15', 'UTC')).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(new Date(dayStartIn('2027-01-15', 'Europe/Copenhagen')).toISOString()).toBe('2027-01-14T23:00:00.000Z');
    expect(new Date(dayStartIn('2027-03-28', 'Europe/Copenhagen')).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(new Date(dayStartIn('2027-03-29', 'Europe/Copenhagen')).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(new Date(dayStartIn('2027-06-01', 'Asia/Kolkata')).toISOString()).toBe('2027-05-31T18:30:00.000Z');
  });

  it('names the day an instant falls on', () => {
    expect(localDay(Date.UTC(2027, 0, 14, 23, 30), 'Europe/Copenhagen')).toBe('2027-01-15');
    expect(localDay(Date.UTC(2027, 0, 14, 23, 30), 'UTC')).toBe('2027-01-14');
    expect(localDay(dayStartIn('2027-03-29', 'Europe/Copenhagen') - 1, 'Europe/Copenhagen')).toBe('2027-03-28');
  });
});
