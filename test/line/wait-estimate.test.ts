import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { expectedMinutes, msPerPlace } from '../../src/line/wait-estimate.ts';
import { makeTestApp } from '../helpers/app.ts';

const MINUTE = 60_000;

describe('the expected wait', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** `count` tickets, each arriving `apart` after the last and claimed `after` its arrival. */
  let supporters = 0;
  async function claims(count: number, apart: number, after: number) {
    const sam = await t.supporter(`Sam ${'abcdefgh'[supporters++]}`);
    for (let i = 0; i < count; i++) {
      const id = openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId;
      t.clock.advance(after);
      claimTicket(t.deps, id, sam.id);
      t.clock.advance(apart - after);
    }
  }

  it('is not given until enough recent claims exist', async () => {
    expect(msPerPlace(t.deps.db, t.clock.now())).toBeNull();
    await claims(4, 2 * MINUTE, 2 * MINUTE);
    expect(msPerPlace(t.deps.db, t.clock.now())).toBeNull();
    expect(expectedMinutes(null, 3)).toBeNull();
    await claims(1, 2 * MINUTE, 2 * MINUTE);
    expect(msPerPlace(t.deps.db, t.clock.now())).toBe(2 * MINUTE);
  });

  it('counts a busy line by the time between claims', async () => {
    // Five visitors arrive together; one is claimed every 3 minutes.
    const sam = await t.supporter('Sam');
    const ids = [1, 2, 3, 4, 5, 6].map((i) => openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId);
    for (const id of ids) { t.clock.advance(3 * MINUTE); claimTicket(t.deps, id, sam.id); }
    const perPlace = msPerPlace(t.deps.db, t.clock.now());
    expect(perPlace).toBe(3 * MINUTE);
    expect(expectedMinutes(perPlace, 4)).toBe(12);
  });

  it('does not count a quiet hour with an empty line as a slow team', async () => {
    // A visitor every 10 minutes, each claimed 30 s after arriving.
    await claims(5, 10 * MINUTE, 30_000);
    expect(msPerPlace(t.deps.db, t.clock.now())).toBe(30_000);
    expect(expectedMinutes(30_000, 1)).toBe(1);
    expect(expectedMinutes(20_000, 1)).toBe(0);
  });

  it('forgets claims older than an hour', async () => {
    await claims(6, 2 * MINUTE, MINUTE);
    expect(msPerPlace(t.deps.db, t.clock.now())).not.toBeNull();
    t.clock.advance(61 * MINUTE);
    expect(msPerPlace(t.deps.db, t.clock.now())).toBeNull();
  });
});
