import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db.ts';
import { tempDir } from '../helpers/app.ts';
import { freePort } from '../e2e/browser.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run example` until it says where the shop is; returns that and a way to stop it. */
async function example(databasePath: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/example.ts'], {
    cwd: root, env: { ...process.env, DATABASE_PATH: databasePath, EXAMPLE_PORT: String(port), PUBLIC_URL: 'http://localhost:3999' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const said = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address:\n${output}`)), 15_000);
    child.stdout.on('data', (d) => {
      output += d;
      if (output.includes('keep npm start running')) { clearTimeout(timer); resolve(output); }
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { said, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

describe('npm run example', () => {
  it('serves a demo shop on another origin, with a site it adds once and the widget snippet for it', async () => {
    const databasePath = path.join(tempDir(), 'lineup.sqlite');
    const port = await freePort();
    const first = await example(databasePath, port);
    try {
      expect(first.said).toContain(`The example shop is at http://localhost:${port}/host.html`);
      const key = first.said.match(/key ([A-Za-z0-9_-]{16})/)![1]!;
      const page = await (await fetch(`http://127.0.0.1:${port}/host.html`)).text();
      expect(page).toContain(`<script src="http://localhost:3999/widget.js" data-site="${key}" async></script>`);
      expect((await fetch(`http://127.0.0.1:${port}/other.html`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/../../etc/passwd`)).status).toBe(404);
    } finally {
      await first.stop();
    }
    const second = await example(databasePath, port);
    await second.stop();
    const db = openDatabase(databasePath);
    expect(db.prepare('SELECT name, origins FROM sites').all()).toEqual([{ name: 'Example shop', origins: `http://localhost:${port}` }]);
    db.close();
  }, 45_000);
});
