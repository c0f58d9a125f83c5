import { describe, expect, it } from 'vitest';
import { Health } from './health.ts';

describe('Health', () => {
  it('names each part that is not well, including a check that throws', () => {
    const health = new Health();
    let searchBroken = false;
    health.watch('database', () => null);
    health.watch('search thread', () => (searchBroken ? 'failed' : null));
    expect(health.problems()).toEqual([]);
    searchBroken = true;
    health.watch('mail outbox', () => { throw new Error('no such table'); });
    expect(health.problems()).toEqual(['search thread: failed', 'mail outbox: check failed (no such table)']);
  });
});
