import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candidatesFor, DEFAULT_RULES } from '../../src/groups/candidates.ts';
import { makeTestApp } from '../helpers/app.ts';

/** Whom Lineup would offer a waiting ticket to, best first (the offers' candidate order). */
describe('candidates for an offer', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const set = (id: number, columns: string) => t.deps.db.prepare(`UPDATE supporters SET ${columns} WHERE id = ?`).run(id);
  const now = () => t.clock.now();

  /** Ann, Bob and Carol in First line, on their desks; Vera waiting, reading Russian first, then English. */
  async function team() {
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    const carol = await t.supporter('Carol');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    const vera = t.agent();
    await vera.join('Vera', 'Help');
    t.deps.db.prepare("UPDATE tickets SET visitor_languages = 'ru en'").run();
    return { ann: ann.id, bob: bob.id, carol: carol.id, vera };
  }

  it('offers to available supporters of the ticket\'s group, fewer chats first, never away, on a break, off the desk or at their limit', async () => {
    const { ann, bob, carol } = await team();
    t.deps.db.prepare("UPDATE tickets SET visitor_languages = ''").run();
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([ann, bob, carol]);
    // Bob holds two chats, Carol one.
    t.deps.db.prepare("INSERT INTO tickets (token_hash, visitor_name, problem, state, supporter_id, created_at, group_id) VALUES ('a', 'X', 'p', 'claimed', ?, 0, 1), ('b', 'Y', 'p', 'claimed', ?, 0, 1), ('c', 'Z', 'p', 'claimed', ?, 0, 1)").run(bob, bob, carol);
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([ann, carol, bob]);
    set(ann, "status = 'away'");
    set(carol, "status = 'break'");
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([bob]);
    set(bob, 'capacity = 2');
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([]);
    set(bob, 'capacity = 3');
    set(ann, "status = 'available', place = 'elsewhere'");
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([bob]);
    // Someone who passed this round is not asked again.
    expect(candidatesFor(t.deps.db, 1, now(), new Set([bob]))).toEqual([]);
  });

  it("puts who speaks the visitor's first language first, and those who speak none only after the fallback delay", async () => {
    const { ann, bob, carol } = await team();
    set(ann, "languages = 'en'");
    set(bob, "languages = 'da'");
    set(carol, "languages = 'en ru'");
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([carol, ann]);
    t.clock.advance(DEFAULT_RULES.languageFallbackMs);
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([carol, ann, bob]);
    // Nobody who reads Russian or English: anyone.
    set(ann, "languages = 'da'");
    set(carol, "languages = ''");
    t.clock.set(0);
    expect(candidatesFor(t.deps.db, 1, now()).sort()).toEqual([ann, bob, carol].sort());
    expect(candidatesFor(t.deps.db, 1, now(), new Set(), { ...DEFAULT_RULES, byLanguage: false })).toEqual([ann, bob, carol]);
  });

  it('puts the supporter who last helped a returning visitor first', async () => {
    const { ann, bob, carol, vera } = await team();
    t.deps.db.prepare("UPDATE tickets SET visitor_languages = ''").run();
    // Carol helped Vera before; Vera comes back with a new request.
    t.deps.db.prepare("UPDATE tickets SET state = 'closed', supporter_id = ? WHERE id = 1").run(carol);
    t.clock.advance(60_000);
    await vera.join('Vera', 'Me again');
    t.deps.db.prepare("UPDATE tickets SET visitor_languages = '' WHERE id = 2").run();
    expect(candidatesFor(t.deps.db, 2, now())).toEqual([carol, ann, bob]);
    expect(candidatesFor(t.deps.db, 2, now(), new Set(), { ...DEFAULT_RULES, lastHelperFirst: false })).toEqual([ann, bob, carol]);
    // Not available: the others in the usual order.
    set(carol, "status = 'away'");
    expect(candidatesFor(t.deps.db, 2, now())).toEqual([ann, bob]);
  });

  it('finds nobody for an unknown ticket or one in a group with nobody there', async () => {
    await team();
    expect(candidatesFor(t.deps.db, 99, now())).toEqual([]);
    t.deps.db.prepare("INSERT INTO groups (names, kind, position, created_at) VALUES ('{\"en\":\"L2\"}', 'transfer', 2, 0)").run();
    t.deps.db.prepare('UPDATE tickets SET group_id = 2 WHERE id = 1').run();
    expect(candidatesFor(t.deps.db, 1, now())).toEqual([]);
  });
});
