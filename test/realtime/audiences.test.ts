import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestEventId } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';
import { readStream } from '../helpers/sse.ts';
import { shown } from '../helpers/texts.ts';

// A change to the line is rendered once per audience (language, and whether the desk watches the
// chats in progress) and shared by every desk in it; what is addressed to one supporter is not.
describe('desk audiences', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('gives each desk the line in its own language, the chats in progress to watchers only, and the tab to the holder only', async () => {
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    const ivan = await t.supporter('Ivan');
    ivan.agent.cookies.set('lineup_lang', 'ru');
    const ola = await t.supporter('Ola', 'admin');
    const after = latestEventId(t.deps.db);
    const open = (s: typeof ann) => s.agent.get(`/desk/stream?after=${after}`);
    const annDesk = await open(ann);
    const bobDesk = await open(bob);
    const ivanDesk = await open(ivan);
    const olaDesk = await open(ola);

    await t.agent().join('Vera', 'Help');
    for (const desk of [annDesk, bobDesk, olaDesk]) {
      const seen = await readStream(desk, 2000, 'id="line-1"');
      expect(seen).toContain(`>${shown('en', 'desk.line.claim')}</button>`);
    }
    const ivanLine = await readStream(ivanDesk, 2000, 'id="line-1"');
    expect(ivanLine).toContain(`>${shown('ru', 'desk.line.claim')}</button>`);
    expect(ivanLine).not.toContain(`>${shown('en', 'desk.line.claim')}</button>`);

    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    const annSeen = await readStream(annDesk, 2000, 'id="panel-1"');
    expect(annSeen).toContain('id="tab-1"');
    const bobSeen = await readStream(bobDesk, 2000, 'hx-target="#line-1" hx-swap="delete"');
    expect(bobSeen).toContain('hx-target="#line-1" hx-swap="delete"');
    const olaSeen = await readStream(olaDesk, 2000, 'hx-target="#chats"');
    expect(olaSeen).toContain('hx-target="#chats"');
    expect(olaSeen).toContain('hx-target="#line-1" hx-swap="delete"');
    // Nothing of Ann's tab, nor of the watchers' list, reaches Bob's desk.
    const bobRest = bobSeen + await readStream(bobDesk, 300);
    expect(bobRest).not.toContain('id="tab-1"');
    expect(bobRest).not.toContain('hx-target="#chats"');
    expect(await readStream(ivanDesk, 300)).not.toContain('hx-target="#chats"');
    expect(olaSeen + await readStream(olaDesk, 300)).not.toContain('id="tab-1"');
    for (const desk of [annDesk, bobDesk, ivanDesk, olaDesk]) await desk.body!.cancel();
  });
});
