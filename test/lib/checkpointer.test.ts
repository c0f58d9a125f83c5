import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BACKSTOP_PAGES, startCheckpointer } from '../../src/lib/checkpointer.ts';
import { openDatabase } from '../../src/lib/db.ts';
import { tempDir } from '../helpers/app.ts';
import { log } from '../../src/lib/log.ts';

/** Commits about 12 MiB (3,000 pages, three times SQLite's checkpoint threshold) in 30 transactions. */
function writePages(sqlite: ReturnType<typeof openDatabase>) {
  sqlite.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  const insert = sqlite.prepare('INSERT INTO filler (b) VALUES (randomblob(4000))');
  for (let t = 0; t < 30; t++) sqlite.transaction(() => { for (let i = 0; i < 100; i++) insert.run(); })();
}

async function until(condition: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the checkpoint thread', () => {
  it('takes checkpoints out of commits: the server connection writes only to the WAL', async () => {
    const file = path.join(tempDir(), 'lineup.sqlite');
    const sqlite = openDatabase(file);
    const before = fs.statSync(file).size;
    const checkpointer = startCheckpointer(sqlite, file, 60_000); // the thread's first checkpoint is a minute away
    try {
      writePages(sqlite);
      // A commit past 1,000 pages would have copied them into the database file (SQLite's default).
      expect(fs.statSync(file).size).toBe(before);
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(12_000_000);
    } finally {
      await checkpointer.close();
      sqlite.close();
    }
  });

  it('copies the WAL into the database file from its own thread, every interval', async () => {
    const file = path.join(tempDir(), 'lineup.sqlite');
    const sqlite = openDatabase(file);
    const checkpointer = startCheckpointer(sqlite, file, 50);
    try {
      writePages(sqlite);
      // Every page the server's connection sees (through the WAL) is in the database file.
      const bytes = (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
      expect(bytes).toBeGreaterThan(12_000_000);
      await until(() => fs.statSync(file).size === bytes);
    } finally {
      await checkpointer.close();
      sqlite.close();
    }
  });

  it('does nothing for a database in memory (it has no WAL)', async () => {
    const sqlite = openDatabase(':memory:');
    const checkpointer = startCheckpointer(sqlite, ':memory:');
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.close();
    sqlite.close();
  });

  it('hands checkpoints back to commits when the thread fails, so the WAL stays bounded', async () => {
    const file = path.join(tempDir(), 'lineup.sqlite');
    const sqlite = openDatabase(file);
    const quiet = vi.spyOn(log, 'error').mockImplementation(() => {});
    // The thread cannot open a database that is not there.
    const checkpointer = startCheckpointer(sqlite, path.join(tempDir(), 'missing.sqlite'), 50);
    try {
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
      await until(() => sqlite.pragma('wal_autocheckpoint', { simple: true }) === 1000); // as before it started
      expect(quiet).toHaveBeenCalledWith(expect.objectContaining({ err: expect.anything() }), expect.stringContaining('checkpoint thread failed'));
    } finally {
      quiet.mockRestore();
      await checkpointer.close();
      sqlite.close();
    }
  });
});
