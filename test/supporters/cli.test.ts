import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db.ts';
import { verifyPassword } from '../../src/supporters/password.ts';
import { tempDir } from '../helpers/app.ts';
import { runCli as cli } from '../helpers/cli.ts';

describe('npm run cli', () => {
  it('adds a supporter with the password on standard input, and refuses a duplicate, a bad role, a weak password and no name', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const add = (args: string[], input = 'a long password\n') => cli(db, ['add-supporter', ...args], input);
    const ok = await add(['--email', 'Ann@Example.com', '--name', 'Ann', '--role', 'admin']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Added admin Ann <ann@example.com> \(id 1\)/);
    expect(ok.stdout + ok.stderr).not.toContain('a long password');

    const dup = await add(['--email', 'ann@example.com', '--name', 'Ann 2', '--role', 'supporter']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('A supporter with the e-mail ann@example.com already exists.');
    const role = await add(['--email', 'bob@example.com', '--name', 'Bob', '--role', 'boss']);
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('Role must be one of: admin, supervisor, supporter.');
    const weak = await add(['--email', 'bob@example.com', '--name', 'Bob', '--role', 'supporter'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password must be at least 10 characters.');
    const none = await add(['--email', 'bob@example.com', '--name', 'Bob', '--role', 'supporter'], '');
    expect(none.code).toBe(1);
    const missing = await add(['--email', 'cy@example.com']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Name is required.');

    const check = openDatabase(db);
    expect(check.prepare('SELECT email FROM supporters ORDER BY id').pluck().all()).toEqual(['ann@example.com']);
    check.close();
  });

  it('invites by e-mail instead of reading a password: the account waits, its invitation in the outbox', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    const done = await cli(db, ['add-supporter', '--email', 'Nia@Example.com', '--name', 'Nia', '--role', 'supervisor', '--invite'], '', { PUBLIC_URL: 'https://help.example.com' });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Invited supervisor Nia <nia@example.com> (id 1). The invitation is in the outbox');
    const check = openDatabase(db);
    try {
      expect(check.prepare('SELECT password_hash AS hash, invited_at IS NOT NULL AS invited FROM supporters').get()).toEqual({ hash: '', invited: 1 });
      const mail = check.prepare("SELECT kind, to_address AS address, text FROM mail_outbox").get() as { kind: string; address: string; text: string };
      expect(mail).toMatchObject({ kind: 'account', address: 'nia@example.com' });
      expect(mail.text).toMatch(/https:\/\/help\.example\.com\/set-password\/[A-Za-z0-9_-]{43}\n/);
      expect(check.prepare("SELECT action FROM audit_log").pluck().all()).toEqual(['supporterInvited']);
    } finally { check.close(); }
    expect((await cli(db, ['list'])).stdout).toBe('1\tsupervisor\tinvited\tnia@example.com\tNia\n');
    // Bad fields are refused as ever, and nothing is queued.
    const bad = await cli(db, ['add-supporter', '--email', 'not-an-address', '--name', 'X', '--role', 'supporter', '--invite']);
    expect(bad.code).toBe(1);
    expect((await cli(db, ['add-supporter', '--email', 'x@example.com', '--name', 'X', '--role', 'supporter', '--invite=yes'])).code).toBe(2);
  });

  it('never takes a password as an argument, and answers a wrong call with the usage and exit code 2', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    for (const args of [
      ['add-supporter', '--email', 'a@example.com', '--name', 'A', '--role', 'admin', '--password', 'a long password'],
      ['add-supporter', '--email', 'a@example.com', '--name', 'A', '--role', 'admin', '--password=a long password'],
      ['reset-password', '--email', 'a@example.com', '--password', 'a long password'],
      ['add-supporter', '--mail', 'x'], ['frobnicate'], [], ['toString'], ['reset-password'],
    ]) {
      const done = await cli(db, args, 'a long password\n');
      expect(done.code, args.join(' ')).toBe(2);
      expect(done.stderr).toContain('Usage');
      expect(done.stderr + done.stdout).not.toContain('a long password');
    }
    expect((await cli(db, ['list'])).stdout).toBe('');
  });

  it('resets a password, disables, enables and lists supporters', async () => {
    const db = path.join(tempDir(), 'cli.sqlite');
    await cli(db, ['add-supporter', '--email', 'ann@example.com', '--name', 'Ann', '--role', 'admin'], 'a long password\n');
    await cli(db, ['add-supporter', '--email', 'bob@example.com', '--name', 'Bob Builder', '--role', 'supporter'], 'a long password\r\n');
    const hashOf = () => {
      const check = openDatabase(db);
      try { return check.prepare("SELECT password_hash FROM supporters WHERE email = 'bob@example.com'").pluck().get() as string; } finally { check.close(); }
    };
    expect(await verifyPassword('a long password', hashOf())).toBe(true);

    const reset = await cli(db, ['reset-password', '--email', 'BOB@example.com'], 'another long password\nignored\n');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('New password set for Bob Builder <bob@example.com>');
    expect(await verifyPassword('another long password', hashOf())).toBe(true);
    expect((await cli(db, ['reset-password', '--email', 'bob@example.com'], 'short\n')).code).toBe(1);
    expect(await verifyPassword('another long password', hashOf())).toBe(true);
    const nobody = await cli(db, ['reset-password', '--email', 'zed@example.com'], 'another long password\n');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No supporter has the e-mail zed@example.com.');

    expect((await cli(db, ['disable', '--email', 'bob@example.com'])).code).toBe(0);
    expect((await cli(db, ['list'])).stdout).toBe('1\tadmin\tenabled\tann@example.com\tAnn\n2\tsupporter\tdisabled\tbob@example.com\tBob Builder\n');
    expect((await cli(db, ['enable', '--email', 'bob@example.com'])).stdout).toContain('Enabled Bob Builder');
    expect((await cli(db, ['list'])).stdout).toContain('2\tsupporter\tenabled');
    expect((await cli(db, ['disable', '--email', 'nobody@example.com'])).code).toBe(1);

    // Two-factor off for someone locked out (the only admin, say), from the server's shell.
    const check = openDatabase(db);
    check.prepare("UPDATE supporters SET totp_secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' WHERE email = 'ann@example.com'").run();
    check.close();
    const off = await cli(db, ['two-factor-off', '--email', 'ann@example.com']);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('Two-factor sign-in is off for Ann <ann@example.com>');
    const after = openDatabase(db);
    expect(after.prepare("SELECT totp_secret FROM supporters WHERE email = 'ann@example.com'").pluck().get()).toBeNull();
    after.close();
    expect((await cli(db, ['two-factor-off', '--email', 'zed@example.com'])).code).toBe(1);
  });
});
