import { Writable } from 'node:stream';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { requestLog } from './request-log.ts';

function capture() {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { lines, log: pino({ level: 'info' }, sink) };
}

describe('requestLog', () => {
  it('writes one line per request with a request id, the path without its secrets, the status and the time', async () => {
    const { lines, log } = capture();
    const app = new Hono<AppEnv>();
    app.use(requestLog(log));
    app.post('/t/:token/messages', (c) => c.text('ok'));
    app.get('/search', (c) => c.text('found', 404));
    const token = 'S3cr3t' + 'x'.repeat(37);
    const answer = await app.request(`/t/${token}/messages?lang=da`, { method: 'POST', body: 'body=a very private message', headers: { Cookie: 'lineup_session=topsecret' } });
    await app.request('/search?q=vera@example.com', { headers: { 'X-Request-Id': 'from-the-proxy-1' } });
    await app.request('/search', { headers: { 'X-Request-Id': 'not plain; <script>' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ msg: 'request', req: { method: 'POST', path: '/t/:token/messages' }, status: 200 });
    expect(lines[0]!.req.id).toMatch(/^[0-9a-f]{16}$/);
    expect(answer.headers.get('X-Request-Id')).toBe(lines[0]!.req.id);
    expect(typeof lines[0]!.ms).toBe('number');
    expect(lines[1]).toMatchObject({ req: { id: 'from-the-proxy-1', path: '/search' }, status: 404 });
    expect(lines[2]!.req.id).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[2]!.req.id).not.toBe(lines[0]!.req.id);
    const all = JSON.stringify(lines);
    for (const secret of [token, 'S3cr3t', 'private message', 'topsecret', 'vera@example.com', 'lang=da']) expect(all).not.toContain(secret);
  });
});
