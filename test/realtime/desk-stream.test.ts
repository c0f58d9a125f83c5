import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, overHttp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { SseClient } from '../helpers/sse.ts';
import { addSupporterByCli, runCli } from '../helpers/cli.ts';

describe('desk streams over real HTTP', () => {
  let server: RunningServer;
  beforeEach(async () => {
    // Fifty visitors from one address in a second: far more than one office, so the limit is lifted here.
    server = await startServer({ env: { LIMIT_TICKETS_PER_ADDRESS: '1000/1m' } });
    for (const [name, role] of [['Ann', 'admin'], ['Bob', 'supporter']] as const) {
      await addSupporterByCli(server.databasePath, { email: `${name.toLowerCase()}@example.com`, name, role, password: 'a long password' });
    }
  });
  afterEach(async () => { await server.stop(); });

  async function signIn(name: string) {
    const agent = new Agent(overHttp(server.url));
    const res = await agent.post('/login', { email: `${name.toLowerCase()}@example.com`, password: 'a long password' });
    expect(res.status).toBe(303);
    return agent;
  }
  const cookieHeader = (agent: Agent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  it('gives 50 contested tickets to exactly one of two racing supporters each, with no errors', async () => {
    const [ann, bob] = [await signIn('Ann'), await signIn('Bob')];
    for (let i = 0; i < 50; i++) await new Agent(overHttp(server.url)).join(`Visitor ${i}`, 'Please help');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => i + 1).flatMap((id) =>
      [ann, bob].map(async (agent) => ({ id, res: await agent.post(`/desk/tickets/${id}/claim`, {}, { htmx: true }) }))));
    for (let id = 1; id <= 50; id++) {
      const pair = results.filter((r) => r.id === id).map((r) => r.res.status).sort();
      expect(pair, `ticket ${id}`).toEqual([200, 409]);
    }
    const losers = await Promise.all(results.filter((r) => r.res.status === 409).map((r) => r.res.text()));
    for (const text of losers) expect(text).toMatch(/(Ann|Bob) claimed this ticket first\./);
    expect(server.output()).not.toMatch(/database is locked|SQLITE_BUSY|unexpected error/);
  });

  it("ends every stream of a session at once when it signs out, and only that session's; the tickets go back once the supporter has really gone", async () => {
    const [annHere, annThere, bob] = [await signIn('Ann'), await signIn('Ann'), await signIn('Bob')];
    const visitor = new Agent(overHttp(server.url));
    await visitor.join('Vera', 'Order problem');
    expect((await annHere.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    const cursor = (await (await annHere.get('/desk')).text()).match(/after=(\d+)/)![1];
    const open = (agent: Agent, path: string) => SseClient.open(`${server.url}${path}`, { Cookie: cookieHeader(agent) });
    const hereDesk = await open(annHere, `/desk/stream?after=${cursor}`);
    const hereStaff = await open(annHere, '/staff/stream');
    const thereDesk = await open(annThere, `/desk/stream?after=${cursor}`);
    expect([hereDesk.status, hereStaff.status, thereDesk.status]).toEqual([200, 200, 200]);
    let ended = false;
    void Promise.all([hereDesk.closed, hereStaff.closed]).then(() => { ended = true; });

    expect((await annHere.post('/logout')).status).toBe(303);
    const signedOutAt = Date.now();
    await Promise.all([hereDesk.closed, hereStaff.closed]);
    expect(Date.now() - signedOutAt).toBeLessThan(2000);
    expect(ended).toBe(true);
    // The other session goes on: it still gets the line, and Ann keeps her ticket.
    await new Agent(overHttp(server.url)).join('Walt', 'Second problem');
    await thereDesk.waitFor(() => thereDesk.data.includes('Walt'));
    expect(await (await annThere.get('/desk')).text()).toContain('id="panel-1"');
    // A stream asked for with the ended session is refused.
    expect((await open(annHere, '/desk/stream')).status).toBe(401);
    expect((await open(annHere, '/staff/stream')).status).toBe(401);

    // Signing out of the last session is leaving: the ticket is back in the line at once, not after the grace period.
    expect((await annThere.post('/logout')).status).toBe(303);
    await thereDesk.closed;
    const deadline = Date.now() + 3000;
    while (!(await (await bob.get('/desk')).text()).includes('id="line-1"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await (await bob.get('/desk')).text()).toContain('id="line-1"');
  });

  it("ends the streams of every other session at once when a password changes, and keeps the changing session's", async () => {
    const [annHere, annThere] = [await signIn('Ann'), await signIn('Ann')];
    const open = (agent: Agent, path: string) => SseClient.open(`${server.url}${path}`, { Cookie: cookieHeader(agent) });
    const [hereDesk, thereDesk, thereStaff] = [await open(annHere, '/desk/stream'), await open(annThere, '/desk/stream'), await open(annThere, '/staff/stream')];
    expect([hereDesk.status, thereDesk.status, thereStaff.status]).toEqual([200, 200, 200]);
    const changed = await annHere.post('/account/password', { current: 'a long password', password: 'another long password', confirm: 'another long password' });
    expect(changed.status).toBe(200);
    const changedAt = Date.now();
    await Promise.all([thereDesk.closed, thereStaff.closed]);
    expect(Date.now() - changedAt).toBeLessThan(2000);
    expect((await open(annThere, '/desk/stream')).status).toBe(401);
    // The session that changed it still hears the line.
    await new Agent(overHttp(server.url)).join('Walt', 'A problem');
    await hereDesk.waitFor(() => hereDesk.data.includes('Walt'));
  });

  it('keeps a supporter present, tickets held, while only another staff page is open', async () => {
    const [ann, bob] = [await signIn('Ann'), await signIn('Bob')];
    await new Agent(overHttp(server.url)).join('Vera', 'Order problem');
    expect((await ann.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    const desk = await SseClient.open(`${server.url}/desk/stream`, { Cookie: cookieHeader(ann) });
    const staff = await SseClient.open(`${server.url}/staff/stream`, { Cookie: cookieHeader(ann) });
    await new Promise((r) => setTimeout(r, 300));
    desk.close();
    // Well past the five seconds after which a closed desk used to give its tickets back.
    await new Promise((r) => setTimeout(r, 7000));
    const bobsDesk = await (await bob.get('/desk')).text();
    expect(bobsDesk).not.toContain('id="line-1"');
    expect(bobsDesk).toMatch(/id="member-1"[^>]*member--elsewhere/);
    expect(await (await ann.get('/desk')).text()).toContain('id="panel-1"');
    staff.close();
  });

  it('removes a claimed ticket from every desk and opens a tab only on the winner', async () => {
    const [ann, bob] = [await signIn('Ann'), await signIn('Bob')];
    const visitor = new Agent(overHttp(server.url));
    await visitor.join('Vera', 'Order problem');
    const cursor = (await (await ann.get('/desk')).text()).match(/after=(\d+)/)![1];
    const annStream = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(ann) });
    const bobStream = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(bob) });
    expect((await ann.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    await annStream.waitFor(() => annStream.data.includes('id="panel-1"'));
    await bobStream.waitFor(() => bobStream.data.includes('hx-target="#line-1" hx-swap="delete"'));
    expect(bobStream.data).not.toContain('id="panel-1"');
    expect(annStream.data).toContain('Order problem');
    annStream.close();
    bobStream.close();
  });

  it("shows on every desk whether a waiting visitor is on their page", async () => {
    const ann = await signIn('Ann');
    const visitor = new Agent(overHttp(server.url));
    const page = await visitor.join('Vera', 'Order problem');
    const desk = await (await ann.get('/desk')).text();
    expect(desk).toContain('left the page');
    const cursor = desk.match(/after=(\d+)/)![1];
    const stream = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(ann) });
    const visitorPage = await SseClient.open(`${server.url}${page}/stream?after=${cursor}`);
    await stream.waitFor(() => stream.frames.some((f) => f.data.includes('id="line-1"') && !f.data.includes('left the page')));
    visitorPage.close();
    await stream.waitFor(() => stream.frames.filter((f) => f.data.includes('id="line-1"')).at(-1)!.data.includes('left the page'), 10_000);
    stream.close();
  });

  it('sends a reset with the whole desk for a Last-Event-ID it cannot replay', async () => {
    const ann = await signIn('Ann');
    const visitor = new Agent(overHttp(server.url));
    await visitor.join('Vera', 'Order problem');
    await ann.post('/desk/tickets/1/claim', {}, { htmx: true });
    await new Agent(overHttp(server.url)).join('Walt', 'Login problem');
    const stream = await SseClient.open(`${server.url}/desk/stream`, { Cookie: cookieHeader(ann), 'Last-Event-ID': 'nonsense' });
    await stream.waitFor((frames) => frames.some((f) => f.event === 'lineup:reset') && stream.data.includes('#tab-panels'));
    expect(stream.data).toContain('Login problem'); // the line
    expect(stream.data).toContain('id="panel-1"'); // the tab, with its conversation
    expect(stream.data).toContain('Order problem');
    expect(stream.data).toContain('id="member-1"'); // the team
    stream.close();
  });

  it('delivers a message to every open page of the ticket, including a second tab of the visitor', async () => {
    const ann = await signIn('Ann');
    const visitor = new Agent(overHttp(server.url));
    const page = await visitor.join('Vera', 'Order problem');
    await ann.post('/desk/tickets/1/claim', {}, { htmx: true });
    const cursor = (await (await visitor.get(page)).text()).match(/after=(\d+)/)![1];
    const tabs = await Promise.all([1, 2].map(() => SseClient.open(`${server.url}${page}/stream?after=${cursor}`)));
    const desk = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(ann) });
    await ann.post('/desk/tickets/1/messages', { body: 'Hello from Ann' }, { htmx: true });
    for (const client of [...tabs, desk]) {
      await client.waitFor(() => client.data.includes('Hello from Ann'));
      expect(client.data.split('Hello from Ann').length - 1).toBe(1);
    }
    for (const client of [...tabs, desk]) client.close();
  });

  it('shows a supporter added from the command line on open desks within seconds', async () => {
    const ann = await signIn('Ann');
    const cursor = (await (await ann.get('/desk')).text()).match(/after=(\d+)/)![1];
    const stream = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(ann) });
    await addSupporterByCli(server.databasePath, { email: 'cy@example.com', name: 'Cy From Script', role: 'supporter', password: 'a long password' });
    await stream.waitFor(() => stream.data.includes('Cy From Script'), 5000);
    stream.close();
  });

  it('ends every stream of a supporter whose password is reset, or who is disabled, from the command line', async () => {
    const [ann, bob] = [await signIn('Ann'), await signIn('Bob')];
    const open = (agent: Agent) => SseClient.open(`${server.url}/desk/stream`, { Cookie: cookieHeader(agent) });
    const [annDesk, bobDesk] = [await open(ann), await open(bob)];
    const reset = await runCli(server.databasePath, ['reset-password', '--email', 'bob@example.com'], 'a brand new password\n');
    expect(reset.code).toBe(0);
    await bobDesk.closed;
    expect((await bob.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    expect((await new Agent(overHttp(server.url)).post('/login', { email: 'bob@example.com', password: 'a brand new password' })).status).toBe(303);
    expect((await runCli(server.databasePath, ['disable', '--email', 'ann@example.com'])).code).toBe(0);
    await annDesk.closed;
  });

  it("ends a disabled supporter's stream at once", async () => {
    const [ann, bob] = [await signIn('Ann'), await signIn('Bob')];
    const cursor = (await (await bob.get('/desk')).text()).match(/after=(\d+)/)![1];
    const bobStream = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(bob) });
    expect((await ann.post('/admin/supporters/2/disable')).status).toBe(200);
    await bobStream.closed;
    expect(bobStream.data).toContain('You have been signed out');
  });
});
