import fs from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface LoopDelay {
  p50_ms: number; p99_ms: number; max_ms: number; over_50ms: number;
  /** Garbage-collection pauses: the longest, and how many took over 50 ms. */
  gc_max_ms: number; gc_over_50ms: number;
  /** All garbage-collection pauses together, and the pauses of full (mark-compact) collections. */
  gc_total_ms: number; gc_major: number; gc_major_ms: number;
  /** The stalls over 50 ms: when (ms since watching began) and how long. */
  stalls: Array<{ at: number; ms: number }>;
}

/** The histogram records the time between its timer's runs: lateness is that less this period. */
const RESOLUTION_MS = 5;

/**
 * Measures how late the event loop runs (what every delivery waiting behind other work feels),
 * and how long garbage collection paused it, so a tail can be put down to its cause.
 * `read()` gives the figures; `write()` puts them into `file` as JSON (the benchmark reads it).
 */
export function watchLoopDelay(file?: string) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let start = performance.now();
  let last = start;
  let stalls: LoopDelay['stalls'] = [];
  let gc = { max: 0, over50: 0, total: 0, major: 0, majorMs: 0 };
  // Stalls are recorded one by one too: a percentile hides how often a long one happens.
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - 20;
    if (late > 50 && stalls.length < 1000) stalls.push({ at: Math.round(last - start), ms: Math.round(late) });
    last = now;
  }, 20);
  timer.unref();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.max = Math.max(gc.max, entry.duration);
      if (entry.duration > 50) gc.over50++;
      gc.total += entry.duration;
      if (((entry as unknown as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) { gc.major++; gc.majorMs += entry.duration; }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const late = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
  const read = (): LoopDelay => ({
    p50_ms: late(histogram.percentile(50)), p99_ms: late(histogram.percentile(99)), max_ms: late(histogram.max), over_50ms: stalls.length,
    gc_max_ms: Math.round(gc.max * 100) / 100, gc_over_50ms: gc.over50,
    gc_total_ms: Math.round(gc.total), gc_major: gc.major, gc_major_ms: Math.round(gc.majorMs), stalls,
  });
  return {
    read,
    write() { if (file) fs.writeFileSync(file, JSON.stringify(read())); },
    reset() { histogram.reset(); start = last = performance.now(); stalls = []; gc = { max: 0, over50: 0, total: 0, major: 0, majorMs: 0 }; },
  };
}
