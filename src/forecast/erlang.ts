/*
 * Erlang C: how many servers a queue needs so that a share of arrivals waits no longer than a
 * target. Here a server is one chat a supporter can hold; arrivals are tickets an hour; the
 * handling time is a chat's average duration.
 */

/** Erlang B for `servers` and `traffic` (erlangs), by the stable recursion B(n) = A·B(n-1) / (n + A·B(n-1)). */
export function erlangB(servers: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= servers; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** The probability that an arrival has to wait (Erlang C); 1 when the servers cannot keep up. */
export function erlangC(servers: number, traffic: number): number {
  if (servers <= traffic) return 1;
  const b = erlangB(servers, traffic);
  return (servers * b) / (servers - traffic * (1 - b));
}

/** The share of arrivals answered within `waitS` seconds, with `handleS` seconds of handling each. */
export function serviceLevel(servers: number, traffic: number, waitS: number, handleS: number): number {
  if (servers <= traffic) return 0;
  return 1 - erlangC(servers, traffic) * Math.exp((-(servers - traffic) * waitS) / handleS);
}

/**
 * The fewest servers that answer `target` (0-1) of `perHour` arrivals within `waitS`, each taking
 * `handleS` seconds; 0 when nothing arrives.
 *
 * @example
 * serversNeeded(100, 180, 20, 0.8) // 100 calls an hour of 3 minutes, 80 % within 20 s: 8
 */
export function serversNeeded(perHour: number, handleS: number, waitS: number, target: number): number {
  if (perHour <= 0 || handleS <= 0) return 0;
  const traffic = (perHour * handleS) / 3600;
  for (let n = Math.max(1, Math.floor(traffic) + 1); n < 100_000; n++) {
    if (serviceLevel(n, traffic, waitS, handleS) >= target) return n;
  }
  return 100_000;
}
