// Run as its own process by reprepare.test.ts: it counts, through better-sqlite3's native addon,
// how often the hot lookups rebuild their row constructor, which better-sqlite3 13 does exactly
// when SQLite has re-prepared the statement. The count must be set up before any database opens.
import { createRequire } from 'node:module';
import path from 'node:path';
import { manualClock } from '../../src/lib/clock.ts';
import { openDatabase } from '../../src/lib/db.ts';
import type { Deps } from '../../src/lib/deps.ts';
import { WalSync } from '../../src/lib/wal-sync.ts';
import { loadConfig } from '../../src/config.ts';
import { eventsAfter, eventsSince, hubFor } from '../../src/realtime/events.ts';
import { listLine, openTicket, placesInLine, tabsOf, ticketByToken, ticketView } from '../../src/line/tickets.ts';
import { lastMessageId, listMessages, messageView, postMessage } from '../../src/chat/messages.ts';
import { startSession, supporterForSession } from '../../src/supporters/sessions.ts';

const require = createRequire(import.meta.url);
const addon = require(path.join(path.dirname(require.resolve('better-sqlite3')), 'binding.js')).getBinding();
if (addon.isInitialized || typeof addon.initialize !== 'function') {
  throw new Error('better-sqlite3 no longer takes a row factory in initialize(): this check needs a new way to see re-prepares');
}
let rebuilt = 0;
const initialize = addon.initialize;
addon.initialize = function (this: unknown, ...args: unknown[]) {
  const rowFactory = args[3] as (...keys: string[]) => unknown;
  args[3] = (...keys: string[]) => { rebuilt++; return rowFactory(...keys); };
  return initialize.apply(this, args);
};

const config = loadConfig({ WHEN_NOBODY: 'line', DATABASE_PATH: path.join(process.argv[2]!, 'lineup.sqlite') });
const { db, sqlite } = openDatabase(config.databasePath);
const deps: Deps = { db, sqlite, clock: manualClock(), hub: hubFor(db), config, walSync: new WalSync(config.databasePath) };
const supporterId = Number(sqlite.prepare("INSERT INTO supporters (email, name, password_hash, role, created_at) VALUES ('ann@example.com', 'Ann', 'x', 'supporter', 0)").run().lastInsertRowid);
const visitors = [1, 2, 3].map((i) => openTicket(deps, { name: `Visitor ${i}`, problem: 'The printer is on fire' }));
const sessions = [startSession(deps, supporterId), startSession(deps, supporterId)];
const messageIds = visitors.map((v) => postMessage(deps, v.ticketId, { kind: 'visitor' }, 'Hello').id);

// Each lookup runs once (its row constructor is built), then with other values; those must not rebuild it.
const lookups: Record<string, (k: number) => unknown> = {
  ticketView: (k) => ticketView(db, visitors[k]!.ticketId),
  ticketByToken: (k) => ticketByToken(deps, visitors[k]!.token),
  messageView: (k) => messageView(db, messageIds[k]!),
  listMessages: (k) => listMessages(db, visitors[k]!.ticketId, { withNotes: k % 2 === 0 }),
  lastMessageId: (k) => lastMessageId(db, visitors[k]!.ticketId),
  supporterForSession: (k) => supporterForSession(deps, sessions[k % 2]),
  listLine: (k) => listLine(db, 10 + k),
  placesInLine: () => placesInLine(db),
  tabsOf: (k) => tabsOf(db, supporterId + k),
  eventsAfter: (k) => eventsAfter(db, k, 10 + k),
  eventsSince: (k) => eventsSince(db, { topics: ['line'], ticketId: visitors[k]!.ticketId, supporterId } as never, k, 1000),
};
const counts: Record<string, number> = {};
let built = 0;
for (const [name, lookup] of Object.entries(lookups)) {
  rebuilt = 0;
  lookup(0);
  built += rebuilt;
  rebuilt = 0;
  for (let k = 1; k < 3; k++) lookup(k);
  counts[name] = rebuilt;
}
deps.walSync.close();
sqlite.close();
console.log(JSON.stringify({ built, counts }));
