// Report latency on a large history. Prints a table; not part of `npm test`.
//   npm run bench:reports -- --tickets 1000000
// Seeds a temporary database with a year of tickets (ten messages each by default: 1,000,000
// tickets and 10,000,000 messages), takes every ticket's figures through the same code a ticket
// ending runs (src/reports/recording.ts), then builds the whole report the /reports page shows for
// each period and filter, several times, and prints p50, p95 and the slowest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/lib/db.ts';
import { refreshReport } from '../../src/reports/recording.ts';
import { buildReport } from '../../src/reports/report.ts';
import { periodOf } from '../../src/reports/period.ts';
import type { Filters } from '../../src/reports/query.ts';
import { percentile, round } from './stats.ts';

const { values } = parseArgs({ options: {
  tickets: { type: 'string', default: '1000000' }, messages: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' },
  supporters: { type: 'string', default: '120' }, keep: { type: 'boolean', default: false },
} });
const TICKETS = Math.max(1000, Number(values.tickets));
const PER_TICKET = Math.max(2, Number(values.messages));
const RUNS = Math.max(1, Number(values.runs));
const SUPPORTERS = Math.max(2, Number(values.supporters));
const GROUPS = 10, SITES = 2, TOPICS = 12, DAYS = 365;
const LANGS = ['en', 'da', 'ru'];
const DAY = 86_400_000;
const END = Date.UTC(2026, 11, 1);
const START = END - DAYS * DAY;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineup-reports-bench-'));
const file = path.join(dir, 'bench.sqlite');
const db = openDatabase(file);

// Deterministic, so runs are comparable.
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (n: number) => Math.floor(random() * n);

let t0 = Date.now();
db.pragma('synchronous = OFF'); // seeding only
db.transaction(() => {
  for (let s = 1; s <= SUPPORTERS; s++) db.prepare("INSERT INTO supporters (email, name, password_hash, role, created_at) VALUES (?, ?, 'x', 'supporter', 0)").run(`s${s}@example.com`, `Supporter ${s}`);
  for (let g = 1; g <= GROUPS; g++) db.prepare('INSERT INTO groups (names, position, created_at) VALUES (?, ?, 0)').run(JSON.stringify({ en: `Group ${g}` }), g);
  for (let s = 1; s <= SITES; s++) db.prepare("INSERT INTO sites (key, name, origins, secret, created_at) VALUES (?, ?, '[]', 'x', 0)").run(`site${s}`, `Site ${s}`);
  for (let k = 1; k <= TOPICS; k++) db.prepare('INSERT INTO topics (names, group_id, position, created_at) VALUES (?, ?, ?, 0)').run(JSON.stringify({ en: `Topic ${k}` }), 1 + (k % GROUPS), k);
})();
const addTicket = db.prepare(`INSERT INTO tickets (token_hash, visitor_name, problem, state, offline, supporter_id, created_at, claimed_at, first_claimed_at,
  first_reply_at, closed_at, abandoned_at, group_id, site_id, visitor_language, topic_id, rating, rating_comment)
  VALUES (?, 'Visitor', 'seeded', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const addMessage = db.prepare('INSERT INTO messages (ticket_id, author, supporter_id, body, created_at) VALUES (?, ?, ?, ?, ?)');
const addBreach = db.prepare("INSERT INTO sla_breaches (ticket_id, norm, group_id, supporter_id, due_at, breached_at, met_at, open) VALUES (?, 'claim', ?, ?, ?, ?, ?, 0)");
for (let from = 0; from < TICKETS; from += 5000) {
  db.transaction(() => {
    for (let n = from; n < Math.min(TICKETS, from + 5000); n++) {
      const created = START + Math.floor((n / TICKETS) * DAYS * DAY) + pick(3600_000);
      // Each group answers one language's visitors and a few topics; supporters work in one group.
      const group = 1 + pick(GROUPS);
      const supporter = 1 + ((group - 1) + GROUPS * pick(Math.ceil(SUPPORTERS / GROUPS))) % SUPPORTERS;
      const roll = random();
      const outcome = roll < 0.03 ? 'offline' : roll < 0.07 ? 'left' : roll < 0.09 ? 'abandoned' : 'closed';
      const wait = 5_000 + pick(240_000);
      const claimed = outcome === 'closed' ? created + wait : null;
      const firstReply = claimed === null ? null : claimed + 2_000 + pick(90_000);
      const ended = claimed === null ? created + 60_000 : firstReply! + 60_000 + pick(1_200_000);
      const rating = outcome === 'closed' && random() < 0.3 ? 1 + pick(5) : null;
      const id = addTicket.run(`bench-${n}`, outcome === 'abandoned' ? 'abandoned' : 'closed', outcome === 'offline' ? 1 : 0, claimed === null ? null : supporter,
        created, claimed, claimed, firstReply, outcome === 'abandoned' ? null : ended, outcome === 'abandoned' ? ended : null,
        group, 1 + pick(SITES), LANGS[(group - 1) % LANGS.length], 1 + ((group + pick(3)) % TOPICS), rating,
        rating !== null && random() < 0.2 ? 'Seeded comment' : null).lastInsertRowid as number;
      for (let k = 0; k < PER_TICKET; k++) {
        const bySupporter = claimed !== null && k % 2 === 1;
        const at = k === 0 ? created : claimed === null ? created + k * 1000 : firstReply! + (k - 1) * ((ended - firstReply!) / PER_TICKET);
        addMessage.run(id, bySupporter ? 'supporter' : 'visitor', bySupporter ? supporter : null, 'seeded words', Math.round(at));
      }
      if (claimed !== null && wait > 200_000) addBreach.run(id, group, supporter, created + 200_000, created + 200_000, claimed);
    }
  })();
}
const seeded = Date.now() - t0;
t0 = Date.now();
const ids = db.prepare("SELECT id FROM tickets WHERE state IN ('closed', 'abandoned') ORDER BY id").pluck().all() as number[];
for (let i = 0; i < ids.length; i += 5000) db.transaction(() => { for (const id of ids.slice(i, i + 5000)) refreshReport(db, id); })();
const recorded = Date.now() - t0;
// A supporter's working day: available most of it, a break, a little away (the presence log's day rows).
db.transaction(() => {
  const add = db.prepare('INSERT INTO presence_days (day, supporter_id, available_s, away_s, break_s) VALUES (?, ?, ?, ?, ?)');
  for (let d = 0; d < DAYS; d++) for (let s = 1; s <= SUPPORTERS; s++) add.run(new Date(START + d * DAY).toISOString().slice(0, 10), s, 25_000 + pick(4000), pick(1800), 1800 + pick(1800));
})();
db.pragma('synchronous = NORMAL');
db.exec('ANALYZE');
const counts = db.prepare("SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM report_team_days) AS teamRows, (SELECT count(*) FROM report_supporter_days) AS supporterRows").get() as Record<string, number>;
console.log(`seeded ${counts.tickets} tickets and ${counts.messages} messages in ${round(seeded / 1000)} s; figures taken for ${ids.length} ended tickets in ${round(recorded / 1000)} s (${round((recorded * 1000) / ids.length)} µs each)`);
console.log(`day rows: ${counts.teamRows} team, ${counts.supporterRows} per supporter; database ${round(fs.statSync(file).size / 2 ** 20)} MiB\n`);

const lastDay = new Date(END - DAY).toISOString().slice(0, 10);
const periods: Array<[string, Record<string, string>]> = [
  ['day', { period: 'day', date: lastDay }], ['week', { period: 'week', date: lastDay }], ['month', { period: 'month', date: '2026-10-15' }],
  ['90 days', { period: 'range', from: '2026-08-01', to: '2026-10-29' }], ['year', { period: 'year', date: '2026-06-01' }],
  ['all (365 d)', { period: 'range', from: new Date(START).toISOString().slice(0, 10), to: lastDay }],
];
const filters: Array<[string, Filters]> = [
  ['none', {}], ['group', { groupId: 3 }], ['supporter', { supporterId: 13 }], ['site', { siteId: 2 }], ['language', { language: 'da' }],
  ['topic', { topicId: 5 }], ['group+language', { groupId: 4, language: 'ru' }], ['supporter+topic', { supporterId: 13, topicId: 4 }],
];
const viewer = { id: 1, role: 'admin' };
console.log(`period        ${filters.map(([n]) => n.padStart(16)).join('')}   (p50 ms of ${RUNS} runs)`);
const all: number[] = [];
for (const [name, input] of periods) {
  const period = periodOf(input, lastDay);
  const cells: string[] = [];
  for (const [, f] of filters) {
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      buildReport(db, period, f, viewer, 'en', END);
      times.push(performance.now() - t);
    }
    all.push(...times);
    cells.push(percentile(times, 50).toFixed(1).padStart(16));
  }
  console.log(`${name.padEnd(14)}${cells.join('')}`);
}
console.log(`\nevery report (${all.length}): p50 ${round(percentile(all, 50))} ms, p95 ${round(percentile(all, 95))} ms, max ${round(Math.max(...all))} ms (target p95 <= 300 ms)`);
db.close();
if (values.keep) console.log(`kept ${file}`);
else fs.rmSync(dir, { recursive: true, force: true });
