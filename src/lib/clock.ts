/** The one source of time. Tests pass a manual clock to move time (TTLs, waiting times). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: `clock.advance(30_000)`. */
export function manualClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) { current += ms; },
    set(ms: number) { current = ms; },
  };
}
