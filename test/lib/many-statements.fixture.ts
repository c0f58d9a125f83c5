// Run as its own process by many-statements.test.ts: a native abort would otherwise end the test runner.
import path from 'node:path';
import { manualClock } from '../../src/lib/clock.ts';
import { openDatabase } from '../../src/lib/db.ts';
import type { Deps } from '../../src/lib/deps.ts';
import { WalSync } from '../../src/lib/wal-sync.ts';
import { loadConfig } from '../../src/config.ts';
import { hubFor } from '../../src/realtime/events.ts';
import { withinCommit } from '../../src/reactions.ts';
import { openTicket } from '../../src/line/tickets.ts';

const config = loadConfig({ WHEN_NOBODY: 'line', DATABASE_PATH: path.join(process.argv[2]!, 'lineup.sqlite') });
const db = openDatabase(config.databasePath);
const deps: Deps = { db, clock: manualClock(), hub: hubFor(db), within: withinCommit, config, walSync: new WalSync(config.databasePath) };

// What aborted Node 24 with better-sqlite3 12: one synchronous loop of intakes (each prepares its statements anew)...
for (let i = 0; i < 501; i++) openTicket(deps, { name: `Visitor ${i}`, problem: 'The printer is on fire' });
// ...and, more directly, 150,000 statements prepared in transactions on a file database.
db.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT)');
for (let i = 0; i < 75_000; i++) {
  db.transaction(() => {
    db.prepare('INSERT INTO scratch (v) VALUES (?)').run(String(i));
    db.prepare('SELECT v FROM scratch WHERE id = ?').get(i + 1);
  })();
}
const count = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
deps.walSync.close();
db.close();
console.log(`survived: ${count} tickets`);
