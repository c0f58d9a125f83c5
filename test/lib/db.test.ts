import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db.ts';
import { tempDir } from '../helpers/app.ts';

describe('the database', () => {
  it('is created and migrated on open, in WAL mode (commits reach the disk through WalSync)', () => {
    const file = path.join(tempDir(), 'nested', 'lineup.sqlite');
    const sqlite = openDatabase(file);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: WalSync syncs before answers
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all().map((r) => (r as { name: string }).name);
    for (const name of ['events', 'messages', 'messages_fts', 'sessions', 'supporters', 'tickets']) expect(tables).toContain(name);
    sqlite.close();
    // Opening again applies nothing twice.
    const again = openDatabase(file);
    again.close();
  });
});

describe('WalSync', () => {
  it('answers only after an fdatasync of the WAL that started after the call, one sync for many callers', async () => {
    const fs = (await import('node:fs')).default;
    const { WalSync } = await import('../../src/lib/wal-sync.ts');
    const file = path.join(tempDir(), 'lineup.sqlite');
    const sqlite = openDatabase(file);
    sqlite.prepare("INSERT INTO supporters (email, name, password_hash, role, created_at) VALUES ('a@b.co', 'A', 'x', 'admin', 0)").run();
    const original = fs.fdatasync;
    const started: number[] = [];
    const finish: Array<() => void> = [];
    (fs as unknown as { fdatasync: unknown }).fdatasync = (fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => { started.push(fd); finish.push(() => original(fd, cb)); };
    try {
      const wal = new WalSync(file);
      let done = 0;
      const first = Array.from({ length: 10 }, () => wal.sync().then(() => { done++; }));
      await new Promise((r) => setImmediate(r));
      expect(started).toHaveLength(1); // ten callers in one turn: one sync
      const late = wal.sync().then(() => { done++; }); // arrives while the first sync runs
      await new Promise((r) => setTimeout(r, 10));
      expect(done).toBe(0); // nobody is answered before the disk says so
      finish.shift()!();
      await Promise.all(first);
      expect(done).toBe(10);
      expect(started).toHaveLength(2); // the late caller gets a sync of its own
      finish.shift()!();
      await late;
      wal.close();
    } finally {
      (fs as unknown as { fdatasync: unknown }).fdatasync = original;
      sqlite.close();
    }
  });
});
