import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('the SQLite binding under the running Node', () => {
  // better-sqlite3 12 on Node 24 aborted the whole process (Assertion failed: (env) != nullptr in
  // Statement::~Statement, exit 134) when one synchronous loop prepared ~100k statements.
  it('survives 150,000 statements prepared in one synchronous loop, and 501 intakes in a row', () => {
    const dir = tempDir();
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/lib/many-statements.fixture.ts', dir],
        { cwd: root, encoding: 'utf8', timeout: 120_000 });
      expect(run.stderr).not.toMatch(/Assertion failed/);
      expect(run.signal).toBeNull();
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('survived: 501 tickets');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
