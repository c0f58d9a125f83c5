// `npm start` runs this first: it builds the server bundle only when there is none, or a source
// file (or the lock file) is newer than it. A deployment whose source tree and node_modules are
// read-only then starts as it is, and an edited checkout still gets a fresh bundle.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'node_modules/.cache/lineup/server.mjs');

/** The newest modification time of the files the bundle is made from. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(at));
    else if (/\.(ts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(at).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
const sources = Math.max(newestSource(path.join(root, 'src')), fs.statSync(path.join(root, 'package-lock.json')).mtimeMs);
if (built < sources) {
  const done = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  process.exit(done.status ?? 1);
}
