import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessageTogether } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('messages sent in the same moment', () => {
  let t: ReturnType<typeof makeTestApp>;
  let other: Database.Database;
  beforeEach(() => {
    t = makeTestApp();
    other = new Database(t.deps.config.databasePath, { readonly: true });
  });
  afterEach(() => { other.close(); t.close(); });

  // PRAGMA data_version changes on one connection each time another connection commits.
  const commits = () => other.pragma('data_version', { simple: true }) as number;

  it('share one commit, and each is on disk before its sender hears back', async () => {
    const tickets = Array.from({ length: 20 }, (_, i) => openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId);
    const before = commits();
    const acks = tickets.map((id) => postMessageTogether(t.deps, id, { kind: 'visitor' }, `hello ${id}`)
      .then((messageId) => other.prepare('SELECT body FROM messages WHERE id = ?').get(messageId)));
    const stored = await Promise.all(acks);
    expect(stored.map((row) => (row as { body: string }).body)).toEqual(tickets.map((id) => `hello ${id}`));
    expect(commits() - before).toBe(1);
  });

  it('roll back a failing one alone, and publish the others after the commit, in order', async () => {
    const sam = await t.supporter('Sam');
    const open1 = openTicket(t.deps, { name: 'A', problem: 'Help' }).ticketId;
    const closed = openTicket(t.deps, { name: 'B', problem: 'Help' }).ticketId;
    const open2 = openTicket(t.deps, { name: 'C', problem: 'Help' }).ticketId;
    claimTicket(t.deps, closed, sam.id);
    closeTicket(t.deps, closed, sam.id, '');
    const published: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], ticketId: open1, deliver: (e) => published.push(e) });
    t.deps.hub.subscribe({ topics: [], ticketId: open2, deliver: (e) => published.push(e) });
    const results = await Promise.allSettled([
      postMessageTogether(t.deps, open1, { kind: 'visitor' }, 'first'),
      postMessageTogether(t.deps, closed, { kind: 'visitor' }, 'too late'),
      postMessageTogether(t.deps, open2, { kind: 'visitor' }, 'second'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toContain('closed');
    expect(other.prepare("SELECT count(*) AS n FROM messages WHERE body = 'too late'").get()).toEqual({ n: 0 });
    expect(published.map((e) => e.ticketId)).toEqual([open1, open2]);
    expect(published[0]!.id).toBeLessThan(published[1]!.id);
  });
});
