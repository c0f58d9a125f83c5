import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../http/env.ts';
import { anyone, table } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import type { lineupMetrics } from './metrics.ts';

/**
 * /metrics for Prometheus, only with `Authorization: Bearer METRICS_TOKEN`; without a token set,
 * there is no such page (and nothing is collected).
 */
export function opsRoutes(deps: Deps, metrics: ReturnType<typeof lineupMetrics> | null) {
  const expected = Buffer.from(`Bearer ${deps.config.metricsToken}`);

  return [table('/', [
    ['GET', '/metrics', anyone, scrape],
  ])];

  async function scrape(c: AppContext) {
    if (!metrics) throw new NotFound();
    const given = Buffer.from(c.req.header('Authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.text('A bearer token is needed: Authorization: Bearer <METRICS_TOKEN>.', 401, { 'WWW-Authenticate': 'Bearer realm="lineup-metrics"' });
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await metrics.text(), 200, { 'Content-Type': metrics.contentType });
  }
}
