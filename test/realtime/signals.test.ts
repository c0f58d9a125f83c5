import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRenderer } from '../../src/desk/feed.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { LINE_SHOWN, openTicket } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import type { Drawn } from '../../src/realtime/signals.ts';
import { eventFrames, frame } from '../../src/realtime/stream.ts';
import { Agent, makeTestApp, overHttp, tempDir } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { SseClient } from '../helpers/sse.ts';
import { SAMPLES } from '../files/samples.ts';

const joined = (ticket: number): Drawn['signals'][number] => ({ name: 'lineup:joined', data: { ticket, name: 'Vera', problem: 'Help' } });

describe('signals on the wire', () => {
  it("writes an event's HTML, then its signals, with the event's id on the last message only", () => {
    const text = eventFrames(7, { html: '<p>row</p>', signals: [joined(1), { name: 'lineup:message', data: { ticket: 2, message: 9, text: 'Hi' } }] });
    expect(text).toBe('data: <p>row</p>\n\n'
      + 'event: lineup:joined\ndata: {"ticket":1,"name":"Vera","problem":"Help"}\n\n'
      + 'event: lineup:message\nid: 7\ndata: {"ticket":2,"message":9,"text":"Hi"}\n\n');
  });

  it('puts the id on the signal when an event draws no HTML', () => {
    expect(eventFrames(8, { html: '', signals: [joined(3)] })).toBe('event: lineup:joined\nid: 8\ndata: {"ticket":3,"name":"Vera","problem":"Help"}\n\n');
  });

  it('writes HTML alone exactly as before, and the id alone when a page shows nothing', () => {
    expect(eventFrames(9, '<p>a</p>\n<p>b</p>')).toBe(frame(9, '<p>a</p>\n<p>b</p>'));
    expect(eventFrames(9, null)).toBe('id: 9\n\n');
    expect(eventFrames(9, { html: '', signals: [] })).toBe('id: 9\n\n');
  });

  it("writes a visitor's text in signal data with no markup in it, and it reads back as the same text", () => {
    const text = eventFrames(10, { html: '', signals: [{ name: 'lineup:message', data: { ticket: 1, message: 2, text: '<b>bold</b> & "quoted"\nnext line' } }] });
    expect(text).not.toMatch(/[<>&]/);
    const data = text.split('\n').find((line) => line.startsWith('data: '))!.slice(6);
    expect(JSON.parse(data).text).toBe('<b>bold</b> & "quoted"\nnext line');
  });
});

describe("signals for the desk's scripts", () => {
  let t: ReturnType<typeof makeTestApp>;
  let filesDir: string;
  let seen: LineupEvent[];
  beforeEach(() => {
    filesDir = path.join(tempDir(), 'files');
    t = makeTestApp({ FILES_DIR: filesDir });
    seen = [];
    t.deps.hub.subscribe({ topics: ['line', 'team', 'desks'], deliver: (e) => seen.push(e) });
  });
  afterEach(() => { t.close(); fs.rmSync(path.dirname(filesDir), { recursive: true, force: true }); });

  const signalsOf = (drawn: Drawn | null) => drawn?.signals ?? [];

  /** Vera's ticket in Sam's tab; what reaches Sam's desk from now on is in `seen`. */
  async function veraWithSam() {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'The invoice is wrong');
    claimTicket(t.deps, 1, sam.id);
    seen.length = 0;
    t.deps.hub.subscribe({ topics: [], supporterId: sam.id, deliver: (e) => seen.push(e) });
    return { sam, visitor, page };
  }

  it('tells every desk that someone joined the line, with the name and problem their row shows', async () => {
    const sam = await t.supporter('Sam');
    const ada = await t.supporter('Ada', 'admin');
    await t.agent().join('<b>Vera</b>', 'The invoice is wrong');
    const event = seen.find((e) => e.type === 'ticket.joined')!;
    for (const render of [deskRenderer(t.deps, sam.id), deskRenderer(t.deps, ada.id, 'admin', 'ru')]) {
      const drawn = render(event)!;
      expect(drawn.html).toContain('id="line-1"');
      expect(drawn.signals).toEqual([{ name: 'lineup:joined', data: { ticket: 1, name: '<b>Vera</b>', problem: 'The invoice is wrong' } }]);
    }
    // Nothing else on the desk is a signal: a claim moves the line and opens a tab, quietly.
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    const claimed = seen.find((e) => e.type === 'ticket.claimed')!;
    expect(signalsOf(deskRenderer(t.deps, sam.id)(claimed))).toEqual([]);
  });

  it("tells no desk of a ticket that joins beyond the part of the line desks show", async () => {
    const sam = await t.supporter('Sam');
    t.deps.db.transaction(() => {
      for (let i = 0; i <= LINE_SHOWN; i++) openTicket(t.deps, { name: `V${i}`, problem: 'Help' });
    })();
    const last = seen.filter((e) => e.type === 'ticket.joined').at(-1)!;
    expect(last.ticketId).toBe(LINE_SHOWN + 1);
    expect(signalsOf(deskRenderer(t.deps, sam.id)(last))).toEqual([]);
  });

  it("tells a tab's desks that its visitor wrote, and nothing of the supporter's own lines or notes", async () => {
    const { sam, visitor, page } = await veraWithSam();
    const bob = await t.supporter('Bob');
    await visitor.post(`${page}/messages`, { body: 'Order <1234> & more' }, { htmx: true });
    await sam.agent.post('/desk/tickets/1/messages', { body: 'Looking' }, { htmx: true });
    await sam.agent.post('/desk/tickets/1/messages', { body: 'Check billing', note: '1' }, { htmx: true });
    const posted = seen.filter((e) => e.type === 'message.posted');
    expect(posted).toHaveLength(3);
    const [fromVera, fromSam, note] = posted.map(deskRenderer(t.deps, sam.id));
    expect(fromVera!.html).toContain('Order &lt;1234&gt; &amp; more');
    expect(fromVera!.signals).toEqual([{ name: 'lineup:message', data: { ticket: 1, message: posted[0]!.data.messageId, text: 'Order <1234> & more' } }]);
    expect(fromSam!.signals).toEqual([]);
    expect(note!.signals).toEqual([]);
    // A desk the message is not addressed to hears nothing of it.
    expect(deskRenderer(t.deps, bob.id)(posted[0]!)).toBeNull();
  });

  it('gives a file sent without a caption no text, as its message shows none', async () => {
    const { sam, visitor, page } = await veraWithSam();
    const form = new FormData();
    form.append('file', new File([SAMPLES.png], 'invoice.png', { type: 'image/png' }));
    const res = await visitor.request(`${page}/files`, { method: 'POST', body: form, headers: { 'HX-Request': 'true', 'X-CSRF-Token': visitor.csrf } });
    expect(res.status).toBeLessThan(300);
    const posted = seen.find((e) => e.type === 'message.posted')!;
    expect(deskRenderer(t.deps, sam.id)(posted)!.signals).toEqual([{ name: 'lineup:message', data: { ticket: 1, message: posted.data.messageId, text: '' } }]);
  });
});

describe('signals over a real connection', () => {
  let server: RunningServer;
  beforeEach(async () => { server = await startServer(); });
  afterEach(async () => { await server.stop(); });

  it('resume after the whole event on a reconnect, and replay exactly as they went out live', async () => {
    const ann = new Agent(overHttp(server.url));
    expect((await ann.post('/setup', { name: 'Ann', email: 'ann@example.com', password: 'a long password' })).status).toBe(303);
    const cookie = [...ann.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const cursor = (await (await ann.get('/desk')).text()).match(/after=(\d+)/)![1];
    const live = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookie });

    await new Agent(overHttp(server.url)).join('Vera', 'The invoice is wrong');
    await live.waitFor((frames) => frames.some((f) => f.event === 'lineup:joined'));
    const at = live.frames.findIndex((f) => f.event === 'lineup:joined');
    const [row, signal] = [live.frames[at - 1]!, live.frames[at]!];
    // The row, then the signal; only the signal, the event's last message, carries the id.
    expect(row.data).toContain('id="line-1"');
    expect(row.id).toBeNull();
    expect(signal.id).toMatch(/^\d+$/);
    expect(JSON.parse(signal.data)).toEqual({ ticket: 1, name: 'Vera', problem: 'The invoice is wrong' });
    live.close();

    // A page that reconnects after that id gets nothing of the event again ...
    const resumed = await SseClient.open(`${server.url}/desk/stream`, { Cookie: cookie, 'Last-Event-ID': signal.id! });
    await new Agent(overHttp(server.url)).join('Walt', 'Cannot sign in');
    await resumed.waitFor((frames) => frames.some((f) => f.event === 'lineup:joined'));
    expect(resumed.frames.filter((f) => f.event === 'lineup:joined').map((f) => JSON.parse(f.data).name)).toEqual(['Walt']);
    expect(resumed.frames.some((f) => f.event === 'lineup:reset')).toBe(false);
    resumed.close();

    // ... and one that replays from before it gets the same messages the live page got, in order.
    const replay = await SseClient.open(`${server.url}/desk/stream`, { Cookie: cookie, 'Last-Event-ID': cursor! });
    await replay.waitFor((frames) => frames.filter((f) => f.event === 'lineup:joined').length === 2);
    const again = replay.frames.findIndex((f) => f.event === 'lineup:joined');
    expect(replay.frames[again]).toEqual(signal);
    expect(replay.frames[again - 1]).toEqual(row);
    replay.close();
  });
});
