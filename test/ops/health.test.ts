import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/lib/checkpointer.ts';
import { openDatabase } from '../../src/lib/db.ts';
import { queueMail } from '../../src/mail/outbox.ts';
import { makeTestApp, tempDir } from '../helpers/app.ts';

describe('/healthz', () => {
  let t: ReturnType<typeof makeTestApp> | undefined;
  afterEach(() => { t?.close(); t = undefined; });

  it('says ok while every part is well, and 503 naming the outbox once mail has waited over an hour', async () => {
    t = makeTestApp();
    const ok = await t.app.request('/healthz');
    expect([ok.status, await ok.text(), ok.headers.get('Cache-Control')]).toEqual([200, 'ok', 'no-store']);

    t.deps.db.transaction(() => queueMail(t!.deps.db, {
      kind: 'offline', ticketId: null, to: { address: 'team@example.com', name: '' }, subject: 'x', text: 'x', html: 'x', now: t!.clock.now(),
    }))();
    t.clock.advance(59 * 60_000);
    expect((await t.app.request('/healthz')).status).toBe(200);
    t.clock.advance(2 * 60_000);
    const stuck = await t.app.request('/healthz');
    expect(stuck.status).toBe(503);
    expect(await stuck.text()).toBe('mail outbox: the oldest mail has waited 61 minutes to go out');
  });

  it('names the database when it does not answer', async () => {
    t = makeTestApp();
    t.deps.db.close();
    const down = await t.app.request('/healthz');
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/^database: check failed \(.+\)/m);
  });

  it('hears of a checkpoint thread that stopped', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'x.sqlite'));
    const checkpointer = startCheckpointer(db, path.join(dir, 'missing', 'nowhere.sqlite'));
    const deadline = Date.now() + 5000;
    while (!checkpointer.problem() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checkpointer.problem()).toMatch(/stopped/);
    await checkpointer.close();
    db.close();
    const well = openDatabase(path.join(dir, 'y.sqlite'));
    const running = startCheckpointer(well, path.join(dir, 'y.sqlite'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(running.problem()).toBeNull();
    await running.close();
    expect(running.problem()).toBeNull();
    well.close();
  });
});
