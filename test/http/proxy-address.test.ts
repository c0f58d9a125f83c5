import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';

// The client's address decides stream caps, rate limits and blocks. Behind a reverse proxy it is
// the proxy's unless Lineup is told to read X-Forwarded-For; without that it must ignore the
// header, or anyone could pick their own address.
describe('the client address behind a reverse proxy', () => {
  let server: RunningServer | undefined;
  afterEach(async () => { await server?.stop(); server = undefined; });

  const open = (forwardedFor: string) => fetch(`${server!.url}/stream/intake`, { headers: { 'X-Forwarded-For': forwardedFor } });
  async function openTwo(forwardedFor: string) {
    const held = [await open(forwardedFor), await open(forwardedFor)];
    expect(held.map((r) => r.status)).toEqual([200, 200]);
    return held;
  }
  const closeAll = (responses: Response[]) => Promise.all(responses.map((r) => r.body?.cancel()));

  it('takes the address the trusted proxy saw, not one the client wrote further left', async () => {
    server = await startServer({ env: { TRUSTED_PROXIES: '1', STREAMS_PER_ADDRESS: '2' } });
    const held = await openTwo('10.9.9.9, 198.51.100.1');
    // The same client pretending to be someone else in the part of the header it controls: still capped.
    const spoofed = await open('203.0.113.77, 198.51.100.1');
    expect(spoofed.status).toBe(429);
    // Another client behind the same proxy is someone else.
    const other = await open('198.51.100.2');
    expect(other.status).toBe(200);
    await closeAll([...held, spoofed, other]);
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    server = await startServer({ env: { STREAMS_PER_ADDRESS: '2' } });
    const held = await openTwo('198.51.100.1');
    const claimingAnother = await open('198.51.100.2');
    expect(claimingAnother.status).toBe(429);
    await closeAll([...held, claimingAnother]);
  });

  it('refuses a bad TRUSTED_PROXIES setting at start-up', async () => {
    await expect(startServer({ env: { TRUSTED_PROXIES: 'yes' } })).rejects.toThrow(/TRUSTED_PROXIES must be a whole number/);
  });
});
