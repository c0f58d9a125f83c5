import type { Clock } from './clock.ts';

/** So many in so long: "20/10m" is 20 per 10 minutes. */
export interface Rate { count: number; windowMs: number }

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000 };

/**
 * Reads a rate written `COUNT/WINDOW`, the window a number and s, m or h ("30/1m", "20/10m");
 * returns null for anything else.
 */
export function parseRate(text: string): Rate | null {
  const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,4})\s*([smh])\s*$/.exec(text);
  if (!match) return null;
  const count = Number(match[1]), windowMs = Number(match[2]) * UNITS[match[3]!]!;
  return count >= 1 && windowMs >= 1000 ? { count, windowMs } : null;
}

/**
 * At most `rate.count` per key in a window that starts with the key's first use, kept in memory.
 * Bounded: past `maxKeys` keys it forgets them all, which errs towards letting people through.
 *
 * @example
 * const joins = new WindowLimit(clock, { count: 20, windowMs: 600_000 });
 * const wait = joins.take(address); if (wait) refuse(wait);
 */
export class WindowLimit {
  private windows = new Map<string, { start: number; used: number }>();
  constructor(private clock: Clock, readonly rate: Rate, private maxKeys = 50_000) {}

  /** Counts one for `key`: 0 if it was allowed, else the seconds until the key may go on. */
  take(key: string): number {
    const wait = this.wait(key);
    if (wait) return wait;
    const now = this.clock.now();
    const window = this.windows.get(key);
    if (window && now - window.start < this.rate.windowMs) window.used += 1;
    else {
      if (this.windows.size >= this.maxKeys) this.windows.clear();
      this.windows.set(key, { start: now, used: 1 });
    }
    return 0;
  }

  /** How many `key` has used in its current window. */
  used(key: string): number {
    const window = this.windows.get(key);
    return window && this.clock.now() - window.start < this.rate.windowMs ? window.used : 0;
  }

  /** 0 if `key` may go on now, else the seconds until it may. */
  wait(key: string): number {
    const window = this.windows.get(key);
    const now = this.clock.now();
    if (!window || now - window.start >= this.rate.windowMs || window.used < this.rate.count) return 0;
    return Math.max(1, Math.ceil((window.start + this.rate.windowMs - now) / 1000));
  }
}
