import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db.ts';
import { Agent, overHttp, tempDir } from '../helpers/app.ts';
import { addSupporterByCli, runCli } from '../helpers/cli.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

describe('backup and restore', () => {
  const servers: RunningServer[] = [];
  afterEach(async () => { for (const server of servers.splice(0)) await server.stop(); });

  it('copies a running, writing Lineup consistently, and restores it into a fresh one with every acknowledged message', async () => {
    const dir = tempDir();
    const env = { FILES_DIR: path.join(dir, 'files'), LIMIT_TICKETS_PER_ADDRESS: '1000/1m', LIMIT_MESSAGES_PER_ADDRESS: '100000/1m', LIMIT_MESSAGES_PER_TICKET: '100000/1m' };
    const server = await startServer({ databasePath: path.join(dir, 'lineup.sqlite'), env });
    servers.push(server);
    await addSupporterByCli(server.databasePath, { email: 'ann@example.com', name: 'Ann', role: 'admin', password: 'a long password' });

    // Visitors write without pause; each message counts as acknowledged once its POST answered.
    const visitors = await Promise.all([1, 2, 3, 4].map(async (i) => {
      const agent = new Agent(overHttp(server.url));
      return { agent, page: await agent.join(`Visitor ${i}`, 'Please help') };
    }));
    const file = new FormData();
    file.append('file', new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], 'receipt.png', { type: 'image/png' }));
    const uploaded = await visitors[0]!.agent.request(`${visitors[0]!.page}/files`, { method: 'POST', body: file, headers: { 'HX-Request': 'true', 'X-CSRF-Token': visitors[0]!.agent.csrf } });
    expect(uploaded.status).toBe(204);
    const acknowledged: Array<{ text: string; at: number }> = [];
    let writing = true;
    const writers = visitors.map(async ({ agent, page }, v) => {
      for (let n = 0; writing; n++) {
        const text = `visitor ${v} message ${n}`;
        const res = await agent.post(`${page}/messages`, { body: text }, { htmx: true });
        if (res.status < 300) acknowledged.push({ text, at: performance.now() });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const backupStarted = performance.now();
    const made = await runCli(server.databasePath, ['backup', path.join(dir, 'backups')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writing = false;
    await Promise.all(writers);
    expect(made.code, made.stderr).toBe(0);
    const folder = made.stdout.trim().split('\n').at(-1)!.replace(/^Backed up to /, '').replace(/\.$/, '');
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.database.tickets).toBe(4);
    expect(manifest.files.count).toBe(1);
    const before = acknowledged.filter((m) => m.at < backupStarted);
    expect(before.length).toBeGreaterThan(20);
    expect(manifest.database.messages).toBeGreaterThanOrEqual(before.length);

    // Restoring over the running instance is refused, and changes nothing.
    const refused = await runCli(server.databasePath, ['restore', folder], '', env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/A running Lineup \(process \d+\) uses this database/);

    // Into a fresh instance: every message acknowledged before the backup began is there, and the file.
    const fresh = { databasePath: path.join(tempDir(), 'restored.sqlite'), filesDir: path.join(tempDir(), 'files') };
    const restored = await runCli(fresh.databasePath, ['restore', folder], '', { FILES_DIR: fresh.filesDir });
    expect(restored.code, restored.stderr).toBe(0);
    const db = openDatabase(fresh.databasePath);
    const texts = new Set(db.prepare("SELECT body FROM messages WHERE author = 'visitor'").pluck().all() as string[]);
    db.close();
    for (const { text } of before) expect(texts.has(text), text).toBe(true);
    const again = await startServer({ databasePath: fresh.databasePath, env: { FILES_DIR: fresh.filesDir } });
    servers.push(again);
    const ann = new Agent(overHttp(again.url));
    expect((await ann.post('/login', { email: 'ann@example.com', password: 'a long password' })).status).toBe(303);
    // The visitor's own link to the file works on the restored instance, with the same bytes.
    const served = await new Agent(overHttp(again.url)).get(`${visitors[0]!.page}/files/1`);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    expect(fs.readdirSync(fresh.filesDir)).toHaveLength(1);
  }, 60_000);

  it('refuses a folder that is not a backup, or whose database or files changed', async () => {
    const dir = tempDir();
    const databasePath = path.join(dir, 'lineup.sqlite');
    openDatabase(databasePath).close();
    const made = await runCli(databasePath, ['backup', path.join(dir, 'backups')]);
    expect(made.code, made.stderr).toBe(0);
    const folder = made.stdout.trim().split('\n').at(-1)!.replace(/^Backed up to /, '').replace(/\.$/, '');
    const target = path.join(tempDir(), 'target.sqlite');
    // A backup into a file, not a folder: a clear refusal.
    fs.writeFileSync(path.join(dir, 'a-file'), 'x');
    const intoFile = await runCli(databasePath, ['backup', path.join(dir, 'a-file')]);
    expect(intoFile.code).toBe(1);
    expect(intoFile.stderr).toContain('Cannot write a backup into');
    expect(intoFile.stderr).not.toContain('Unexpected error');
    expect((await runCli(target, ['restore', dir])).stderr).toContain('No Lineup backup in');
    expect((await runCli(target, ['restore'])).code).toBe(2);
    fs.appendFileSync(path.join(folder, 'lineup.sqlite'), 'x');
    const damaged = await runCli(target, ['restore', folder]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('The backup does not match its manifest: lineup.sqlite.');
    expect(fs.existsSync(target)).toBe(false);
  });
});
