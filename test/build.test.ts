import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { Agent, overHttp, tempDir } from './helpers/app.ts';
import { freePort } from './e2e/browser.ts';
import { addSupporterByCli } from './helpers/cli.ts';

const root = path.resolve(import.meta.dirname, '..');

describe('npm start', () => {
  it('builds one bundle that serves pages, assets and search, with its threads, starting in well under a second', async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root });
    const port = await freePort();
    const databasePath = path.join(tempDir(), 'x.sqlite');
    await addSupporterByCli(databasePath, { email: 'ann@example.com', name: 'Ann', role: 'admin', password: 'a long password' });
    const writtenBefore = fs.statSync(databasePath).mtimeMs;
    const started = performance.now();
    // The V8 flag `npm start` gives the server must not break the search thread (workers refuse some flags).
    const child = spawn(process.execPath, ['--max-semi-space-size=16', 'node_modules/.cache/lineup/server.mjs'], {
      cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath },
    });
    let errors = '';
    child.stderr!.on('data', (chunk) => { errors += chunk; });
    try {
      const url = `http://127.0.0.1:${port}`;
      let health = 0;
      while (health !== 200 && performance.now() - started < 10_000) {
        health = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
        if (health !== 200) await new Promise((r) => setTimeout(r, 10));
      }
      expect(health).toBe(200);
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect((await fetch(`${url}/static/css/lineup.css`)).status).toBe(200);
      const ann = new Agent(overHttp(url));
      expect((await ann.post('/login', { email: 'ann@example.com', password: 'a long password' })).status).toBe(303);
      const search = await ann.get('/search?q=anything');
      expect(search.status).toBe(200);
      expect(await search.text()).toContain('No transcripts match');
      // The bundled QR code and TOTP libraries run: two-factor sign-in is set up and turned on.
      const setup = await (await ann.post('/account/two-factor/setup')).text();
      expect(setup).toContain('<svg');
      const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup)![1]!;
      expect(await (await ann.post('/account/two-factor/on', { secret, code: generateSync({ secret }) })).text()).toContain('Your recovery codes');
      // The bundle carries the HTTP adapter too: a stream, written straight to the socket, opens.
      const stream = await ann.get('/desk/stream');
      expect(stream.status).toBe(200);
      expect(stream.headers.get('Content-Type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry: 1000');
      await reader.cancel();
      // The checkpoint thread (bundled beside the server) copied the log-in into the database
      // file: in WAL mode only a checkpoint writes that file.
      await new Promise((r) => setTimeout(r, 1500));
      expect(fs.statSync(databasePath).mtimeMs).toBeGreaterThan(writtenBefore);
      expect(errors).toBe('');
      // It says which process runs on the database (a restore refuses while it does), and stops saying so when it stops.
      expect(fs.readFileSync(`${databasePath}.pid`, 'utf8').trim()).toBe(String(child.pid));
      // Stopped, it closes its threads' connections first, so its own, the last, removes the WAL.
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      expect(fs.existsSync(`${databasePath}-wal`)).toBe(false);
      expect(fs.existsSync(`${databasePath}.pid`)).toBe(false);
    } finally {
      child.kill();
    }
  });

  it('builds again only when a source file is newer than the bundle, so a read-only tree starts as it is', () => {
    const bundle = path.join(root, 'node_modules/.cache/lineup/server.mjs');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root });
    const built = fs.statSync(bundle).mtimeMs;
    execFileSync(process.execPath, ['src/start.mjs'], { cwd: root });
    expect(fs.statSync(bundle).mtimeMs).toBe(built);
    // A source file edited after the build: the next start builds first.
    const source = path.join(root, 'src/start.mjs');
    const { atime, mtime } = fs.statSync(source);
    try {
      const later = new Date(built + 60_000);
      fs.utimesSync(source, later, later);
      execFileSync(process.execPath, ['src/start.mjs'], { cwd: root });
      expect(fs.statSync(bundle).mtimeMs).toBeGreaterThan(built);
    } finally {
      fs.utimesSync(source, atime, mtime);
    }
  });
});
