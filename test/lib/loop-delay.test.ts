import { describe, expect, it } from 'vitest';
import { watchLoopDelay } from '../../src/lib/loop-delay.ts';

describe('the loop delay watch', () => {
  it('reports how late the loop ran, not its timer period: an idle loop is on time', async () => {
    const watch = watchLoopDelay();
    await new Promise((r) => setTimeout(r, 300));
    expect(watch.read().p50_ms).toBeLessThan(2);
    // A loop held up for 120 ms shows it, at the top and as a stall.
    const until = performance.now() + 120;
    while (performance.now() < until) { /* hold the loop */ }
    await new Promise((r) => setTimeout(r, 30));
    const { max_ms, stalls } = watch.read();
    expect(max_ms).toBeGreaterThan(100);
    expect(stalls.length).toBe(1);
  });
});
