import http from 'node:http';
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
});
