import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, overHttp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

/** Sends a raw GET and collects every byte the server writes, until `done` holds. */
function rawGet(url: string, path: string, version: '1.0' | '1.1', done: (bytes: Buffer) => boolean): Promise<Buffer> & { socket: net.Socket } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const received = new Promise<Buffer>((resolve, reject) => {
    let bytes = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`timed out with:\n${bytes.toString()}`)); }, 5000);
    socket.on('data', (chunk) => {
      bytes = Buffer.concat([bytes, chunk]);
      if (done(bytes)) { clearTimeout(timer); resolve(bytes); }
    });
    socket.on('error', reject);
  });
  socket.write(`GET ${path} HTTP/${version}\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  return Object.assign(received, { socket });
}

/** Decodes an HTTP/1.1 chunked body exactly: every size line must match the bytes that follow it. */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.toString('latin1', at, lineEnd), 16);
    expect(Number.isNaN(size), `a chunk size line at byte ${at}`).toBe(false);
    const start = lineEnd + 2;
    if (start + size + 2 > body.length) break; // the rest is still on its way
    parts.push(body.subarray(start, start + size));
    expect(body.toString('latin1', start + size, start + size + 2), 'a chunk ends with CRLF').toBe('\r\n');
    at = start + size + 2;
  }
  return Buffer.concat(parts);
}

describe('event streams on the wire', () => {
  let server: RunningServer;
  let visitor: Agent;
  let page: string;
  beforeAll(async () => {
    server = await startServer();
    visitor = new Agent(overHttp(server.url));
    page = await visitor.join('Вера', 'Принтер горит');
  });
  afterAll(async () => { await server.stop(); });

  it('frames every write as an exact HTTP/1.1 chunk, counted in bytes, not characters', async () => {
    const text = 'Привет ✓ — ünïcödé';
    const stream = rawGet(server.url, `${page}/stream`, '1.1', (bytes) => {
      const split = bytes.indexOf('\r\n\r\n');
      return split > 0 && dechunk(bytes.subarray(split + 4)).toString('utf8').includes(text);
    });
    // The message goes once the stream is open (its opening frames are already on the wire).
    await new Promise((r) => setTimeout(r, 200));
    expect((await visitor.post(`${page}/messages`, { body: text }, { htmx: true })).status).toBe(204);
    const bytes = await stream;
    stream.socket.destroy();
    const split = bytes.indexOf('\r\n\r\n');
    expect(bytes.toString('latin1', 0, split)).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Transfer-Encoding: chunked/i);
    const body = dechunk(bytes.subarray(split + 4)).toString('utf8');
    expect(body.startsWith('retry: 1000\n\n')).toBe(true);
    expect(body).toContain(text);
  });

  it('sends an HTTP/1.0 client the frames unframed, ending with the connection', async () => {
    const stream = rawGet(server.url, `${page}/stream`, '1.0', (bytes) => bytes.includes('lineup:reset') || bytes.includes('\n\nid: '));
    const bytes = await stream;
    stream.socket.destroy();
    const split = bytes.indexOf('\r\n\r\n');
    expect(bytes.toString('latin1', 0, split)).not.toMatch(/Transfer-Encoding/i);
    expect(bytes.toString('utf8', split + 4).startsWith('retry: 1000\n\n')).toBe(true);
  });
});
