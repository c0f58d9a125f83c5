import type { Clock } from './clock.ts';

const HOUR_MS = 3600_000;

/**
 * A fixed hourly allowance per key (an address, say), kept in memory. Bounded: when it tracks
 * too many keys it forgets them all, which errs towards letting people through.
 *
 * @example
 * const uploads = new HourlyAllowance(clock, 200 * 1024 * 1024);
 * if (!uploads.has(address)) refuse(); ... uploads.spend(address, bytes);
 */
export class HourlyAllowance {
  private spent = new Map<string, { hour: number; amount: number }>();
  constructor(private clock: Clock, readonly perHour: number, private maxKeys = 50_000) {}

  /** Whether `key` has anything left this hour. */
  has(key: string): boolean {
    return this.used(key) < this.perHour;
  }

  spend(key: string, amount: number): void {
    const hour = this.hour();
    const entry = this.spent.get(key);
    if (entry && entry.hour === hour) { entry.amount += amount; return; }
    if (this.spent.size >= this.maxKeys) this.spent.clear();
    this.spent.set(key, { hour, amount });
  }

  /** Seconds until the allowance starts over, for Retry-After. */
  secondsLeft(): number {
    return Math.ceil(((this.hour() + 1) * HOUR_MS - this.clock.now()) / 1000);
  }

  private used(key: string): number {
    const entry = this.spent.get(key);
    return entry && entry.hour === this.hour() ? entry.amount : 0;
  }

  private hour(): number {
    return Math.floor(this.clock.now() / HOUR_MS);
  }
}
