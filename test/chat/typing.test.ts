import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TYPING_PASS_MS } from '../../src/chat/typing.ts';
import { makeTestApp } from '../helpers/app.ts';
import { readStream } from '../helpers/sse.ts';

describe('typing indicators', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  async function claimed(visitorName = 'Vera') {
    const ann = await t.supporter('Ann');
    const visitor = t.agent();
    const page = await visitor.join(visitorName, 'Help');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    return { ann, visitor, page };
  }

  it("shows the visitor typing on the holder's tab, as text", async () => {
    const { ann, visitor, page } = await claimed('<b>Vera</b>');
    const desk = await ann.agent.get('/desk/stream');
    expect((await visitor.post(`${page}/typing`, {}, { htmx: true })).status).toBe(204);
    const seen = await readStream(desk, 2000, 'is typing');
    expect(seen).toContain('hx-target="#typing-1" hx-swap="innerHTML"');
    expect(seen).toContain('&lt;b&gt;Vera&lt;/b&gt; is typing…');
    await desk.body!.cancel();
  });

  it("shows the supporter typing on the visitor's page, and passes reports on at most once a second", async () => {
    const { ann, visitor, page } = await claimed();
    const stream = await visitor.get(`${page}/stream`);
    for (let i = 0; i < 3; i++) expect((await ann.agent.post('/desk/tickets/1/typing', {}, { htmx: true })).status).toBe(204);
    const seen = await readStream(stream, 300);
    expect(seen.match(/Ann is typing…/g)).toHaveLength(1);
    t.clock.advance(TYPING_PASS_MS);
    await ann.agent.post('/desk/tickets/1/typing', {}, { htmx: true });
    expect(await readStream(stream, 2000, 'Ann is typing…')).toContain('hx-target="#typing"');
    await stream.body!.cancel();
  });

  it('clears the indicator when the message arrives', async () => {
    const { ann, visitor, page } = await claimed();
    const stream = await visitor.get(`${page}/stream`);
    await ann.agent.post('/desk/tickets/1/messages', { body: 'Here is the answer' }, { htmx: true });
    const seen = await readStream(stream, 2000, 'hx-target="#typing" hx-swap="innerHTML"></hx-partial>');
    expect(seen).toContain('Here is the answer');
    await stream.body!.cancel();
  });

  it('refuses typing reports for tickets that are not yours or do not exist, and forged forms', async () => {
    await claimed();
    const bob = await t.supporter('Bob');
    expect((await bob.agent.post('/desk/tickets/1/typing', {}, { htmx: true })).status).toBe(403);
    expect((await bob.agent.post('/desk/tickets/999/typing', {}, { htmx: true })).status).toBe(404);
    expect((await t.agent().post('/t/forged-token/typing', {}, { htmx: true })).status).toBe(404);
    expect((await bob.agent.post('/desk/tickets/1/typing', {}, { htmx: true, csrf: 'nope' })).status).toBe(403);
  });

  it('says nothing while the visitor is still waiting (nobody holds the ticket)', async () => {
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    expect((await visitor.post(`${page}/typing`, {}, { htmx: true })).status).toBe(204);
  });
});
