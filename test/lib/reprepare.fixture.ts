// Run as its own process by reprepare.test.ts. It counts, through better-sqlite3's native addon,
// how often a named statement (src/lib/sql.ts) rebuilds its row constructor, which better-sqlite3
// 13 does exactly when SQLite has re-prepared the statement. The count is set up before any
// database opens; then a working day runs three times through the app's real routes, and every
// statement that built its row constructor on the first day must not build it again.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Sql } from '../../src/lib/sql.ts';
import { latestEventId } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

const require = createRequire(import.meta.url);
const addon = require(path.join(path.dirname(require.resolve('better-sqlite3')), 'binding.js')).getBinding();
if (addon.isInitialized || typeof addon.initialize !== 'function') {
  throw new Error('better-sqlite3 no longer takes a row factory in initialize(): this check needs a new way to see re-prepares');
}
/** The named statement running now (its SQL), so a row constructor built meanwhile is put to its name. */
let running = '(not a named statement)';
const builds = new Map<string, number>();
const initialize = addon.initialize;
addon.initialize = function (this: unknown, ...args: unknown[]) {
  const rowFactory = args[3] as (...keys: string[]) => unknown;
  args[3] = (...keys: string[]) => { builds.set(running, (builds.get(running) ?? 0) + 1); return rowFactory(...keys); };
  return initialize.apply(this, args);
};
for (const method of ['get', 'all', 'run', 'value', 'values'] as const) {
  const original = Sql.prototype[method] as (...args: unknown[]) => unknown;
  (Sql.prototype as unknown as Record<string, unknown>)[method] = function (this: Sql, ...args: unknown[]) {
    const outer = running;
    running = this.text.replace(/\s+/g, ' ').trim();
    try { return original.apply(this, args); } finally { running = outer; }
  };
}

const t = makeTestApp();
const nonce = () => Math.random().toString(36).slice(2).padEnd(20, 'x');
const newestTicket = () => t.deps.db.prepare('SELECT max(id) FROM tickets').pluck().get() as number;

/** A supporter's and a visitor's day, through the routes: every value differs from day to day. */
async function day(n: number) {
  // Addresses are made from the letters of a name (test/helpers/app.ts): each day's differ.
  const letter = 'abcdefgh'[n]!;
  const admin = await t.supporter(`Ada ${letter}`, 'admin');
  const sam = await t.supporter(`Sam ${letter}`);
  const bob = await t.supporter(`Bob ${letter}`);
  const after = latestEventId(t.deps.db);
  const desks = await Promise.all([admin, sam, bob].map((s) => s.agent.get(`/desk/stream?after=${after}`)));
  t.presence.connected('supporter', bob.id);
  t.presence.flush();
  const visitor = t.agent();
  const page = await visitor.join(`Vera ${n}`, `The invoice ${n} is wrong`, `vera${n}@example.com`);
  await visitor.get(page);
  const stream = await visitor.get(`${page}/stream?after=${after}`);
  const id = newestTicket();
  const desk = (path: string, fields: Record<string, string> = {}) => sam.agent.post(`/desk/tickets/${id}${path}`, fields, { htmx: true });
  await visitor.post(`${page}/messages`, { body: `Hello ${n}`, nonce: nonce() }, { htmx: true });
  await sam.agent.post(`/desk/tickets/${id}/claim`, {}, { htmx: true });
  await desk('/messages', { body: `Answer ${n}`, nonce: nonce() });
  await desk('/messages', { body: `Note ${n}`, note: '1', nonce: nonce() });
  await desk('/comment', { comment: `Account ${n}` });
  await desk('/invite', { to: String(bob.id) });
  await bob.agent.post(`/desk/tickets/${id}/leave-chat`, {}, { htmx: true });
  await desk('/transfer', { to: String(bob.id), note: `Over to you ${n}` });
  const offer = t.deps.db.prepare("SELECT max(id) FROM transfers WHERE state = 'pending'").pluck().get() as number;
  await bob.agent.post(`/desk/transfers/${offer}/decline`, {}, { htmx: true });
  await visitor.post(`${page}/away`, {}, { htmx: true });
  await desk('/messages', { body: `Still there ${n}?`, nonce: nonce() });
  await visitor.post(`${page}/back`, {}, { htmx: true });
  await desk('/ask-rating');
  await sam.agent.get(`/desk/tickets/${id}/canned?q=gre`);
  await sam.agent.post('/canned', { name: `greeting${n}`, body: 'Hello {visitor.name}' });
  await sam.agent.post('/desk/team/messages', { body: `Lunch ${n}`, nonce: nonce() }, { htmx: true });
  await desk('/close', { resolution: `Fixed ${n}` });
  await visitor.post(`${page}/rating`, { stars: String(1 + (n % 5)), comment: `Thanks ${n}` }, { htmx: true });
  for (const url of ['/desk', `/transcripts/${id}`, `/transcripts/${id}/mail`, `/search?q=invoice`, '/canned', '/admin/supporters', '/admin/hours',
    '/admin/mail', '/admin/sites', '/admin/blocks']) await admin.agent.get(url);
  await t.agent().join(`Walter ${n}`, 'Just looking');
  await visitor.post(`/t/${(await t.agent().join(`Lea ${n}`, 'Gone soon')).split('/').pop()}/leave`, {}, { htmx: true });
  for (const res of [...desks, stream]) await res.body?.cancel();
}

const seen = new Set<string>();
const rebuilt: Record<string, number> = {};
for (let n = 1; n <= 3; n++) {
  builds.clear();
  await day(n);
  for (const [text, count] of builds) {
    if (seen.has(text)) rebuilt[text] = (rebuilt[text] ?? 0) + count;
    seen.add(text);
  }
}
t.close();
seen.delete('(not a named statement)');
delete rebuilt['(not a named statement)'];
console.log(JSON.stringify({ statements: seen.size, rebuilt }));
