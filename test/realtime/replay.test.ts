import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, overHttp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { SseClient } from '../helpers/sse.ts';

/** Message ids as a page receives them, in order. */
const messageIds = (data: string) => [...data.matchAll(/<li id="m-(\d+)"/g)].map((m) => Number(m[1]));
const cursorOf = (html: string) => html.match(/stream\?after=(\d+)/)![1]!;

describe('a page that loses its stream', () => {
  let server: RunningServer;
  afterEach(async () => { await server?.stop(); });

  async function visitorWithPage() {
    const visitor = new Agent(overHttp(server.url));
    const page = await visitor.join('Vera', 'My printer is on fire');
    const html = await (await visitor.get(page)).text();
    return { visitor, page, cursor: cursorOf(html) };
  }

  it('receives every message sent while it was gone, once and in order, after reconnecting with Last-Event-ID', async () => {
    server = await startServer();
    const { visitor, page, cursor } = await visitorWithPage();
    const first = await SseClient.open(`${server.url}${page}/stream?after=${cursor}`);
    await visitor.post(`${page}/messages`, { body: 'one' }, { htmx: true });
    await first.waitFor(() => messageIds(first.data).length === 1);
    const resumeFrom = first.lastEventId!;
    first.close();

    for (const body of ['two', 'three', 'four']) {
      expect((await visitor.post(`${page}/messages`, { body }, { htmx: true })).status).toBe(204);
    }
    const second = await SseClient.open(`${server.url}${page}/stream?after=${cursor}`, { 'Last-Event-ID': resumeFrom });
    await second.waitFor(() => messageIds(second.data).length === 3);
    await visitor.post(`${page}/messages`, { body: 'five' }, { htmx: true });
    await second.waitFor(() => messageIds(second.data).length === 4);
    expect(second.frames.some((f) => f.event === 'lineup:reset')).toBe(false);
    const all = [...messageIds(first.data), ...messageIds(second.data)];
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(new Set(all).size).toBe(5);
    expect(second.data).toContain('two');
    expect(second.data.indexOf('two')).toBeLessThan(second.data.indexOf('three'));
    second.close();
  });

  it('catches up across a server restart', async () => {
    server = await startServer();
    const { visitor, page, cursor } = await visitorWithPage();
    const first = await SseClient.open(`${server.url}${page}/stream?after=${cursor}`);
    await visitor.post(`${page}/messages`, { body: 'before the restart' }, { htmx: true });
    await first.waitFor(() => messageIds(first.data).length === 1);
    const resumeFrom = first.lastEventId!;
    first.close();
    await visitor.post(`${page}/messages`, { body: 'missed one' }, { htmx: true });
    await server.stop();

    server = await startServer({ databasePath: server.databasePath });
    const again = new Agent(overHttp(server.url));
    again.cookies = visitor.cookies;
    await again.post(`${page}/messages`, { body: 'after the restart' }, { htmx: true });
    const second = await SseClient.open(`${server.url}${page}/stream`, { 'Last-Event-ID': resumeFrom });
    await second.waitFor(() => messageIds(second.data).length === 2);
    expect(second.data.indexOf('missed one')).toBeLessThan(second.data.indexOf('after the restart'));
    expect(second.data).not.toContain('before the restart');
    second.close();
  });

  it.each([['garbage', 'abc'], ['negative', '-1'], ['from the future', '99999999'], ['empty', '']])(
    'gets a reset and a full snapshot, never a gap, for a %s Last-Event-ID',
    async (_label, lastEventId) => {
      server ??= await startServer();
      // A server stopped by the previous case (afterEach) exited with a code or by the signal.
      if (server.process.exitCode !== null || server.process.signalCode !== null) server = await startServer();
      const { visitor, page } = await visitorWithPage();
      await visitor.post(`${page}/messages`, { body: 'already said' }, { htmx: true });
      const client = await SseClient.open(`${server.url}${page}/stream`, { 'Last-Event-ID': lastEventId });
      await client.waitFor((frames) => frames.some((f) => f.event === 'lineup:reset') && messageIds(client.data).length === 2);
      const snapshot = client.frames.find((f) => f.data.includes('#log'))!;
      expect(snapshot.data).toContain('already said');
      expect(snapshot.data).toContain('My printer is on fire');
      expect(snapshot.data).toContain('Your place in line: <strong>1</strong>');
      expect(Number(snapshot.id)).toBeGreaterThan(0);
      client.close();
    },
  );
});

describe('a crash right after a message was acknowledged', () => {
  it('loses nothing: the message is there once, and the line keeps its order', async () => {
    let server = await startServer();
    const visitors = ['Ann', 'Bob', 'Cy'].map(() => new Agent(overHttp(server.url)));
    const pages: string[] = [];
    for (const [i, v] of visitors.entries()) pages.push(await v.join(['Ann', 'Bob', 'Cy'][i]!, 'Help please'));
    const ack = await visitors[1]!.post(`${pages[1]}/messages`, { body: 'durable words' }, { htmx: true });
    expect(ack.status).toBe(204);
    await server.kill9();

    server = await startServer({ databasePath: server.databasePath });
    try {
      const check = new Agent(overHttp(server.url));
      check.cookies = visitors[1]!.cookies;
      const html = await (await check.get(pages[1]!)).text();
      expect(html.split('durable words').length - 1).toBe(1);
      const places = [];
      for (const [i, v] of visitors.entries()) {
        const again = new Agent(overHttp(server.url));
        again.cookies = v.cookies;
        const page = await (await again.get(pages[i]!)).text();
        places.push(page.match(/Your place in line: <strong>(\d+)<\/strong>/)?.[1]);
      }
      expect(places).toEqual(['1', '2', '3']);
    } finally {
      await server.stop();
      void path;
    }
  });
});
