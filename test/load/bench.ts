// Lineup's load benchmark:  npm run bench -- --profile quick|zendesk [--json FILE] [size flags]
//   [--own-addresses]  every simulated person behind the proxy with an address of their own, default limits on
//   [--flood]          the same, plus one address flooding the public side as fast as it can (compare with --own-addresses)
//   [--groups N]       N line groups (default 1): supporter i and waiting ticket i in group i mod N, so desks see N different lines
//   [--languages N]    supporters and waiting visitors spread over N of en, da, ru (default 0: none recorded)
//   [--offers on|off]  routing's offers (default on, as a new team has them): the seeded waiting tickets come due over the
//                      first 30 s and ring at desks that never answer, so every offer lapses and rings the next one
// Starts Lineup on a fresh temporary database and drives it through its real HTTP and SSE
// endpoints from processes of its own (this one sends; reader processes, readers.ts, hold the
// pages), then runs the same message pattern through a bare node:http SSE relay (the floor).
// Bounded in count and time; it stops by itself. Loopback only.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { hashToken, randomToken } from '../../src/lib/ids.ts';
import { openReader, postForm, get, type Reader } from './sse-reader.ts';
import type { FromReader, StreamSpec, ToReader } from './readers.ts';
import { seed, SEARCH_QUERIES } from './seed.ts';
import { cpuSeconds, monotonicMs, percentile, round, rssMiB } from './stats.ts';
import { watchLoopDelay, type LoopDelay } from '../../src/lib/loop-delay.ts';

const PROFILES = {
  quick: { visitors: 600, supporters: 120, chats: 400, duration: 20, joinsPerSecond: 2, searchMessages: 100_000, searchesPerSecond: 2 },
  zendesk: { visitors: 6000, supporters: 1300, chats: 4000, duration: 60, joinsPerSecond: 5, searchMessages: 1_000_000, searchesPerSecond: 2 },
};
const MESSAGE_INTERVAL_MS = 10_000; // each chat sends about one message every 10 s

/** A bad command line is refused with what to fix, before anything starts. */
function refuse(reason: string): never {
  process.stderr.write(`npm run bench: ${reason}\n`);
  process.exit(2);
}
const { values: flags } = (() => {
  try {
    return parseArgs({
      options: {
        profile: { type: 'string', default: 'quick' }, json: { type: 'string' },
        visitors: { type: 'string' }, supporters: { type: 'string' }, chats: { type: 'string' }, duration: { type: 'string' },
        'joins-per-second': { type: 'string' }, 'search-messages': { type: 'string' }, 'baseline-duration': { type: 'string' },
        'cpu-profile': { type: 'string' }, warmup: { type: 'string' }, 'skip-baseline': { type: 'boolean', default: false }, 'reader-processes': { type: 'string' }, groups: { type: 'string' },
        languages: { type: 'string' }, offers: { type: 'string', default: 'on' },
        'own-addresses': { type: 'boolean', default: false }, flood: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return refuse((error as Error).message);
  }
})();
/** A flag's value as a whole number of at least `min`, or `fallback` when it is not given. */
function wholeNumber(name: keyof typeof flags, fallback: number, min = 1): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^[0-9]{1,9}$/.test(raw) || Number(raw) < min) refuse(`--${name} must be a whole number of at least ${min}`);
  return Number(raw);
}
const base = PROFILES[flags.profile as keyof typeof PROFILES];
if (!base) refuse(`--profile must be one of: ${Object.keys(PROFILES).join(', ')}`);
const size = {
  visitors: wholeNumber('visitors', base.visitors), supporters: wholeNumber('supporters', base.supporters),
  chats: wholeNumber('chats', base.chats), duration: wholeNumber('duration', base.duration),
  joinsPerSecond: wholeNumber('joins-per-second', base.joinsPerSecond, 0),
  searchMessages: wholeNumber('search-messages', base.searchMessages), searchesPerSecond: base.searchesPerSecond,
  /** Seconds of the full pattern before measuring starts, as on a server that has been up a while (code compiled, caches warm). */
  warmup: wholeNumber('warmup', 5, 0),
  groups: wholeNumber('groups', 1),
  languages: wholeNumber('languages', 0, 0),
  offers: flags.offers === 'on',
};
if (flags.offers !== 'on' && flags.offers !== 'off') refuse('--offers must be on or off');
if (size.languages > 3) refuse('--languages is at most 3 (en, da, ru)');
if (size.chats > size.visitors) refuse('--chats cannot exceed --visitors');
/** Pages are read by this many processes (browsers are many processes, not one event loop). */
const readerProcesses = wholeNumber('reader-processes', 4);
const baselineSeconds = wholeNumber('baseline-duration', Math.min(size.duration, 30));
const root = path.resolve(import.meta.dirname, '../..');
/**
 * With --own-addresses (and --flood), Lineup runs behind a "proxy" (TRUSTED_PROXIES=1) and every
 * simulated person sends an X-Forwarded-For of their own, so the default per-address limits stay
 * on, as for real visitors; otherwise everyone is 127.0.0.1 and those limits are lifted.
 */
const ownAddresses = flags['own-addresses'] || flags.flood;
const addressOf = (group: number, i: number): Record<string, string> => (ownAddresses ? { 'X-Forwarded-For': `10.${group}.${(i >> 8) & 255}.${i & 255}` } : {});
const FLOODER = '198.51.100.66';
/** Requests the flooding address keeps in flight at once. */
const FLOOD_CONNECTIONS = 16;
const log = (text: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Stopped early (Ctrl-C, a failure), the benchmark still ends every process it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
const started = new Set<ChildProcess>();
const endsWithUs = (child: ChildProcess) => started.add(child);
process.once('exit', () => { for (const child of started) if (child.exitCode === null) child.kill('SIGKILL'); });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The Node flags `npm start` gives the server (package.json), so the benchmark runs what production runs. */
const START_FLAGS = (() => {
  const start: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start;
  const flagged = /\bnode ((?:--\S+ )*)node_modules\/\.cache\/lineup\/server\.mjs/.exec(start);
  if (!flagged) refuse(`package.json's start script does not run node_modules/.cache/lineup/server.mjs: ${start}`);
  return flagged[1]!.split(' ').filter(Boolean);
})();

/** Starts Lineup and returns once /healthz answers 200, with the time that took. */
async function startLineup(databasePath: string) {
  const port = await freePort();
  const started = performance.now();
  const profiling = flags['cpu-profile'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags['cpu-profile'])}`] : [];
  // The same bundle and flags `npm start` runs (built once before the run); BENCH_NODE_FLAGS come
  // last, so an experiment can override a start flag.
  // BENCH_SERVER_NODE runs Lineup on another Node binary than the readers and the generator, so
  // two runtimes can be compared under the same load (the harness's own cost differs by runtime).
  const child = spawn(process.env.BENCH_SERVER_NODE || process.execPath, [...profiling, ...START_FLAGS, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'node_modules/.cache/lineup/server.mjs'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
    // Every simulated visitor and supporter comes from 127.0.0.1: the per-address caps and limits
    // (meant for one office behind one address) are lifted for the run.
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, LINEUP_LOOP_DELAY_FILE: `${databasePath}.loop.json`,
      ...(ownAddresses ? { TRUSTED_PROXIES: '1' } : {
        STREAMS_PER_ADDRESS: '100000', LIMIT_TICKETS_PER_ADDRESS: '1000000/1m', LIMIT_MESSAGES_PER_ADDRESS: '1000000/1m', LIMIT_UNKNOWN_PER_ADDRESS: '1000000/1m',
      }),
    },
  });
  endsWithUs(child);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error('Lineup exited during start-up');
    const ok = await get(new http.Agent(), `${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) return { child, url, coldStartMs: performance.now() - started };
    if (performance.now() - started > 30_000) throw new Error('Lineup did not start within 30 s');
    await sleep(5);
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Delivery book-keeping shared by the Lineup run and the baseline. */
class Deliveries {
  sent = new Map<number, { at: number; counted: boolean; expect: Set<string>; got: Set<string> }>();
  latencies: number[] = [];
  /** Deliveries over 50 ms, by the second of the run their message was sent in: a tail that comes in bursts shows here. */
  slowBySecond = new Map<number, number>();
  /** The same, by who received them (v: visitor pages, s: desks): a tail on one side only points at that side. */
  slowTo = { v: 0, s: 0 };
  startedAt = monotonicMs();
  duplicates = 0;
  /** A message went out; its delivery times count unless it was sent during the warm-up (it must still arrive, once). */
  send(seq: number, recipients: string[], counted = true) { this.sent.set(seq, { at: monotonicMs(), counted, expect: new Set(recipients), got: new Set() }); }
  /** The server refused this message (not acknowledged): nobody has to receive it. */
  refused(seq: number) { this.sent.delete(seq); }
  /** A reader saw message `seq` on `stream` at `at` (monotonic ms). */
  receive(stream: string, seq: number, at: number) {
    const entry = this.sent.get(seq);
    if (!entry || !entry.expect.has(stream)) return;
    if (entry.got.has(stream)) { this.duplicates++; return; }
    entry.got.add(stream);
    if (!entry.counted) return;
    this.latencies.push(at - entry.at);
    if (at - entry.at > 50) {
      this.slowTo[stream[0] as 'v' | 's']++;
      const second = Math.floor((entry.at - this.startedAt) / 1000);
      this.slowBySecond.set(second, (this.slowBySecond.get(second) ?? 0) + 1);
    }
  }
  get delivered() { let n = 0; for (const e of this.sent.values()) n += e.got.size; return n; }
  get lost() { let n = 0; for (const e of this.sent.values()) n += e.expect.size - e.got.size; return n; }
}

/**
 * Opens the pages in reader processes (test/load/readers.ts), spread evenly over them as pages
 * are over browsers; what they see is counted in `deliveries`.
 */
async function openPages(streams: StreamSpec[], deliveries: Deliveries) {
  const children = Array.from({ length: Math.min(readerProcesses, streams.length) },
    // BENCH_READER_NODE: the readers on another Node binary (they load no native module).
    () => fork(path.join(import.meta.dirname, 'readers.ts'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], ...(process.env.BENCH_READER_NODE && { execPath: process.env.BENCH_READER_NODE }) }));
  const killAll = () => { for (const child of children) child.kill(); };
  children.forEach(endsWithUs);
  let refused = 0;
  try {
    await Promise.all(children.map((child, i) => new Promise<void>((resolve, reject) => {
      child.on('message', (message: FromReader) => {
        if (message.type === 'seen') for (const [name, seq, at] of message.receipts) deliveries.receive(name, seq, at);
        else if (message.type === 'opened') { refused += message.refused; resolve(); }
      });
      child.once('exit', () => reject(new Error('a reader process ended early')));
      child.send({ type: 'open', streams: streams.filter((_, k) => k % children.length === i) } satisfies ToReader);
    })));
    if (refused) throw new Error(`${refused} streams were refused`);
  } catch (error) {
    killAll();
    throw error;
  }
  return {
    pids: children.map((child) => child.pid!),
    /** The measured part starts now. */
    reset: () => { for (const child of children) child.send({ type: 'reset' } satisfies ToReader); },
    /** Closes every page once the readers have reported all they saw; resolves with the slowest reader's loop delay. */
    close: async () => {
      const loops = await Promise.all(children.map((child) => new Promise<{ p99_ms: number; max_ms: number }>((resolve, reject) => {
        child.removeAllListeners('exit');
        child.once('exit', () => reject(new Error('a reader process ended before reporting')));
        child.on('message', (message: FromReader) => { if (message.type === 'closed') resolve(message.loop); });
        child.send({ type: 'close' } satisfies ToReader);
      })));
      return { p99_ms: Math.max(...loops.map((l) => l.p99_ms)), max_ms: Math.max(...loops.map((l) => l.max_ms)) };
    },
  };
}

/**
 * One address (X-Forwarded-For FLOODER) asking as fast as FLOOD_CONNECTIONS connections allow:
 * new tickets, random ticket tokens, and messages into the one ticket it got, until `until`.
 * Returns how many requests were answered with what.
 */
async function flood(url: string, csrf: string, until: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: FLOOD_CONNECTIONS });
  const headers = { Cookie: `lineup_csrf=${csrf}`, 'X-CSRF-Token': csrf, 'X-Forwarded-For': FLOODER };
  const answers = new Map<string, number>();
  const count = (kind: string, status: number) => answers.set(`${kind} ${status}`, (answers.get(`${kind} ${status}`) ?? 0) + 1);
  let own: string | null = null;
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: FLOOD_CONNECTIONS }, async () => {
    while (performance.now() < until) {
      const kind = ['join', 'guess', 'message'][n++ % 3]!;
      try {
        if (kind === 'join' || (kind === 'message' && !own)) {
          const r = await postForm(agent, `${url}/tickets`, headers, { name: 'Flood', problem: 'flood' });
          if (r.status === 303 && r.location) own = r.location.split('/').pop()!;
          count('join', r.status);
        } else if (kind === 'guess') {
          count('guess', (await get(agent, `${url}/t/${randomToken()}`, headers)).status);
        } else {
          count('message', (await postForm(agent, `${url}/t/${own}/messages`, headers, { body: 'flood', nonce: randomToken().slice(0, 32) })).status);
        }
      } catch {
        count(kind, 0);
      }
    }
  }));
  agent.destroy();
  const total = [...answers.values()].reduce((a, b) => a + b, 0);
  return { requests: total, perSecond: round(total / ((performance.now() - started) / 1000)), answers: Object.fromEntries([...answers].sort()) };
}

async function runLineup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineup-bench-'));
  const databasePath = path.join(dir, 'lineup.sqlite');
  log(`seeding ${size.supporters} supporters, ${size.visitors} visitors (${size.chats} in chats), ${size.searchMessages} transcript messages`);
  const seeded = await seed(databasePath, size);
  log('starting Lineup on the seeded database');
  const { child, url, coldStartMs } = await startLineup(databasePath);
  const pid = child.pid!;
  const rssBefore = rssMiB(pid);
  const csrf = randomToken();
  const visitorHeaders = { Cookie: `lineup_csrf=${csrf}`, 'X-CSRF-Token': csrf, 'HX-Request': 'true' };
  const supporterHeaders = (i: number) => ({ ...visitorHeaders, Cookie: `lineup_csrf=${csrf}; lineup_session=${seeded.supporterSessions[i]}`, ...addressOf(1, i) });
  const deliveries = new Deliveries();
  // A new ticket's id, as a supporter would read it off the line: looked up by token, read-only.
  const lookup = new Database(databasePath, { readonly: true });
  const ticketIdOf = lookup.prepare('SELECT id FROM tickets WHERE token_hash = ?').pluck();
  const groupOf = lookup.prepare('SELECT group_id FROM tickets WHERE id = ?').pluck();

  log(`opening ${size.supporters} desk streams and ${size.visitors} visitor streams in ${readerProcesses} reader processes`);
  // Like a page, each stream starts from the event id current when it opens (read off the cheap
  // intake page), and desks answer the server's pings, or they would count as gone.
  const pages = await openPages([
    ...Array.from({ length: size.supporters }, (_, i): StreamSpec => ({
      name: `s${i}`, url: `${url}/desk/stream`, cursorFrom: `${url}/`, headers: supporterHeaders(i),
      ping: { url: `${url}/desk/alive`, headers: supporterHeaders(i) },
    })),
    ...Array.from({ length: size.visitors }, (_, i): StreamSpec => ({ name: `v${i}`, url: `${url}/t/${seeded.visitorTokens[i]}/stream`, cursorFrom: `${url}/`, headers: addressOf(2, i) })),
  ], deliveries);
  // Pages of visitors who join during the run (nothing is measured on them).
  const readers: Reader[] = [];
  const probe = new http.Agent({ keepAlive: true });
  let cursor = '0';
  let opened = 0;
  const fresh = async () => {
    if (opened++ % 50 === 0) cursor = (await get(probe, `${url}/`)).body.match(/after=(\d+)/)?.[1] ?? cursor;
    return cursor;
  };
  await sleep(3000); // let presence writes and opening snapshots settle
  const rssWithStreams = rssMiB(pid);
  // One address floods the public side for the whole run (warm-up included): it must slow nobody else.
  const flooding = flags.flood ? flood(url, csrf, performance.now() + (size.warmup + size.duration) * 1000) : null;

  // Every sender is a page of its own with its own connection, as in browsers: no sender waits
  // here for another's request to finish (connection waits are still measured and printed).
  const agent = new http.Agent({ keepAlive: true });
  const connectionWaits: number[] = [];
  const postLatencies: number[] = [];
  const claimLatencies: number[] = [];
  const searchLatencies: number[] = [];
  const claimWinners = new Map<number, number>();
  let seq = 0;
  let joins = 0;
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const fail = (kind: string) => { errors++; errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1); };
  const pending: Promise<unknown>[] = [];
  const track = (p: Promise<unknown>, kind: string, seq?: number) => {
    pending.push(p.catch((error: NodeJS.ErrnoException) => {
      fail(`${kind} ${error.code ?? error.message}`);
      // Never acknowledged: an error for its sender (who would send it again), not a lost message.
      if (seq !== undefined) deliveries.refused(seq);
    }));
  };

  log(`running for ${size.warmup} + ${size.duration} s: ${size.chats} chats at one message per ${MESSAGE_INTERVAL_MS / 1000} s each, ${size.joinsPerSecond} joins/s, ${size.searchesPerSecond} searches/s`);
  // The generator is this process and its readers.
  const generatorCpu = () => cpuSeconds('self') + pages.pids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const generatorLoop = watchLoopDelay();
  let cpuAtStart = { server: 0, generator: 0 };
  let runStart = performance.now() + size.warmup * 1000;
  const endAt = runStart + size.duration * 1000;
  // Measuring starts after the warm-up; every event loop (server, generator, readers) is watched
  // from then on: a late loop on any side delays what is measured.
  let measuring = false;
  const counting = () => {
    if (!measuring && performance.now() >= runStart) {
      measuring = true;
      child.kill('SIGUSR2');
      generatorLoop.reset();
      pages.reset();
      cpuAtStart = { server: cpuSeconds(pid), generator: generatorCpu() };
      runStart = performance.now();
      deliveries.startedAt = monotonicMs();
    }
    return measuring;
  };
  const perMessageMs = MESSAGE_INTERVAL_MS / size.chats;
  let chat = 0;
  let nextMessage = performance.now();
  let nextJoin = nextMessage;
  let nextSearch = nextMessage;
  while (performance.now() < endAt) {
    const now = performance.now();
    while (nextMessage <= now) {
      const k = chat++ % size.chats;
      const fromVisitor = Math.floor(chat / size.chats) % 2 === 0;
      const n = ++seq;
      const holder = seeded.holders[k]!;
      const counted = counting();
      deliveries.send(n, [`v${k}`, `s${holder}`], counted);
      const sentAt = performance.now();
      const target = fromVisitor ? `${url}/t/${seeded.visitorTokens[k]}/messages` : `${url}/desk/tickets/${k + 1}/messages`;
      track(postForm(agent, target, fromVisitor ? { ...visitorHeaders, ...addressOf(2, k) } : supporterHeaders(holder), { body: `bench#${n}# hello`, nonce: randomToken().slice(0, 32) }, connectionWaits)
        .then((r) => {
          if (counted) postLatencies.push(performance.now() - sentAt);
          // Only an acknowledged message must arrive; a refused one is counted as an error.
          if (r.status !== 204) { fail(`message ${r.status}`); deliveries.refused(n); }
        }), 'message', n);
      nextMessage += perMessageMs;
    }
    while (nextJoin <= now && size.joinsPerSecond > 0) {
      const name = `Joiner ${++joins}`;
      const joiner = addressOf(3, joins);
      track(postForm(agent, `${url}/tickets`, { Cookie: `lineup_csrf=${csrf}`, 'X-CSRF-Token': csrf, ...joiner }, { name, problem: 'Joined during the benchmark' })
        .then(async (r) => {
          const token = r.location?.split('/').pop();
          if (r.status !== 303 || !token) { fail(`join ${r.status}`); return; }
          readers.push(await openReader(`${url}/t/${token}/stream?after=${await fresh()}`, joiner, () => {}));
          const id = ticketIdOf.get(hashToken(token)) as number | undefined;
          if (!id) { fail('join no-ticket'); return; }
          // Two supporters of the ticket's group race for it (supporter i is in group i mod N, ids from 1).
          const group = (groupOf.get(id) as number) - 1;
          const member = () => group + size.groups * Math.floor(Math.random() * Math.ceil((size.supporters - group) / size.groups));
          const racers = [member(), member()];
          await Promise.all(racers.map(async (s) => {
            const t = performance.now();
            const counted = counting();
            const res = await postForm(agent, `${url}/desk/tickets/${id}/claim`, supporterHeaders(s), {});
            if (counted) claimLatencies.push(performance.now() - t);
            if (res.status === 200) claimWinners.set(id, (claimWinners.get(id) ?? 0) + 1);
            else if (res.status !== 409) fail(`claim ${res.status}`);
          }));
        }), 'join');
      nextJoin += 1000 / size.joinsPerSecond;
    }
    while (nextSearch <= now) {
      const q = SEARCH_QUERIES[Math.floor(Math.random() * SEARCH_QUERIES.length)]!;
      const t = performance.now();
      const counted = counting();
      track(get(agent, `${url}/search?q=${encodeURIComponent(q)}`, { Cookie: `lineup_session=${seeded.supporterSessions[0]}`, ...addressOf(1, 0) })
        .then((r) => { if (r.status !== 200) fail(`search ${r.status}`); if (counted) searchLatencies.push(performance.now() - t); }), 'search');
      nextSearch += 1000 / size.searchesPerSecond;
    }
    await sleep(1);
  }
  await Promise.all(pending);
  const flooded = await flooding;
  await sleep(2000); // deliveries still on their way
  const rssEnd = rssMiB(pid);
  // How much routing did meanwhile: offers rung, and how they ended (none are answered here).
  const offers = lookup.prepare('SELECT outcome, count(*) AS n FROM offers GROUP BY outcome').all() as Array<{ outcome: string; n: number }>;
  lookup.close();
  const runSeconds = (performance.now() - runStart) / 1000;
  const cpuShare = { server: (cpuSeconds(pid) - cpuAtStart.server) / runSeconds, generator: (generatorCpu() - cpuAtStart.generator) / runSeconds };
  for (const r of readers) r.close();
  const generatorDelay = generatorLoop.read();
  const readerDelay = await pages.close();
  await stop(child);
  const serverDelay = JSON.parse(fs.readFileSync(`${databasePath}.loop.json`, 'utf8')) as LoopDelay;
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true }); else log(`kept ${dir}`);

  const connections = size.visitors + size.supporters;
  return {
    coldStartMs, rssEnd, rssPerConnectionKiB: ((rssWithStreams - rssBefore) * 1024) / connections,
    offers: Object.fromEntries(offers.map((o) => [o.outcome, o.n])),
    messagesSent: seq, delivered: deliveries.delivered, lost: deliveries.lost, duplicates: deliveries.duplicates,
    deliveryP50: percentile(deliveries.latencies, 50), deliveryP99: percentile(deliveries.latencies, 99), deliveryMax: percentile(deliveries.latencies, 100),
    postP99: percentile(postLatencies, 99), claims: claimLatencies.length, claimedTickets: claimWinners.size,
    doubleClaims: [...claimWinners.values()].filter((n) => n > 1).length, claimP99: percentile(claimLatencies, 99),
    searchP50: percentile(searchLatencies, 50), searchP95: percentile(searchLatencies, 95), searchMax: percentile(searchLatencies, 100),
    connectionWaitP99: percentile(connectionWaits, 99),
    slowTo: `${deliveries.slowTo.v} to visitor pages, ${deliveries.slowTo.s} to desks`,
    flooded,
    slowBySecond: [...deliveries.slowBySecond].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([second, n]) => `${second}s:${n}`).join(' '), searches: searchLatencies.length, joins, errors, errorKinds: Object.fromEntries(errorKinds), serverDelay, generatorDelay, readerDelay, cpuShare,
  };
}

/** The same message pattern through a bare node:http SSE relay: the floor on this machine. */
async function runBaseline(duration: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'relay.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  endsWithUs(child);
  const port = await new Promise<number>((resolve) => child.stdout!.on('data', (d) => { const m = String(d).match(/listening on (\d+)/); if (m) resolve(Number(m[1])); }));
  const url = `http://127.0.0.1:${port}`;
  const deliveries = new Deliveries();
  const pages = await openPages([
    ...Array.from({ length: size.supporters }, (_, i): StreamSpec => ({ name: `s${i}`, url: `${url}/s/s${i}`, headers: {} })),
    ...Array.from({ length: size.visitors }, (_, i): StreamSpec => ({ name: `v${i}`, url: `${url}/s/v${i}`, headers: {} })),
  ], deliveries);
  // Senders as in the Lineup run: each with a connection of its own.
  const agent = new http.Agent({ keepAlive: true });
  const holders = Array.from({ length: size.chats }, (_, k) => k % size.supporters);
  const pending: Promise<unknown>[] = [];
  // The same warm-up as Lineup's run.
  const start = performance.now() + size.warmup * 1000;
  const perMessageMs = MESSAGE_INTERVAL_MS / size.chats;
  let next = performance.now();
  let seq = 0;
  while (performance.now() < start + duration * 1000) {
    while (next <= performance.now()) {
      const k = seq % size.chats;
      const n = ++seq;
      const to = [`v${k}`, `s${holders[k]}`];
      deliveries.send(n, to, performance.now() >= start);
      const body = JSON.stringify({ to, data: `bench#${n}# hello` });
      pending.push(new Promise<void>((resolve) => {
        const req = http.request(`${url}/m`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
        req.on('error', () => resolve());
        req.end(body);
      }));
      next += perMessageMs;
    }
    await sleep(1);
  }
  await Promise.all(pending);
  await sleep(1000);
  await pages.close();
  await stop(child);
  return { p99: percentile(deliveries.latencies, 99), p50: percentile(deliveries.latencies, 50), lost: deliveries.lost };
}

execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const lineup = await runLineup();
log('running the baseline relay with the same pattern');
// Skipped, the baseline's figures read null rather than a 0 that a ratio would be taken of.
const baseline = flags['skip-baseline'] ? null : await runBaseline(baselineSeconds);

// Messages, joins and claim winners count over the whole run, warm-up included (every message
// must arrive exactly once); times, CPU and loop delays over the measured part only.
const result = {
  profile: flags.profile,
  visitors: size.visitors, supporters: size.supporters, groups: size.groups, languages: size.languages, chats: size.chats, warmup_s: size.warmup, duration_s: size.duration,
  offers: size.offers ? JSON.stringify(lineup.offers) : 'off',
  messages_sent: lineup.messagesSent, messages_delivered: lineup.delivered, messages_lost: lineup.lost, duplicates: lineup.duplicates,
  delivery_p50_ms: round(lineup.deliveryP50), delivery_p99_ms: round(lineup.deliveryP99), delivery_max_ms: round(lineup.deliveryMax),
  post_p99_ms: round(lineup.postP99),
  joins: lineup.joins, claims: lineup.claims, claimed_tickets: lineup.claimedTickets, double_claims: lineup.doubleClaims, claim_p99_ms: round(lineup.claimP99),
  search_messages: size.searchMessages, searches: lineup.searches, search_p50_ms: round(lineup.searchP50), search_p95_ms: round(lineup.searchP95), search_max_ms: round(lineup.searchMax),
  rss_mib: round(lineup.rssEnd), rss_per_connection_kib: round(lineup.rssPerConnectionKiB),
  cold_start_ms: round(lineup.coldStartMs),
  generator_connection_wait_p99_ms: round(lineup.connectionWaitP99),
  server_cpu_cores: round(lineup.cpuShare.server, 2), generator_cpu_cores: round(lineup.cpuShare.generator, 2),
  server_loop_delay_p99_ms: lineup.serverDelay.p99_ms, server_loop_delay_max_ms: lineup.serverDelay.max_ms, server_stalls_over_50ms: lineup.serverDelay.over_50ms,
  server_gc_max_ms: lineup.serverDelay.gc_max_ms, server_gc_over_50ms: lineup.serverDelay.gc_over_50ms,
  server_gc_total_ms: lineup.serverDelay.gc_total_ms, server_gc_major: `${lineup.serverDelay.gc_major} taking ${lineup.serverDelay.gc_major_ms} ms`,
  server_stalls: JSON.stringify(lineup.serverDelay.stalls.slice(0, 20)),
  slow_deliveries_to: lineup.slowTo,
  slow_deliveries_by_second: lineup.slowBySecond,
  generator_loop_delay_p99_ms: lineup.generatorDelay.p99_ms, generator_loop_delay_max_ms: lineup.generatorDelay.max_ms, generator_stalls_over_50ms: lineup.generatorDelay.over_50ms,
  reader_processes: readerProcesses, reader_loop_delay_p99_ms: lineup.readerDelay.p99_ms, reader_loop_delay_max_ms: lineup.readerDelay.max_ms,
  baseline_delivery_p50_ms: baseline && round(baseline.p50), baseline_delivery_p99_ms: baseline && round(baseline.p99),
  delivery_p99_vs_baseline: baseline && round(lineup.deliveryP99 / Math.max(baseline.p99, 0.001), 2),
  errors: lineup.errors,
  error_kinds: JSON.stringify(lineup.errorKinds),
  own_addresses: ownAddresses,
  flood_requests: lineup.flooded?.requests ?? null, flood_per_second: lineup.flooded?.perSecond ?? null,
  flood_answers: lineup.flooded ? JSON.stringify(lineup.flooded.answers) : null,
};

const width = Math.max(...Object.keys(result).map((k) => k.length));
console.log(`\nLineup benchmark (${flags.profile}) on ${os.cpus().length} cores, Node ${process.version}${[...START_FLAGS, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])].map((f) => ` ${f}`).join('')}`);
for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(width)}  ${value}`);
if (flags.json) fs.writeFileSync(flags.json, JSON.stringify(result, null, 2) + '\n');
