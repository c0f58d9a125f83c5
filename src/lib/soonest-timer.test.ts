import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SoonestTimer } from './soonest-timer.ts';

describe('the soonest timer', () => {
  // Timeouts and the date are the test's; an immediate is real (it runs after the awaited one below).
  beforeEach(() => { vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] }); });
  afterEach(() => { vi.useRealTimers(); });

  it('sleeps until the soonest thing is due, goes on at once after a full batch, and looks again at least every 30 s', async () => {
    const due: number[] = [5_000, 5_000, 5_000, 60_000];
    const runs: number[] = [];
    const timer = new SoonestTimer('test', () => Date.now(), () => due[0] ?? null, () => {
      runs.push(Date.now());
      const now = due.filter((d) => d <= Date.now()).slice(0, 2);
      due.splice(0, now.length);
      return now.length;
    }, 2);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await new Promise((resolve) => setImmediate(resolve)); // the immediate that follows a full batch
    // A batch of two, then at once the third.
    expect(runs).toEqual([5_000, 5_000]);
    expect(due).toEqual([60_000]);
    // Never asleep longer than 30 s, whatever is due.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(runs).toEqual([5_000, 5_000, 35_000]);
    timer.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(runs).toHaveLength(3);
  });

  it('wakes earlier when told, and after a failure tries again 5 s later instead of spinning', async () => {
    let soonest: number | null = null;
    let fail = true;
    const runs: number[] = [];
    const timer = new SoonestTimer('test', () => Date.now(), () => soonest, () => {
      runs.push(Date.now());
      if (fail) throw new Error('the test fails it once');
      soonest = null;
      return 1;
    }, 10);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual([]);
    soonest = 12_000;
    timer.wake();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toEqual([12_000]);
    fail = false;
    await vi.advanceTimersByTimeAsync(4_999);
    expect(runs).toEqual([12_000]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([12_000, 17_000]);
    timer.stop();
  });
});
