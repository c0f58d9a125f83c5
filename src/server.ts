import fs from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { openDatabase } from './lib/db.ts';
import type { Deps } from './lib/deps.ts';
import { WalSync } from './lib/wal-sync.ts';
import { startCheckpointer } from './lib/checkpointer.ts';
import { hubFor } from './realtime/events.ts';
import { withinCommit } from './reactions.ts';
import { pruneEvents } from './realtime/retention.ts';
import { expireTransfers } from './handover/transfers.ts';
import { abandonGoneVisitors } from './line/abandon.ts';
import { HoursWatch } from './intake/mode.ts';
import { startMailSender } from './mail/sender.ts';
import { indexNewMessages } from './transcripts/indexer.ts';
import { watchLoopDelay } from './lib/loop-delay.ts';
import { PRESENCE_TICK_MS } from './presence/presence.ts';
import { log } from './lib/log.ts';
import { pidFile } from './ops/backup.ts';
import { pruneAudit } from './audit/audit.ts';
import { Offerer } from './offers/offerer.ts';
import { ShiftWatch } from './schedules/watch.ts';
import { watchNorms } from './sla/watch.ts';
import { sampleLoad } from './supervision/timeline.ts';
import { backfillReports } from './reports/backfill.ts';
import { RetentionWatch } from './retention/watch.ts';
import { sendDailySummary } from './supervision/daily-summary.ts';

const PRUNE_MS = 60 * 60 * 1000;
const HOURS_CHECK_MS = 30_000;
const FOLLOW_MS = 1_000;
const SEARCH_INDEX_MS = 1_000;

const config = loadConfig();
const db = openDatabase(config.databasePath);
const deps: Deps = { db, clock: systemClock, hub: hubFor(db), within: withinCommit, config, walSync: new WalSync(config.databasePath) };
const { app, presence, health, metricSources, close } = createApp(deps);
// Checkpoints wait for the disk: they run on a thread of their own, not in a commit.
const checkpointer = startCheckpointer(db, config.databasePath);
health.watch('checkpoint thread', () => checkpointer.problem());
metricSources.checkpoint = () => checkpointer.last();

const sweeper = setInterval(() => {
  void presence.tick();
  // Transfers nobody answered within 30 s lapse; the ticket stays with its holder.
  expireTransfers(deps);
  // Waiting visitors gone too long leave the line (an indexed read of only those tickets).
  abandonGoneVisitors(deps);
}, PRESENCE_TICK_MS);
sweeper.unref();
// Events written by another process (the CLI) reach open pages within a second.
// Once a second: events from other processes, and pings to the desks that are due one.
const follower = setInterval(() => { deps.hub.catchUp(); presence.ping(); }, FOLLOW_MS);
follower.unref();
// Waiting tickets are offered to one supporter at a time, on a timer set to the soonest one due.
const offerer = new Offerer(deps);
// Service norms: a breach is recorded the moment a deadline passes, on a timer set to the soonest.
const normWatch = watchNorms(deps);
// Opening and closing times pass by themselves: intake pages are told when one does.
const hoursWatch = new HoursWatch(deps);
hoursWatch.check();
// So do supporters' shifts: colleagues' team lists say who is off shift.
const shiftWatch = new ShiftWatch(deps);
shiftWatch.check();
const hoursTimer = setInterval(() => { hoursWatch.check(); shiftWatch.check(); }, HOURS_CHECK_MS);
hoursTimer.unref();
// New messages join the search index in one batch a second (and before every search).
const indexer = setInterval(() => indexNewMessages(db), SEARCH_INDEX_MS);
indexer.unref();
// Pruning waits until start-up is done: a restart must be quick on a big database.
// Audit entries older than a year go too.
// The dashboard's timeline: a sample of the load each minute.
const sampler = setInterval(() => sampleLoad(deps), 60_000);
sampler.unref();
// Reports for tickets that ended before they were kept (an upgrade): once, a batch at a time.
setTimeout(() => backfillReports(db), 5_000).unref();
// Once a day: conversations older than the team keeps them go, and the daily summary mail (checked every 15 minutes).
const retentionWatch = new RetentionWatch(deps);
const retentionTimer = setInterval(() => { void retentionWatch.check(); sendDailySummary(deps); }, 15 * 60_000);
retentionTimer.unref();
setTimeout(() => void retentionWatch.check(), 60_000).unref();
const pruner = setInterval(() => { pruneEvents(deps); pruneAudit(db, Date.now()); }, PRUNE_MS);
pruner.unref();
setTimeout(() => pruneEvents(deps), 30_000).unref();
// Mail goes out from the outbox: a round every 5 s, and within a moment of being queued.
const mailSender = startMailSender(deps);
// For the benchmark: how long the event loop was held up, written out at shutdown.
const loopDelay = process.env.LINEUP_LOOP_DELAY_FILE ? watchLoopDelay(process.env.LINEUP_LOOP_DELAY_FILE) : null;
if (loopDelay) process.on('SIGUSR2', () => loopDelay.reset()); // the measured part starts

// Says which process runs Lineup on this database, so a restore can refuse while it does.
fs.writeFileSync(pidFile(config.databasePath), `${process.pid}\n`);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  log.info({ url: `http://${shown}:${info.port}`, database: config.databasePath }, `Lineup is running at http://${shown}:${info.port}`);
});

// Browsers and proxies reuse connections; closing an idle one at the same moment a request is
// sent on it loses that request. Keep idle connections longer than clients and proxies do.
if ('keepAliveTimeout' in server) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

function shutdown() {
  loopDelay?.write();
  fs.rmSync(pidFile(config.databasePath), { force: true });
  clearInterval(sweeper);
  offerer.stop();
  normWatch.stop();
  clearInterval(pruner);
  clearInterval(sampler);
  clearInterval(retentionTimer);
  clearInterval(follower);
  clearInterval(hoursTimer);
  clearInterval(indexer);
  void mailSender.stop();
  // The threads' connections close first, so the server's, the last, checkpoints and removes the WAL.
  const threadsClosed = Promise.allSettled([close(), checkpointer.close()]);
  server.close(() => void threadsClosed.finally(() => {
    db.close();
    process.exit(0);
  }));
  // Streams are closed above; keep-alive sockets would otherwise hold close() open.
  if ('closeAllConnections' in server) server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
