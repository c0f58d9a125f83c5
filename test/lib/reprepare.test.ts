import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('compiled statements on the hot paths', () => {
  // SQLite 3.54 re-prepares a statement whose plan looked at a bound value each time its bindings
  // are cleared, which better-sqlite3 does after every run: a lookup then parsed and planned its SQL
  // on every call (see src/lib/statements.ts). Run in a process of its own, which counts from the start.
  it('are prepared once, not again on every call with other values', () => {
    const dir = tempDir();
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/lib/reprepare.fixture.ts', dir],
        { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const { built, counts } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { built: number; counts: Record<string, number> };
      // The count sees row constructors at all: each lookup's first run builds one.
      expect(built).toBeGreaterThanOrEqual(9);
      expect(Object.keys(counts)).toHaveLength(11);
      expect(counts).toEqual(Object.fromEntries(Object.keys(counts).map((name) => [name, 0])));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
