import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { freePort } from '../e2e/browser.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * No container engine runs here, so the image itself is untested. What can be checked is what it
 * is made of: exactly the files its COPY lines name, built by its RUN line, started by its CMD
 * with its ENV, serve Lineup (a missing folder or a runtime dependency outside the bundle shows here).
 */
describe('the Dockerfile', () => {
  it('copies what Lineup needs: built and started from exactly those files, it serves pages', async () => {
    const lines = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
    const dir = tempDir('lineup-image-');
    for (const line of lines.filter((l) => l.startsWith('COPY '))) {
      const [, ...parts] = line.split(/\s+/);
      const target = parts.pop()!;
      for (const source of parts) {
        const into = target.endsWith('/') || parts.length > 1 ? path.join(dir, target, path.basename(source)) : path.join(dir, target);
        fs.cpSync(path.join(root, source), into, { recursive: true });
      }
    }
    // `npm ci --omit=dev` would fetch the same packages: hard links to the installed ones stand in (the bundle is not among them).
    execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]);
    fs.rmSync(path.join(dir, 'node_modules', '.cache'), { recursive: true, force: true });
    const run = lines.filter((l) => l.startsWith('RUN npm run'));
    expect(run).toEqual(['RUN npm run build']);
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir });

    const env = Object.fromEntries(lines.find((l) => l.startsWith('ENV '))!.slice(4).trim().split(/\s+/).map((pair) => pair.split('=') as [string, string]));
    expect(env).toMatchObject({ HOST: '0.0.0.0', DATABASE_PATH: '/data/lineup.sqlite' });
    const data = tempDir('lineup-data-');
    const port = await freePort();
    const [command, ...args] = JSON.parse(lines.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: dir, stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: path.join(data, 'lineup.sqlite'), FILES_DIR: path.join(data, 'files'), MAIL_DIR: path.join(data, 'mail') },
    });
    let errors = '';
    child.stderr!.on('data', (chunk) => { errors += chunk; });
    try {
      const url = `http://127.0.0.1:${port}`;
      let health = 0;
      for (const deadline = Date.now() + 15_000; health !== 200 && Date.now() < deadline;) {
        health = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
        if (health !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(health, errors).toBe(200);
      expect(await (await fetch(`${url}/`)).text()).toContain('How can we help?');
      expect((await fetch(`${url}/static/css/lineup.css`)).status).toBe(200);
      expect((await fetch(`${url}/widget.js`)).status).toBe(200);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(data, { recursive: true, force: true });
    }
    // What the image must never take in: the installed modules (built for this machine) and any database.
    const ignored = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', 'db/*.sqlite*']));
  }, 60_000);
});
