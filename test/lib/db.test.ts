import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db.ts';
import { tempDir } from '../helpers/app.ts';

describe('the database', () => {
  it('is created and migrated on open, in WAL mode with synchronous=FULL so an acknowledged message survives power loss', () => {
    const file = path.join(tempDir(), 'nested', 'lineup.sqlite');
    const { sqlite } = openDatabase(file);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all().map((r) => (r as { name: string }).name);
    for (const name of ['events', 'messages', 'messages_fts', 'sessions', 'supporters', 'tickets']) expect(tables).toContain(name);
    sqlite.close();
    // Opening again applies nothing twice.
    const again = openDatabase(file);
    again.sqlite.close();
  });
});
