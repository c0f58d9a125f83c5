import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { openDatabase } from '../../src/lib/db.ts';
import { indexNewMessages } from '../../src/transcripts/indexer.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the search index, kept in batches', () => {
  let t: ReturnType<typeof makeTestApp>;
  let sam: Awaited<ReturnType<typeof t.supporter>>;
  beforeEach(async () => {
    t = makeTestApp();
    sam = await t.supporter('Sam');
  });
  afterEach(() => t.close());

  const indexed = (word: string) => t.deps.db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(word);
  const progress = () => t.deps.db.prepare('SELECT indexed_up_to FROM search_progress').pluck().get();
  function conversation(lines: string[]) {
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'The parcel never came' });
    claimTicket(t.deps, ticketId, sam.id); // writes a system line ("Sam joined the chat.")
    for (const line of lines) postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: sam.id }, line);
    return ticketId;
  }

  it('indexes what was written since the last round, in bounded batches, never system lines', () => {
    conversation(['A refund is on its way', 'Another refund, for shipping']);
    expect(indexed('refund')).toEqual([]); // a commit no longer touches the index
    const maxId = t.deps.db.prepare('SELECT max(id) FROM messages').pluck().get() as number;
    expect(indexNewMessages(t.deps.db, 2)).toBe(2);
    expect(indexNewMessages(t.deps.db, 2)).toBe(2);
    expect(indexNewMessages(t.deps.db, 2)).toBe(0);
    expect(progress()).toBe(maxId);
    expect(indexed('refund')).toHaveLength(2);
    expect(indexed('parcel')).toHaveLength(1);
    expect(indexed('joined')).toEqual([]);
    // Nothing is indexed twice.
    expect(indexNewMessages(t.deps.db)).toBe(0);
    expect(indexed('refund')).toHaveLength(2);
  });

  it('lets a search find a message written a moment before, without waiting for the next round', async () => {
    const id = conversation(['The courier lost it']);
    closeTicket(t.deps, id, sam.id, '');
    const page = await (await sam.agent.get('/search?q=courier')).text();
    expect(page).toContain(`/transcripts/${id}`);
  });

  it('resumes after a restart where it stopped, and deleting an unindexed message leaves the index sound', () => {
    conversation(['First batch word alpha']);
    indexNewMessages(t.deps.db);
    conversation(['Second batch word beta']);
    // Another connection (a restarted process) picks up from the stored progress.
    const again = openDatabase(t.deps.config.databasePath);
    expect(indexNewMessages(again)).toBe(3);
    again.close();
    expect(indexed('alpha')).toHaveLength(1);
    expect(indexed('beta')).toHaveLength(1);
    conversation(['Third, never indexed: gamma']);
    t.deps.db.prepare("DELETE FROM messages WHERE body LIKE 'Third%'").run();
    t.deps.db.prepare("DELETE FROM messages WHERE body LIKE 'First%'").run();
    expect(() => t.deps.db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run()).not.toThrow();
    expect(indexed('alpha')).toEqual([]);
  });
});
