// How long choosing whom to offer a ticket to takes (src/groups/candidates.ts). Not part of `npm test`.
//   npm run bench:candidates -- [--supporters 1300] [--groups 10] [--runs 2000]
// Seeds a temporary database: supporters spread over line groups, on their desks, most available,
// speaking one to three of da / en / ru, holding 0-4 chats each, with limits of 3-5 in some groups,
// two in three with weekly shifts (and some with a day off), a few desks ringing with an offer;
// 2,000 waiting tickets from returning visitors. Then times candidatesFor on random waiting tickets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { candidatesFor } from '../../src/groups/candidates.ts';
import { openDatabase } from '../../src/lib/db.ts';

const { values } = parseArgs({ options: { supporters: { type: 'string', default: '1300' }, groups: { type: 'string', default: '10' }, runs: { type: 'string', default: '2000' } } });
const supporters = Math.max(1, Number(values.supporters));
const groups = Math.max(1, Number(values.groups));
const runs = Math.max(1, Number(values.runs));
const WAITING = 2000;
const LANGUAGES = ['da', 'en', 'ru'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineup-candidates-bench-'));
const db = openDatabase(path.join(dir, 'bench.sqlite'));
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;

db.pragma('synchronous = OFF'); // seeding only
db.transaction(() => {
  const addGroup = db.prepare("INSERT INTO groups (id, names, kind, position, capacity, created_at) VALUES (?, ?, 'line', ?, ?, 0)");
  for (let g = 2; g <= groups; g++) addGroup.run(g, JSON.stringify({ en: `Line ${g}` }), g, g % 3 === 0 ? 3 + (g % 3) : 0);
  const addSupporter = db.prepare(`INSERT INTO supporters (email, name, password_hash, role, created_at, online, place, status, languages)
    VALUES (?, ?, 'x', 'supporter', 0, 1, 'desk', ?, ?)`);
  const addMember = db.prepare('INSERT INTO group_members (group_id, supporter_id) VALUES (?, ?)');
  const addTicket = db.prepare(`INSERT INTO tickets (token_hash, visitor_name, problem, state, supporter_id, created_at, group_id, line_key, visitor_key, visitor_languages)
    VALUES (?, 'V', 'p', ?, ?, 0, ?, 0, ?, ?)`);
  const addShift = db.prepare('INSERT INTO shifts (supporter_id, weekday, starts_at, ends_at) VALUES (?, ?, ?, ?)');
  const addDayOff = db.prepare("INSERT INTO shift_exceptions (supporter_id, day, kind) VALUES (?, '1970-01-01', 'sick')");
  const addOffer = db.prepare("INSERT INTO offers (ticket_id, supporter_id, created_at, ends_at) VALUES (0, ?, 0, 1)");
  let n = 0;
  for (let i = 0; i < supporters; i++) {
    const spoken = LANGUAGES.filter(() => random() < 0.5);
    const id = Number(addSupporter.run(`s${i}@example.com`, `S${i}`, random() < 0.8 ? 'available' : pick(['away', 'break']), spoken.join(' ')).lastInsertRowid);
    addMember.run((i % groups) + 1, id);
    // Times are read at 0 (a Thursday, 00:00 UTC): early and late shifts, so some are on now.
    if (i % 3 !== 0) for (let day = 0; day < 7; day++) addShift.run(id, day, i % 3 === 1 ? 0 : 480, i % 3 === 1 ? 480 : 1020);
    if (i % 50 === 1) addDayOff.run(id);
    if (i % 20 === 0) addOffer.run(id);
    for (let k = Math.floor(random() * 5); k > 0; k--) addTicket.run(`held-${n++}`, 'claimed', id, (i % groups) + 1, `visitor-${n % 3000}`, '');
  }
  for (let i = 0; i < WAITING; i++) {
    addTicket.run(`waiting-${n++}`, 'waiting', null, (i % groups) + 1, `visitor-${i % 3000}`, [pick(LANGUAGES), pick(LANGUAGES)].join(' '));
  }
})();
db.pragma('synchronous = NORMAL');

const waiting = db.prepare("SELECT id FROM tickets WHERE state = 'waiting'").pluck().all() as number[];
const times: number[] = [];
let offered = 0;
for (let i = 0; i < runs + 200; i++) {
  const started = performance.now();
  const found = candidatesFor(db, pick(waiting), 0);
  const ms = performance.now() - started;
  if (i >= 200) { times.push(ms); offered += found.length ? 1 : 0; } // the first 200 warm up
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(3);
console.log(`candidates among ${supporters} supporters in ${groups} groups, ${runs} choices (${offered} found someone):`);
console.log(`  p50 ${at(50)} ms   p99 ${at(99)} ms   max ${times.at(-1)!.toFixed(3)} ms   (target p99 <= 2 ms)`);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
