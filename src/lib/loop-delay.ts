import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay { p50_ms: number; p99_ms: number; max_ms: number; over_50ms: number }

/**
 * Measures how late the event loop runs (what every delivery waiting behind other work feels).
 * `read()` gives the figures; `write()` puts them into `file` as JSON (the benchmark reads it).
 */
export function watchLoopDelay(file?: string) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // Stalls are counted one by one too: a percentile hides how often a long one happens.
  let last = performance.now();
  let over50 = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 20 > 50) over50++;
    last = now;
  }, 20);
  timer.unref();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const read = (): LoopDelay => ({ p50_ms: ms(histogram.percentile(50)), p99_ms: ms(histogram.percentile(99)), max_ms: ms(histogram.max), over_50ms: over50 });
  return {
    read,
    write() { if (file) fs.writeFileSync(file, JSON.stringify(read())); },
    reset() { histogram.reset(); over50 = 0; },
  };
}
