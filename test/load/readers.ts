// A share of the benchmark's pages, read in a process of its own. Pages live in many browsers,
// not one event loop: a line change written to 1,300 desks must not queue behind itself in the
// reader, or the benchmark measures its own backlog. Each child reports every benchmark marker
// it sees with the time on the machine's monotonic clock, which every process shares.
import http from 'node:http';
import { openReader, postForm, get, type Reader } from './sse-reader.ts';
import { watchLoopDelay } from '../../src/lib/loop-delay.ts';
import { monotonicMs } from './stats.ts';

export interface StreamSpec {
  /** The name deliveries are counted under (v12, s3). */
  name: string;
  /** The stream's address; with `cursorFrom`, `?after=` the event id read off that page is added. */
  url: string;
  cursorFrom?: string;
  headers: Record<string, string>;
  /** Where a desk answers its pings, as desk pages do. */
  ping?: { url: string; headers: Record<string, string> };
}

/** `reset` starts the measured part (the loop delay counts from there). */
export type ToReader = { type: 'open'; streams: StreamSpec[] } | { type: 'reset' } | { type: 'close' };
export type FromReader =
  | { type: 'opened'; refused: number }
  | { type: 'seen'; receipts: Array<[name: string, seq: number, at: number]> }
  | { type: 'closed'; loop: { p99_ms: number; max_ms: number } };


const readers: Reader[] = [];
let receipts: Array<[string, number, number]> = [];
const loop = watchLoopDelay();
const send = (message: FromReader) => process.send!(message);

setInterval(() => {
  if (!receipts.length) return;
  send({ type: 'seen', receipts });
  receipts = [];
}, 20).unref();

async function openAll(streams: StreamSpec[]) {
  const probe = new http.Agent({ keepAlive: true });
  const pinger = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let cursor = '0';
  let opened = 0;
  let next = 0;
  let refused = 0;
  await Promise.all(Array.from({ length: Math.min(50, streams.length) }, async () => {
    while (next < streams.length) {
      const spec = streams[next++]!;
      let url = spec.url;
      if (spec.cursorFrom) {
        // Like a page, a stream starts from the event id current when it opens (read off a cheap page).
        if (opened++ % 50 === 0) cursor = (await get(probe, spec.cursorFrom)).body.match(/after=(\d+)/)?.[1] ?? cursor;
        url += `${url.includes('?') ? '&' : '?'}after=${cursor}`;
      }
      const ping = spec.ping;
      const reader = await openReader(url, spec.headers, (data, at) => {
        // A message is delivered by the frame that shows it; a named event beside it (the desk's
        // `lineup:message` signal, which repeats its text for the page's scripts) is not a second delivery.
        for (const message of data.split('\n\n')) {
          if (message.startsWith('event:') || message.includes('\nevent:')) continue;
          for (const match of message.matchAll(/bench#(\d+)#/g)) receipts.push([spec.name, Number(match[1]), at]);
        }
      }, ping && (() => { postForm(pinger, ping.url, ping.headers, {}).catch(() => {}); }), monotonicMs);
      if (reader.status !== 200) refused++;
      readers.push(reader);
    }
  }));
  send({ type: 'opened', refused });
}

process.on('message', (message: ToReader) => {
  if (message.type === 'open') void openAll(message.streams);
  else if (message.type === 'reset') loop.reset();
  else {
    for (const r of readers) r.close();
    if (receipts.length) send({ type: 'seen', receipts });
    const { p99_ms, max_ms } = loop.read();
    // Ends once the last report is on its way, so none is lost.
    process.send!({ type: 'closed', loop: { p99_ms, max_ms } } satisfies FromReader, () => process.exit(0));
  }
});
// A benchmark that stops (finished, failed or killed) takes its readers with it.
process.on('disconnect', () => process.exit(0));
