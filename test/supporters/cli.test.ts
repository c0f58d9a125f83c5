import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db.ts';
import { tempDir } from '../helpers/app.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function cli(databasePath: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root, env: { ...process.env, DATABASE_PATH: databasePath },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run cli -- add-supporter', () => {
  it('adds a supporter, says what it did, and refuses a duplicate e-mail or a bad role with a clear error', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const ok = await cli(db, 'add-supporter', '--email', 'Ann@Example.com', '--name', 'Ann', '--password', 'a long password', '--role', 'admin');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Added admin Ann <ann@example.com> \(id 1\)/);

    const dup = await cli(db, 'add-supporter', '--email', 'ann@example.com', '--name', 'Ann 2', '--password', 'a long password', '--role', 'supporter');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('A supporter with the e-mail ann@example.com already exists.');

    const role = await cli(db, 'add-supporter', '--email', 'bob@example.com', '--name', 'Bob', '--password', 'a long password', '--role', 'boss');
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('Role must be one of: admin, supervisor, supporter.');

    const missing = await cli(db, 'add-supporter', '--email', 'cy@example.com');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Name is required.');

    const unknown = await cli(db, 'add-supporter', '--mail', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage:');

    const check = openDatabase(db);
    expect(check.prepare('SELECT email FROM supporters ORDER BY id').pluck().all()).toEqual(['ann@example.com']);
    check.close();
  });
});
