import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('named statements', () => {
  // SQLite 3.54 re-prepares a statement whose plan looked at a bound value each time its bindings
  // are cleared, which better-sqlite3 does after every run: a lookup then parsed and planned its SQL
  // on every call (see src/lib/sql.ts). Run in a process of its own, which counts from the start.
  it('are prepared once, not again on every call with other values, through a whole working day', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/lib/reprepare.fixture.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const { statements, rebuilt } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { statements: number; rebuilt: Record<string, number> };
    // The count sees row constructors at all: the day runs most of Lineup's reading statements.
    expect(statements).toBeGreaterThanOrEqual(45);
    expect(rebuilt).toEqual({});
  });
});
