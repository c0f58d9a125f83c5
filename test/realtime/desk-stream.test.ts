import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, overHttp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { SseClient } from '../helpers/sse.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('desk streams over real HTTP', () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer();
    for (const [name, role] of [['Ann', 'admin'], ['Bob', 'supporter']] as const) {
      await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'add-supporter', '--email', `${name.toLowerCase()}@example.com`,
        '--name', name, '--password', 'a long password', '--role', role], { cwd: root, env: { ...process.env, DATABASE_PATH: server.databasePath } });
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
    expect(desk).toContain('Not on the page');
    const cursor = desk.match(/after=(\d+)/)![1];
    const stream = await SseClient.open(`${server.url}/desk/stream?after=${cursor}`, { Cookie: cookieHeader(ann) });
    const visitorPage = await SseClient.open(`${server.url}${page}/stream?after=${cursor}`);
    await stream.waitFor(() => stream.frames.some((f) => f.data.includes('id="line-1"') && !f.data.includes('Not on the page')));
    visitorPage.close();
    await stream.waitFor(() => stream.frames.filter((f) => f.data.includes('id="line-1"')).at(-1)!.data.includes('Not on the page'), 10_000);
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
    await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'add-supporter', '--email', 'cy@example.com',
      '--name', 'Cy From Script', '--password', 'a long password', '--role', 'supporter'], { cwd: root, env: { ...process.env, DATABASE_PATH: server.databasePath } });
    await stream.waitFor(() => stream.data.includes('Cy From Script'), 5000);
    stream.close();
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
