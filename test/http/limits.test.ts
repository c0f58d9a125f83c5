import http from 'node:http';
import Database from 'better-sqlite3';
import { randomToken } from '../../src/lib/ids.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';

describe('request size over real HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startServer(); });
  afterAll(async () => { await server.stop(); });

  it('refuses an oversized body with 413 before it is sent', async () => {
    const url = new URL(`${server.url}/tickets`);
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(50 * 1024 * 1024) },
      }, (res) => { resolve(res.statusCode ?? 0); res.resume(); req.destroy(); });
      req.on('error', reject);
      req.flushHeaders(); // headers only: the 50 MiB never leave this process
    });
    expect(status).toBe(413);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  /** POSTs a form body as given; `chunked` leaves out Content-Length, so the size is only known while reading. */
  function post(path: string, body: string, chunked: boolean): Promise<{ status: number; location?: string }> {
    const csrf = randomToken();
    const url = new URL(`${server.url}${path}`);
    return new Promise((resolve, reject) => {
      const req = http.request({
        hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lineup_csrf=${csrf}`, 'X-CSRF-Token': csrf,
          ...(chunked ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }),
        },
      }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location })); });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: 413 }) : reject(error)));
      if (chunked) for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192));
      req.end(chunked ? undefined : body);
    });
  }
  const tickets = () => {
    const db = new Database(server.databasePath, { readonly: true });
    try { return db.prepare('SELECT visitor_name AS name, problem FROM tickets ORDER BY id').all(); } finally { db.close(); }
  };

  it('reads a form exactly, sent with a length or in chunks, and refuses one that grows past 64 KiB in chunks', async () => {
    const before = tickets().length;
    const form = (name: string, problem: string) => new URLSearchParams({ name, problem }).toString();
    expect((await post('/tickets', form('Vera Ø+1 & <b>', 'Line one\nline two: 100% "sure"'), false)).status).toBe(303);
    expect((await post('/tickets', form('Walt', 'Sent in pieces'), true)).status).toBe(303);
    // Repeated fields: the last one counts; list fields (name[]) are left out.
    expect((await post('/tickets', 'name=First&name=Yuki&name%5B%5D=List&problem=Twice', false)).status).toBe(303);
    expect((await post('/tickets', form('Xavier', 'x'.repeat(70 * 1024)), true)).status).toBe(413);
    expect(tickets().slice(before)).toEqual([
      { name: 'Vera Ø+1 & <b>', problem: 'Line one\nline two: 100% "sure"' },
      { name: 'Walt', problem: 'Sent in pieces' },
      { name: 'Yuki', problem: 'Twice' },
    ]);
  });
});
