// Transcript search latency on a large store. Prints a table; not part of `npm test`.
//   npm run bench:search -- --messages 1000000
// Seeds a temporary database (closed tickets of 20 messages, a mix of very common words and rare
// ones), then times each query several times through the same function the /search page uses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/lib/db.ts';
import { indexNewMessages } from '../../src/transcripts/indexer.ts';
import { searchTranscripts } from '../../src/transcripts/search.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '200000' }, runs: { type: 'string', default: '7' } } });
const total = Math.max(1000, Number(values.messages));
const runs = Math.max(1, Number(values.runs));
const PER_TICKET = 20;
const COMMON = ['refund', 'invoice', 'password', 'login', 'order', 'shipping', 'account', 'billing', 'error', 'please',
  'thanks', 'hello', 'card', 'charge', 'delivery', 'broken', 'update', 'cancel', 'subscription', 'export'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineup-search-bench-'));
const file = path.join(dir, 'bench.sqlite');
const sqlite = openDatabase(file);

// Deterministic pseudo-random words, so runs are comparable.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const word = () => (random() < 0.05 ? `zq${Math.floor(random() * 100000).toString(36)}` : COMMON[Math.floor(random() * COMMON.length)]!);

const started = Date.now();
sqlite.pragma('synchronous = OFF'); // seeding only
sqlite.prepare("INSERT INTO supporters (email, name, password_hash, role, created_at) VALUES ('bench@example.com', 'Bench', 'x', 'admin', 0)").run();
const addTicket = sqlite.prepare("INSERT INTO tickets (token_hash, visitor_name, problem, state, supporter_id, created_at, closed_at) VALUES (?, ?, 'seeded', 'closed', 1, ?, ?)");
const addMessage = sqlite.prepare('INSERT INTO messages (ticket_id, author, supporter_id, body, created_at) VALUES (?, ?, ?, ?, ?)');
const tickets = Math.ceil(total / PER_TICKET);
for (let from = 0; from < tickets; from += 1000) {
  sqlite.transaction(() => {
    for (let n = from; n < Math.min(tickets, from + 1000); n++) {
      const id = addTicket.run(`bench-${n}`, `Visitor ${n}`, n, n).lastInsertRowid;
      for (let k = 0; k < PER_TICKET; k++) {
        addMessage.run(id, k % 2 ? 'supporter' : 'visitor', k % 2 ? 1 : null, Array.from({ length: 12 }, word).join(' '), n);
      }
    }
  })();
}
// Indexed as the server does it: in batches.
while (indexNewMessages(sqlite, 100_000) === 100_000);
sqlite.pragma('synchronous = NORMAL');
console.log(`seeded ${tickets * PER_TICKET} messages in ${Date.now() - started} ms\n`);

const queries = ['refund', 'refund invoice', 'please thanks card', 'ref', 'zq1a', '"thanks hello"', 'e-mail AND (', 'nothingmatches', '🙂'];
console.log('query                    p50 ms   max ms   hits');
const all: number[] = [];
for (const q of queries) {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    hits = searchTranscripts(sqlite, q).hits.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(`${q.padEnd(24)} ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(6)}   ${times.at(-1)!.toFixed(1).padStart(6)}   ${hits}`);
}
all.sort((a, b) => a - b);
console.log(`\nall queries: p50 ${all[Math.floor(all.length / 2)]!.toFixed(1)} ms, p95 ${all[Math.floor(all.length * 0.95)]!.toFixed(1)} ms, max ${all.at(-1)!.toFixed(1)} ms`);
sqlite.close();
fs.rmSync(dir, { recursive: true, force: true });
