/**
 * Durations in whole seconds, counted in buckets that are one second wide below a minute and
 * about a tenth of their value above it: what the day tables keep so that p50 and p90 over a
 * year read a few thousand small rows, not a million tickets. A percentile read from them is
 * exact below a minute and within its bucket (under 10 %) above.
 */
function bucketBounds(): number[] {
  const bounds: number[] = [];
  const steps: Array<[upTo: number, step: number]> = [[60, 1], [120, 5], [300, 10], [600, 30], [1200, 60], [3600, 120], [7200, 300], [14400, 600], [28800, 1200], [86400, 2400]];
  let at = 0;
  for (const [upTo, step] of steps) for (; at < upTo; at += step) bounds.push(at);
  bounds.push(86400);
  return bounds;
}

/** Each bucket's lower bound; the last holds everything from a day up. */
export const BOUNDS: readonly number[] = bucketBounds();
export const BUCKETS = BOUNDS.length;

/** The bucket a duration (seconds) falls in. */
export function bucketOf(seconds: number): number {
  let lo = 0;
  let hi = BUCKETS - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (BOUNDS[mid]! <= seconds) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The durations a row keeps histograms of, in this order in its blob. */
export const METRICS = ['wait', 'firstReply', 'duration'] as const;
export type Metric = (typeof METRICS)[number];
/** A row's histograms, dense: METRICS.length runs of BUCKETS counts. */
export const dense = () => new Uint32Array(METRICS.length * BUCKETS);
export const histogramOf = (all: Uint32Array, metric: Metric) => all.subarray(METRICS.indexOf(metric) * BUCKETS, (METRICS.indexOf(metric) + 1) * BUCKETS);

/**
 * A row's histograms as stored: only the non-empty buckets, six bytes each (metric, bucket, count
 * as a little-endian uint32), so a day row with four tickets keeps a few dozen bytes, and one
 * aggregate call per row merges all three.
 */
export function encode(counts: Uint32Array): Buffer | null {
  let used = 0;
  for (const n of counts) if (n) used++;
  if (!used) return null;
  const out = Buffer.alloc(used * 6);
  let at = 0;
  counts.forEach((n, i) => {
    if (!n) return;
    out[at] = Math.floor(i / BUCKETS);
    out[at + 1] = i % BUCKETS;
    out.writeUInt32LE(n, at + 2);
    at += 6;
  });
  return out;
}

/** Adds stored histograms into dense ones (times `sign`: -1 takes them away). */
export function addInto(into: Uint32Array, stored: Uint8Array | null | undefined, sign = 1): Uint32Array {
  if (!stored) return into;
  for (let at = 0; at + 6 <= stored.length; at += 6) {
    const n = stored[at + 2]! | (stored[at + 3]! << 8) | (stored[at + 4]! << 16) | (stored[at + 5]! * 2 ** 24);
    const i = stored[at]! * BUCKETS + stored[at + 1]!;
    into[i] = into[i]! + sign * n;
  }
  return into;
}

/** Stored histograms with one ticket's durations added (sign 1) or taken away (-1); null durations are not counted. */
export function adjust(stored: Uint8Array | null | undefined, durations: Record<Metric, number | null>, sign: 1 | -1): Buffer | null {
  const counts = addInto(dense(), stored);
  METRICS.forEach((metric, m) => {
    const seconds = durations[metric];
    if (seconds !== null) counts[m * BUCKETS + bucketOf(seconds)] = counts[m * BUCKETS + bucketOf(seconds)]! + sign;
  });
  return encode(counts);
}

/**
 * The duration at a percentile (nearest rank), interpolated inside its bucket by rank; null when
 * empty. One-second buckets give the exact second.
 */
export function percentile(counts: Uint32Array, p: number): number | null {
  let total = 0;
  for (const n of counts) total += n;
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    const n = counts[bucket]!;
    if (seen + n >= rank) {
      const lo = BOUNDS[bucket]!;
      const width = (BOUNDS[bucket + 1] ?? lo) - lo;
      return width <= 1 ? lo : Math.round(lo + (width * (rank - seen - 0.5)) / n);
    }
    seen += n;
  }
  return BOUNDS[BUCKETS - 1]!;
}
