import { describe, expect, it } from 'vitest';
import { neighbours, periodOf } from '../../src/reports/period.ts';
import { partsOf } from '../../src/reports/query.ts';
import { addInto, adjust, BOUNDS, bucketOf, dense, histogramOf, percentile } from '../../src/reports/histogram.ts';

describe("the reports' calendar", () => {
  it('turns a day into its week (Monday first), month and year, and a range into itself', () => {
    expect(periodOf({ period: 'week', date: '2026-12-09' }, '2026-01-01')).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
    expect(periodOf({ period: 'week', date: '2026-12-06' }, '2026-01-01')).toMatchObject({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodOf({ period: 'month', date: '2024-02-10' }, '2026-01-01')).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodOf({ period: 'year' }, '2026-05-05')).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodOf({ period: 'range', from: '2026-03-30', to: '2026-04-02' }, '2026-01-01')).toMatchObject({ from: '2026-03-30', to: '2026-04-02' });
    expect(periodOf({}, '2026-05-05')).toMatchObject({ kind: 'month', from: '2026-05-01', to: '2026-05-31' });
  });

  it('steps to the period before and after of the same kind', () => {
    const { before, after } = neighbours(periodOf({ period: 'month', date: '2026-03-31' }, '2026-01-01'));
    expect([before.from, before.to, after.from, after.to]).toEqual(['2026-02-01', '2026-02-28', '2026-04-01', '2026-04-30']);
    const range = neighbours(periodOf({ period: 'range', from: '2026-01-01', to: '2026-01-10' }, '2026-01-01'));
    expect([range.before.from, range.before.to, range.after.from]).toEqual(['2025-12-22', '2025-12-31', '2026-01-11']);
  });

  it('refuses dates that do not exist, reversed ranges and ranges over ten years', () => {
    for (const input of [{ period: 'day', date: '2026-02-30' }, { period: 'day', date: "2026-01-01' OR 1=1" }, { period: 'range', from: '2026-05-02', to: '2026-05-01' },
      { period: 'range', from: '1990-01-01', to: '2026-01-01' }, { period: 'range', from: '', to: '2026-01-01' }]) {
      expect(() => periodOf(input, '2026-01-01'), JSON.stringify(input)).toThrow('That period cannot be shown.');
    }
  });

  it('reads the whole months of a period from month rows and only the edge days from day rows', () => {
    expect(partsOf({ from: '2026-01-15', to: '2026-04-10' }, false)).toEqual({ days: [['2026-01-15', '2026-01-31'], ['2026-04-01', '2026-04-10']], months: ['2026-02', '2026-03'] });
    expect(partsOf({ from: '2026-01-01', to: '2026-12-31' }, false)).toEqual({ days: [], months: ['2026-01', '2026-12'] });
    expect(partsOf({ from: '2026-01-02', to: '2026-01-30' }, false)).toEqual({ days: [['2026-01-02', '2026-01-30']], months: null });
    expect(partsOf({ from: '2024-02-01', to: '2024-02-29' }, false)).toEqual({ days: [], months: ['2024-02', '2024-02'] });
    expect(partsOf({ from: '2026-01-01', to: '2026-12-31' }, true)).toEqual({ days: [['2026-01-01', '2026-12-31']], months: null });
  });
});

describe("the reports' duration buckets", () => {
  it('are one second wide under a minute and under a tenth of their value above', () => {
    for (let i = 1; i < BOUNDS.length - 1; i++) {
      const width = BOUNDS[i + 1]! - BOUNDS[i]!;
      expect(BOUNDS[i]! < 60 ? width : width / BOUNDS[i]!).toBeLessThanOrEqual(BOUNDS[i]! < 60 ? 1 : 0.1);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(59)).toBe(59);
    expect(BOUNDS[bucketOf(1_000_000)]).toBe(86400);
  });

  it('give exact percentiles under a minute and within their bucket above, after adding and taking away', () => {
    const waits = [3, 9, 9, 14, 22, 41, 58, 75, 130, 700];
    let stored: Buffer | null = null;
    for (const w of [...waits, 999]) stored = adjust(stored, { wait: w, firstReply: null, duration: w * 2 }, 1);
    stored = adjust(stored, { wait: 999, firstReply: null, duration: 1998 }, -1);
    const all = addInto(dense(), stored);
    const wait = histogramOf(all, 'wait');
    expect(percentile(wait, 50)).toBe(22);
    expect(Math.abs(percentile(wait, 90)! - 130)).toBeLessThanOrEqual(13);
    expect(percentile(histogramOf(all, 'firstReply'), 50)).toBeNull();
    expect(histogramOf(all, 'duration').reduce((a, b) => a + b, 0)).toBe(waits.length);
  });
});
