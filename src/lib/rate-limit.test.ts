import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { parseRate, WindowLimit } from './rate-limit.ts';

describe('rates and window limits', () => {
  it('reads COUNT/WINDOW and refuses anything else', () => {
    expect(parseRate('20/10m')).toEqual({ count: 20, windowMs: 600_000 });
    expect(parseRate(' 30 / 1m ')).toEqual({ count: 30, windowMs: 60_000 });
    expect(parseRate('5/2h')).toEqual({ count: 5, windowMs: 7_200_000 });
    for (const bad of ['', '20', '20/', '/10m', '0/1m', '20/0s', '-1/1m', '1.5/1m', '20/10d', '20/10mm', '9'.repeat(20) + '/1m']) {
      expect(parseRate(bad), bad).toBeNull();
    }
  });

  it('lets `count` through per key in a window from its first use, then says how long to wait', () => {
    const clock = manualClock();
    const limit = new WindowLimit(clock, { count: 3, windowMs: 60_000 });
    expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([0, 0, 0]);
    expect(limit.take('b')).toBe(0);
    clock.advance(20_000);
    expect(limit.take('a')).toBe(40);
    expect(limit.used('a')).toBe(3);
    clock.advance(40_000);
    expect(limit.take('a')).toBe(0);
    expect(limit.used('a')).toBe(1);
  });

  it('forgets everyone rather than grow past its bound', () => {
    const clock = manualClock();
    const limit = new WindowLimit(clock, { count: 1, windowMs: 60_000 }, 3);
    for (const key of ['a', 'b', 'c']) limit.take(key);
    expect(limit.take('a')).toBeGreaterThan(0);
    limit.take('d');
    expect(limit.take('a')).toBe(0);
  });
});
