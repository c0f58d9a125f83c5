// `npm run example`: the widget on a demo shop of its own, on a second port (another origin than
// Lineup's, as a real site is). It adds the shop as a site in Lineup's database if it is not there
// yet, serves the shop's two pages with that site's key, and prints the address to open.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { openDatabase } from './lib/db.ts';
import type { Deps } from './lib/deps.ts';
import { ROOT } from './lib/paths.ts';
import { WalSync } from './lib/wal-sync.ts';
import { withinCommit } from './reactions.ts';
import { Hub } from './realtime/hub.ts';
import { addSite, listSites } from './widget/sites.ts';
import { examplePage } from './widget/routes.ts';

const config = loadConfig();
const port = Number(process.env.EXAMPLE_PORT || 3001);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`EXAMPLE_PORT must be a port number, got "${process.env.EXAMPLE_PORT}"`);

const db = openDatabase(config.databasePath);
const deps: Deps = { db, clock: systemClock, hub: new Hub(), within: withinCommit, config, walSync: new WalSync(config.databasePath) };
const pages: Record<string, string> = { '/': 'host.html', '/host.html': 'host.html', '/other.html': 'other.html', '/example.css': 'example.css' };

const server = http.createServer((req, res) => {
  const file = pages[new URL(req.url ?? '/', 'http://shop').pathname];
  if (!file) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found'); return; }
  let body = fs.readFileSync(path.join(ROOT, 'public/example', file), 'utf8');
  if (file.endsWith('.html')) body = examplePage(body, config.publicUrl, siteKey).replaceAll('{{QUERY}}', '');
  res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/html; charset=utf-8' }).end(body);
});

let siteKey = '';
server.listen(port, config.host, () => {
  const actual = (server.address() as { port: number }).port;
  const origin = `http://localhost:${actual}`;
  // The shop's site, found by its origin, or added (the first run, or another port).
  const site = listSites(db).find((s) => s.origins.includes(origin)) ?? addSite(deps, { name: 'Example shop', origins: origin });
  siteKey = site.key;
  console.log(`The example shop is at ${origin}/host.html (site "${site.name}", key ${site.key}).`);
  console.log(`It talks to Lineup at ${config.publicUrl}: keep npm start running, and open /desk there to answer.`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { server.close(); deps.walSync.close(); db.close(); process.exit(0); });
